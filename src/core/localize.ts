import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Messages } from '../locales/en.js';

/** Any subset of the messages, nested `errors` included. */
export type MessageOverrides = Partial<Omit<Messages, 'errors'>> & { errors?: Partial<Messages['errors']> };

const locales = new Map<string, Messages>([['en', en]]);
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** Adds (or replaces) a locale for every element on the page. */
export function registerLocale(lang: string, messages: Messages): void {
  locales.set(lang.toLowerCase(), messages);
}

function lookup(lang: string): Messages {
  const tag = lang.toLowerCase();
  return locales.get(tag) ?? locales.get(tag.split('-')[0]) ?? en;
}

type Host = ReactiveControllerHost & HTMLElement & { strings?: MessageOverrides };

/**
 * Picks the host's messages: the `strings` override, then the locale of the
 * nearest `lang` (the element's own or an ancestor's), then English.
 */
export class LocalizeController implements ReactiveController {
  private observer: MutationObserver | undefined;

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
    const owner = this.host.closest('[lang]');
    return owner?.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en';
  }

  get dir(): 'ltr' | 'rtl' {
    const owner = this.host.closest('[dir]');
    const dir = owner?.getAttribute('dir');
    if (dir === 'rtl' || dir === 'ltr') return dir;
    return RTL.has(this.lang.toLowerCase().split('-')[0]) ? 'rtl' : 'ltr';
  }

  term<K extends Exclude<keyof Messages, 'errors'>>(key: K): Messages[K] {
    return (this.host.strings?.[key] as Messages[K] | undefined) ?? lookup(this.lang)[key];
  }

  error(code: keyof Messages['errors']): string {
    return this.host.strings?.errors?.[code] ?? lookup(this.lang).errors[code];
  }
}
