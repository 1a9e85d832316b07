// Helpers for the failure matrix (test/reliability): page-error watching,
// live-region reads, event recording, and the fault routes of the test backend.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PasskeyErrorCode } from '../../src/index.js';

/** The English message each error code shows (the visible text, and `detail.message`). */
export const MESSAGES: Record<PasskeyErrorCode, string> = {
  cancelled: 'The passkey request was cancelled or timed out. Try again when you’re ready.',
  'not-supported': 'This browser or device doesn’t support passkeys.',
  'insecure-context': 'Passkeys need a secure connection (https).',
  'invalid-domain': 'This passkey doesn’t belong to this website’s address.',
  'already-registered': 'This device already has a passkey for your account.',
  'unknown-credential': 'This passkey is no longer valid for this site. Try another passkey or sign in another way.',
  'invalid-options': 'The server sent a request this browser can’t use. Please try again later.',
  'verification-failed': 'Your passkey couldn’t be verified. Please try again.',
  unauthorized: 'Your session has expired. Please sign in again.',
  network: 'Can’t reach the server. Check your connection and try again.',
  server: 'Something went wrong on the server. Please try again.',
  'rate-limited': 'Too many attempts. Please wait a moment and try again.',
  aborted: 'The passkey request was stopped.',
  'username-taken': 'That username is taken. Choose another, or sign in.',
  'invalid-username': 'That username can’t be used. Use letters, numbers and simple punctuation, without spaces.',
  'reauthentication-required': 'Please confirm it’s you with your passkey to continue.',
  'last-passkey': 'This is your only passkey. Add another one before you remove it.',
  unknown: 'Something went wrong. Please try again.',
};

export const SIGNED_IN = 'You’re signed in.';
export const REGISTERED = 'Your passkey was created.';
export const PENDING_SIGN_IN = 'Waiting for your passkey…';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls an async condition (a server command, say) until it holds. */
export async function eventually(condition: () => Promise<boolean>, what: string, timeout = 5000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Records every uncaught exception and unhandled promise rejection on the
 * page (window `error` and `unhandledrejection`) from now until `stop()`.
 */
export function watchPage() {
  const problems: string[] = [];
  const onError = (event: ErrorEvent) => {
    const error = event.error as Error | undefined;
    problems.push(`uncaught exception: ${error?.stack ?? event.message}`);
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    const reason = event.reason as Error | undefined;
    problems.push(`unhandled rejection: ${reason?.stack ?? String(reason)}`);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    problems,
    /** Lets late rejections surface (they are reported a task later), then asserts none happened. */
    async expectClean(): Promise<void> {
      await sleep(50);
      expect(problems, 'uncaught exceptions / unhandled rejections on the page').to.deep.equal([]);
    },
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
export type PageWatch = ReturnType<typeof watchPage>;

/** A `watchPage()` for each test of the enclosing `describe`, stopped after it. */
export function usePageWatch(): Pick<PageWatch, 'problems' | 'expectClean'> {
  let current: PageWatch | undefined;
  beforeEach(() => {
    current = watchPage();
  });
  afterEach(() => {
    current?.stop();
    current = undefined;
  });
  return {
    get problems() {
      return current!.problems;
    },
    expectClean: () => current!.expectClean(),
  };
}

/** The text of the element's live region (`[role="status"]` in its shadow root). */
export function liveText(el: Element): string {
  const region = el.shadowRoot!.querySelector('[role="status"]');
  expect(region, `a live region in <${el.localName}>`).to.not.equal(null);
  return region!.textContent.trim().replace(/\s+/g, ' ');
}

/** Waits until the element's live region reads `text` (Lit renders a microtask after the state change). */
export async function expectAnnounced(el: Element, text: string, timeout = 2000): Promise<void> {
  const start = Date.now();
  while (liveText(el) !== text && Date.now() - start < timeout) await sleep(10);
  expect(liveText(el)).to.equal(text);
  const region = el.shadowRoot!.querySelector('[role="status"]')!;
  // A live region only announces if it is polite (or implicit from role=status).
  expect(region.getAttribute('aria-live') ?? 'polite').to.equal('polite');
}

/**
 * Every text the element's live region showed from now on (transient ones included), in order.
 */
export function recordAnnouncements(el: Element): string[] {
  const said: string[] = [];
  const note = () => {
    const region = el.shadowRoot?.querySelector('[role="status"]');
    const text = region?.textContent.trim().replace(/\s+/g, ' ') ?? '';
    if (text && said.at(-1) !== text) said.push(text);
  };
  new MutationObserver(note).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return said;
}

/** The challenge the page handed to `navigator.credentials` (base64url), from an `observe()` call. */
export function challengeOf(call: { publicKey?: { challenge: BufferSource } }): string {
  const buffer = call.publicKey!.challenge;
  const bytes =
    buffer instanceof ArrayBuffer
      ? new Uint8Array(buffer)
      : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
  at: number;
}

const PASSKEY_EVENTS = [
  'passkey-signed-in',
  'passkey-registered',
  'passkey-renamed',
  'passkey-deleted',
  'passkey-error',
] as const;

/** Records every passkey-* event the element dispatches (even after it left the page). */
export function recordEvents(el: EventTarget) {
  const events: RecordedEvent[] = [];
  for (const type of PASSKEY_EVENTS) {
    el.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail, at: Date.now() }));
  }
  return {
    events,
    codes: () =>
      events.filter((e) => e.type === 'passkey-error').map((e) => (e.detail as { code: PasskeyErrorCode }).code),
    types: () => events.map((e) => e.type),
    /** Resolves with the first event of `type` at or after index `from`. */
    async next(type: string, from = 0, timeout = 15_000): Promise<RecordedEvent> {
      const start = Date.now();
      for (;;) {
        const found = events.slice(from).find((e) => e.type === type);
        if (found) return found;
        if (Date.now() - start > timeout) {
          const got = events.map((e) =>
            e.type === 'passkey-error' ? `${e.type} ${JSON.stringify(e.detail)}` : e.type,
          );
          throw new Error(`Timed out waiting for ${type}; got ${JSON.stringify(got)}`);
        }
        await sleep(10);
      }
    },
  };
}

