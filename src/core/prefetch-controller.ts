import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PublicKeyCredentialRequestOptionsJSON } from '../adapters/types.js';
import type { PasskeyError } from './errors.js';

interface Entry<Options> {
  /** What the options were asked for (a username, say): two requests for one key share them. */
  key: string;
  options?: Options;
  promise: Promise<Options | undefined>;
  controller: AbortController;
  expiresAt: number;
}

// Without a server `timeout` the challenge is assumed to live five minutes.
const DEFAULT_LIFETIME = 5 * 60_000;
const MIN_LIFETIME = 15_000;

/**
 * Keeps ceremony options ready before the user clicks, so the click reaches
 * the browser prompt with no network request in between (Safari only shows
 * the prompt inside the click's user activation). Options are cached under a
 * key saying what they were asked for (a username, say), refreshed before
 * their challenge expires and dropped once a ceremony used them.
 */
export class PrefetchController<
  Options extends { timeout?: number } = PublicKeyCredentialRequestOptionsJSON,
> implements ReactiveController {
  private entry: Entry<Options> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** No prefetch before this time (after a failure). */
  private pausedUntil = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly load: (key: string, signal: AbortSignal) => Promise<Options>,
    private readonly settings: {
      /** Called with each fresh set of options (to restart autofill with them). */
      onFresh?: (options: Options) => void;
      /** Fetch new options before these expire (the default); otherwise they just lapse. */
      keepFresh?: boolean;
    } = {},
  ) {
    host.addController(this);
  }

  /** Starts fetching options for `key` unless fresh ones are there or on their way. */
  prefetch(key = ''): void {
    // A server that just failed is not asked again by a hover or a timer.
    if (Date.now() < this.pausedUntil) return;
    const current = this.entry;
    if (current && current.key === key && Date.now() < current.expiresAt) return;
    this.clear();
    const controller = new AbortController();
    const entry: Entry<Options> = { key, controller, expiresAt: Infinity, promise: Promise.resolve(undefined) };
    entry.promise = this.load(key, controller.signal).then(
      (options) => {
        if (this.entry !== entry) return undefined;
        const lifetime = Math.max(MIN_LIFETIME, Math.min(options.timeout ?? DEFAULT_LIFETIME, DEFAULT_LIFETIME));
        // Refresh at 80% of the lifetime so a click never meets an expired challenge.
        entry.options = options;
        entry.expiresAt = Date.now() + lifetime * 0.8;
        if (this.settings.keepFresh !== false) this.timer = setTimeout(() => this.refresh(), lifetime * 0.8);
        this.settings.onFresh?.(options);
        return options;
      },
      (error: unknown) => {
        // A failed prefetch is silent: the click fetches again and reports that failure.
        if (this.entry === entry) {
          this.entry = undefined;
          this.pause(error);
        }
        return undefined;
      },
    );
    this.entry = entry;
  }

  /** Fresh options for `key`, if they are already here. */
  ready(key = ''): Options | undefined {
    const entry = this.entry;
    return entry?.key === key && entry.options && Date.now() < entry.expiresAt ? entry.options : undefined;
  }

  /** Options for `key` that are here or on their way (undefined when a prefetch fails). */
  coming(key = ''): Options | Promise<Options | undefined> | undefined {
    const entry = this.entry;
    if (entry?.key !== key || Date.now() >= entry.expiresAt) return undefined;
    return entry.options ?? entry.promise;
  }

  /** Forgets the options (their challenge was used) and fetches new ones. */
  renew(key = ''): void {
    this.clear();
    this.prefetch(key);
  }

  private refresh(): void {
    const key = this.entry?.key ?? '';
    this.clear();
    // A hidden page refreshes when it is shown again instead of polling the server.
    if (document.visibilityState === 'hidden') {
      this.whenShown = () => this.prefetch(key);
      document.addEventListener('visibilitychange', this.whenShown, { once: true });
      return;
    }
    this.prefetch(key);
  }

  /** The refresh waiting for a hidden page to be shown (dropped by `clear()`). */
  private whenShown: (() => void) | undefined;

  /**
   * The server failed to give options: fetch none ahead for the `Retry-After`
   * it asked for, else for 30 s or until the user acts (`resume()`).
   */
  pause(error: unknown): void {
    // Every failure here is a `PasskeyError` (the adapter's calls are wrapped).
    const wait = (error as PasskeyError | undefined)?.retryAfter;
    this.retryAfter = Boolean(wait);
    this.pausedUntil = Date.now() + (wait ?? 30) * 1000;
  }

  /** The user acted (their own attempt got options, they typed): prefetching may go on, unless a `Retry-After` holds. */
  resume(): void {
    if (!this.retryAfter) this.pausedUntil = 0;
  }

  /** Whether the pause is the server's own `Retry-After`, which no user action lifts. */
  private retryAfter = false;

  /** Forgets everything, pause included: for a new adapter. */
  reset(): void {
    this.clear();
    this.pausedUntil = 0;
  }

  clear(): void {
    clearTimeout(this.timer);
    if (this.whenShown) document.removeEventListener('visibilitychange', this.whenShown);
    this.whenShown = undefined;
    this.entry?.controller.abort();
    this.entry = undefined;
  }

  hostDisconnected(): void {
    this.clear();
  }
}
