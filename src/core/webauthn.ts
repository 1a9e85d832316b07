import {
  WebAuthnAbortService,
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { PasskeyError, toCeremonyError } from './errors.js';

/**
 * The browser allows one pending WebAuthn request per page, and
 * `@simplewebauthn/browser` aborts the previous one when a new one starts. This
 * token remembers whose request is pending, so an element that leaves the page
 * cancels only its own prompt, never another element's.
 */
let activeOwner: object | undefined;

/** An autofill request cancelled before it may have reached the browser (see settleSuperseded). */
let superseded: Promise<unknown> | undefined;

/**
 * `@simplewebauthn/browser` asks the browser whether autofill is available
 * before it sends an autofill request, and sending one cancels whatever
 * request is pending. An autofill request cancelled during that check is
 * still sent afterwards, and would cancel the request that replaced it. So a
 * new request first lets that check finish (the browser answers the probes in
 * order), cancels what it sent, and waits until it has ended.
 */
async function settleSuperseded(): Promise<void> {
  const old = superseded;
  if (!old) return;
  await browserSupportsWebAuthnAutofill().catch(() => false);
  WebAuthnAbortService.cancelCeremony();
  await Promise.race([old.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000))]);
  if (superseded === old) superseded = undefined;
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

function checkOptions(options: unknown, kind: 'request' | 'creation'): void {
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

async function runCeremony<T>(signal: AbortSignal, start: () => Promise<T>, autofill = false): Promise<T> {
  const unsupported = unsupportedReason();
  if (unsupported) throw unsupported;
  await settleSuperseded();
  if (signal.aborted) throw new PasskeyError('aborted', 'The passkey request was aborted.');
  const owner = {};
  let running: Promise<T> | undefined;
  const cancel = () => {
    if (activeOwner !== owner) return;
    WebAuthnAbortService.cancelCeremony();
    if (autofill) superseded = running;
  };
  signal.addEventListener('abort', cancel, { once: true });
  activeOwner = owner;
  try {
    running = start();
    return await running;
  } catch (error) {
    throw toCeremonyError(error);
  } finally {
    signal.removeEventListener('abort', cancel);
    if (activeOwner === owner) activeOwner = undefined;
    if (superseded === running) superseded = undefined;
  }
}

/** Asks the browser for an assertion (the sign-in prompt, or autofill when `autofill`). */
export function getAssertion(
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

/** Asks the browser to create a passkey (silently when `conditional` and allowed). */
export function createCredential(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
  signal: AbortSignal,
  conditional = false,
): Promise<RegistrationResponseJSON> {
  checkOptions(optionsJSON, 'creation');
  return runCeremony(signal, () => startRegistration({ optionsJSON, useAutoRegister: conditional }));
}

/** Cancels whatever WebAuthn request is pending on the page (autofill included). */
export function cancelPendingCeremony(): void {
  WebAuthnAbortService.cancelCeremony();
}