/** Requests the test backend's fault routes saw: `closed` tells that the client gave up. */
export const faultLog = (contains?: string) =>
  executeServerCommand<{ kind: string; path: string; closed: boolean; answered?: boolean }[], { contains?: string }>(
    'backend:fault-log',
    { contains },
  );

/** Whether the reference backend has an account for `username`. */
export const hasUser = (username: string) =>
  executeServerCommand<boolean, { username: string }>('backend:has-user', { username });

export interface OverrideBits {
  isBogusSignature?: boolean;
  isBadUV?: boolean;
  isBadUP?: boolean;
}
/** Makes the virtual authenticator tamper with its responses (DevTools `WebAuthn.setResponseOverrideBits`). */
export const overrideBits = (authenticatorId: string, bits: OverrideBits) =>
  executeServerCommand('authenticator:override-bits', {
    authenticatorId,
    isBogusSignature: false,
    isBadUV: false,
    isBadUP: false,
    ...bits,
  });

/**
 * Records the `fetch` calls the page makes (URL, method and signal), passing
 * them through unchanged.
 */
export function recordFetches() {
  const realFetch = window.fetch;
  /** `settled`: 'pending', 'ok', or the name of the error the fetch rejected with. */
  const requests: { url: string; method: string; signal?: AbortSignal; settled: string }[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const entry = {
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? 'GET',
      signal: init?.signal ?? undefined,
      settled: 'pending' as string,
    };
    requests.push(entry);
    const promise = realFetch(input, init);
    promise.then(
      () => (entry.settled = 'ok'),
      (e: Error) => (entry.settled = e.name),
    );
    return promise;
  };
  return {
    requests,
    restore() {
      window.fetch = realFetch;
    },
  };
}
