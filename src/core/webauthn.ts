import {
  WebAuthnAbortService,
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
} from '@simplewebauthn/browser';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { PasskeyError, toCeremonyError } from './errors.js';

/**
 * The browser allows one pending WebAuthn request per page, and
 * `@simplewebauthn/browser` aborts the previous one when a new one starts. This
 * token remembers whose request is pending, so an element that leaves the page
 * cancels only its own prompt, never another element's.
 */
let activeOwner: object | undefined;

/** Resolves once an autofill request cancelled too early has reached the browser (see runCeremony). */
let superseded: Promise<void> | undefined;

/** Cancels the autofill request that went out after it was cancelled, before a new request starts. */
async function settleSuperseded(): Promise<void> {
  const sent = superseded;
  if (!sent) return;
  await sent;
  WebAuthnAbortService.cancelCeremony();
  if (superseded === sent) superseded = undefined;
}

/** Why passkeys cannot work here, or `undefined` when they can. */
export function unsupportedReason(): PasskeyError | undefined {
  if (typeof window === 'undefined') return new PasskeyError('not-supported', 'Passkeys need a browser.');
  if (!window.isSecureContext) {
    return new PasskeyError('insecure-context', 'Passkeys need a secure (https) connection.');
  }
  if (!browserSupportsWebAuthn()) {
    return new PasskeyError('not-supported', 'This browser does not support passkeys.');
  }
  return undefined;
}

export function checkOptions(options: unknown, kind: 'request' | 'creation'): void {
  const o = options as Record<string, unknown> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    typeof o.challenge === 'string' &&
    o.challenge.length > 0 &&
    (kind === 'request' ||
      (typeof o.rp === 'object' &&
        o.rp !== null &&
        typeof o.user === 'object' &&
        o.user !== null &&
        typeof (o.user as { id?: unknown }).id === 'string' &&
        Array.isArray(o.pubKeyCredParams)));
  if (!ok) throw new PasskeyError('invalid-options', 'The server sent passkey options the browser cannot use.');
}

export async function runCeremony<T>(signal: AbortSignal, start: () => Promise<T>, autofill = false): Promise<T> {
  const unsupported = unsupportedReason();
  if (unsupported) throw unsupported;
  await settleSuperseded();
  if (signal.aborted) throw new PasskeyError('aborted', 'The passkey request was aborted.');
  const owner = {};
  // @simplewebauthn/browser asks whether autofill is available before it sends
  // an autofill request, and sending one cancels whatever request is pending. An
  // autofill request cancelled during that check still goes out afterwards and
  // would cancel the request that replaced it: the next request waits for it
  // to go out and cancels it first.
  let sent: Promise<void> | undefined;
  let isSent = !autofill;
  const cancel = () => {
    if (activeOwner !== owner) return;
    WebAuthnAbortService.cancelCeremony();
    if (!isSent) superseded = sent;
  };
  signal.addEventListener('abort', cancel, { once: true });
  activeOwner = owner;
  try {
    const running = start();
    if (autofill) {
      // Asked just after the library's own check, so answered just after it: by
      // then the library has sent its request.
      sent = browserSupportsWebAuthnAutofill().then(
        () => void (isSent = true),
        () => void (isSent = true),
      );
    }
    return await running;
  } catch (error) {
    throw toCeremonyError(error);
  } finally {
    signal.removeEventListener('abort', cancel);
    if (activeOwner === owner) activeOwner = undefined;
  }
}

/** Asks the browser for an assertion (the sign-in prompt, or autofill when `autofill`); never throws, rejects. */
export async function getAssertion(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  signal: AbortSignal,
  autofill = false,
): Promise<AuthenticationResponseJSON> {
  checkOptions(optionsJSON, 'request');
  return runCeremony(
    signal,
    () => startAuthentication({ optionsJSON, useBrowserAutofill: autofill, verifyBrowserAutofillInput: false }),
    autofill,
  );
}

/** Makes way for a request sent without the library: the pending one (autofill) is cancelled, as the library would. */
export async function clearPendingCeremony(): Promise<void> {
  await settleSuperseded();
  WebAuthnAbortService.cancelCeremony();
}

/** Cancels whatever WebAuthn request is pending on the page (autofill included). */
export function cancelPendingCeremony(): void {
  WebAuthnAbortService.cancelCeremony();
}
