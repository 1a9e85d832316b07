import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Messages } from '../locales/en.js';

/** A message as a string, or as a function (of the value it shows, for messages that take one); a list as a list. */
type Override<T> = T extends readonly string[]
  ? T | (() => T)
  : T extends (...args: infer A) => string
    ? string | ((...args: A) => string)
    : string | (() => string);

/** Any subset of the messages, nested `errors` included; each a string or a function. */
export type MessageOverrides = { [K in Exclude<keyof Messages, 'errors'>]?: Override<Messages[K]> } & {
  errors?: { [C in keyof Messages['errors']]?: string | (() => string) };
};

/**
 * An override in the built-in message's shape: a string where one is shown,
 * a function where one is called, a list of strings for a list. An override
 * that throws or gives something else falls back to the built-in message, so
 * no override can break a flow.
 */
function adapt<T>(own: unknown, builtIn: T): T {
  const fits = (value: unknown) =>
    Array.isArray(builtIn)
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : typeof value === 'string';
  const text = (...args: unknown[]) => {
    let value = own;
    try {
      if (typeof own === 'function') value = (own as (...a: unknown[]) => unknown)(...args);
    } catch {
      value = undefined;
    }
    return fits(value)
      ? value
      : typeof builtIn === 'function'
        ? (builtIn as (...a: unknown[]) => unknown)(...args)
        : builtIn;
  };
  return (typeof builtIn === 'function' ? text : text()) as T;
}

/**
 * The built-in translations, by lower-case language tag. Each one is a
 * separate module loaded on first use, so a page only downloads the languages
 * it shows; the table of their modules comes with the first one (a page in
 * English never needs it).
 */
const BUILT_IN = new Set(['de', 'fr', 'es', 'pt-br', 'ja', 'zh-cn', 'ko', 'ar', 'he', 'it', 'nl', 'pl']);

/** Bare languages served by a regional built-in translation. */
const aliases: Record<string, string> = { pt: 'pt-br', zh: 'zh-cn' };

/** Locales added with `registerLocale`: they win over the built-in ones. */
const registered = new Map<string, Messages>([['en', en]]);
/**
 * Built-in locales by loader key: the messages once they have arrived, the one
 * load on its way (shared by every element on the page), or null when its
 * module failed to load (English until `loadLocale` retries).
 */
const builtIn = new Map<string, Messages | Promise<Messages> | null>();

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** Adds (or replaces) a locale for every element on the page. */
export function registerLocale(lang: string, messages: Messages): void {
  registered.set(lang.toLowerCase(), messages);
}

/** The tags to try for a language, most specific first: `de-at`, then `de`. */
function candidates(lang: string): string[] {
  const tag = lang.toLowerCase();
  const base = tag.split('-')[0];
  return base === tag ? [tag] : [tag, base];
}

/** The built-in translation serving a tag, if any. */
function loaderKey(tag: string): string | undefined {
  const key = aliases[tag] ?? tag;
  return BUILT_IN.has(key) ? key : undefined;
}

function load(key: string): Promise<Messages> {
  const promise = import('../locales/loaders.js')
    .then(({ loaders }) => loaders[key]())
    .then(
      (messages) => {
        builtIn.set(key, messages);
        return messages;
      },
      (error: unknown) => {
        builtIn.set(key, null);
        throw error;
      },
    );
  builtIn.set(key, promise);
  return promise;
}

/**
 * The messages for a language: a registered locale, then a built-in one, for
 * the exact tag and then its base language. A built-in locale that is not
 * loaded yet is returned as a promise instead.
 */
function resolve(lang: string): Messages | Promise<Messages> {
  for (const tag of candidates(lang)) {
    const own = registered.get(tag);
    if (own) return own;
    const key = loaderKey(tag);
    const found = key && builtIn.get(key);
    if (key && found !== null) return found || load(key);
  }
  return en;
}

/**
 * Loads the built-in translation for a language ahead of time, so elements
 * show it on their first render. Resolves at once for English, registered
 * and unknown languages; rejects if the translation's module fails to load.
 */
export async function loadLocale(lang: string): Promise<void> {
  for (const tag of candidates(lang)) {
    if (registered.has(tag)) return;
    const key = loaderKey(tag);
    if (key === undefined) continue;
    const found = builtIn.get(key);
    if (!found || found instanceof Promise) await (found || load(key));
    return;
  }
}

/**
 * An attribute of `node` or its nearest ancestor, across shadow roots: an element inside another's
 * shadow DOM (the profile's add button) speaks its host's language.
 */
function inherited(node: Element | undefined, name: string): string | null | undefined {
  for (; node; node = (node.getRootNode() as ShadowRoot).host) {
    const owner = node.closest(`[${name}]`);
    if (owner) return owner.getAttribute(name);
  }
}

type Host = ReactiveControllerHost & HTMLElement & { strings?: MessageOverrides };

/**
 * Picks the host's messages: the `strings` override, then the locale of the
 * nearest `lang` (the element's own or an ancestor's), then English. A
 * built-in locale loads on first use; the host shows English meanwhile and
 * re-renders when it arrives.
 */
export class LocalizeController implements ReactiveController {
  private observer: MutationObserver | undefined;
  /** Loads this host already waits for, so each one schedules one update. */
  private readonly waiting = new Set<Promise<Messages>>();

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    // Re-render when the page switches language (a common SPA pattern).
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  get lang(): string {
    // The walk ends at <html>, so the page's own `lang` is in it.
    return inherited(this.host, 'lang') || navigator.language || 'en';
  }

  get dir(): 'ltr' | 'rtl' {
    const dir = inherited(this.host, 'dir');
    if (dir === 'rtl' || dir === 'ltr') return dir;
    return RTL.has(this.lang.toLowerCase().split('-')[0]) ? 'rtl' : 'ltr';
  }

  // `strings` of any type reads safely: a string or a number has no property
  // named like a message, and `adapt` ignores whatever is not a string or a function.
  term<K extends Exclude<keyof Messages, 'errors'>>(key: K): Messages[K] {
    return adapt(this.host.strings?.[key], this.messages()[key]);
  }

  error(code: keyof Messages['errors']): string {
    return adapt(this.host.strings?.errors?.[code], this.messages().errors[code]);
  }

  private messages(): Messages {
    const promise = resolve(this.lang);
    if (!(promise instanceof Promise)) return promise;
    if (!this.waiting.has(promise)) {
      this.waiting.add(promise);
      const done = () => {
        this.waiting.delete(promise);
        this.host.requestUpdate();
      };
      // A failed load leaves English in place; the update shows nothing new
      // but keeps the host consistent with `failed`.
      promise.then(done, done);
    }
    return en;
  }
}
