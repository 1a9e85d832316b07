import type {
  AuthenticationResponseJSON,
  Passkey,
  PasskeyAdapter,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  SignInResult,
} from '../adapters/types.js';
import { PasskeyError, toAdapterError } from './errors.js';
import { createCredential, getAssertion } from './webauthn.js';

/** Runs one adapter call, turning whatever it throws into a `PasskeyError`. */
export async function callAdapter<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await call();
  } catch (error) {
    throw toAdapterError(error, signal);
  }
  // An adapter that ignores its signal must not complete a ceremony nobody waits for.
  if (signal.aborted) throw new PasskeyError('aborted', 'The request was aborted.');
  return value;
}

export interface SignInOutcome {
  result: SignInResult;
  /** Kept inside the element (never in an event): tells a hybrid sign-in apart. */
  response: AuthenticationResponseJSON;
}

/**
 * Tells the user's password manager that a passkey the server no longer
 * knows should go, so it stops being offered (WebAuthn Signal API).
 */
export async function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  const api = globalThis.PublicKeyCredential as unknown as {
    signalUnknownCredential?: (o: { rpId: string; credentialId: string }) => Promise<void>;
  };
  if (typeof api?.signalUnknownCredential !== 'function') return;
  try {
    await api.signalUnknownCredential({ rpId, credentialId });
  } catch {
    // Best effort by design: the sign-in failure is what the user needs to see.
  }
}

export interface SignInInput {
  username?: string;
  /** Options fetched ahead of the click; fetched now when absent. */
  options?: PublicKeyCredentialRequestOptionsJSON;
  autofill?: boolean;
}

/** True when the server refused a challenge it no longer has (expired or already used). */
function challengeExpired(error: unknown): boolean {
  const cause =
    error instanceof PasskeyError ? (error.cause as { error?: { reason?: unknown } } | undefined) : undefined;
  return (
    error instanceof PasskeyError &&
    error.code === 'verification-failed' &&
    cause?.error?.reason === 'challenge-expired'
  );
}

export async function signInWithPasskey(
  adapter: PasskeyAdapter,
  input: SignInInput,
  signal: AbortSignal,
): Promise<SignInOutcome> {
  const ctx = { signal };
  const username = input.username?.trim() || undefined;
  const options =
    input.options ??
    (await callAdapter(signal, () => adapter.getAuthenticationOptions(username ? { username } : {}, ctx)));
  const response = await getAssertion(options, signal, input.autofill);
  try {
    const result = await callAdapter(signal, () => adapter.verifyAuthentication(response, ctx));
    return { result: result ?? {}, response };
  } catch (error) {
    if (error instanceof PasskeyError && error.code === 'unknown-credential') {
      await signalUnknownCredential(options.rpId ?? location.hostname, response.id);
    }
    // Options fetched ahead of time can outlive their challenge (a laptop asleep,
    // a server restart): retry once with fresh ones instead of showing an error.
    if (input.options && !input.autofill && challengeExpired(error)) {
      return signInWithPasskey(adapter, { username, autofill: false }, signal);
    }
    throw error;
  }
}

/** What the registration options request sends: the trimmed, non-empty names. */
export function registrationInput(input: { username?: string; displayName?: string }): {
  username?: string;
  displayName?: string;
} {
  const body: { username?: string; displayName?: string } = {};
  if (input.username?.trim()) body.username = input.username.trim();
  if (input.displayName?.trim()) body.displayName = input.displayName.trim();
  return body;
}

/**
 * Creates a passkey for the account. `conditional` asks the password manager
 * to create it silently (conditional create), with no dialog.
 */
export async function registerPasskey(
  adapter: PasskeyAdapter,
  input: { username?: string; displayName?: string; options?: PublicKeyCredentialCreationOptionsJSON | undefined },
  signal: AbortSignal,
  conditional = false,
): Promise<Passkey> {
  const ctx = { signal };
  const options =
    input.options ?? (await callAdapter(signal, () => adapter.getRegistrationOptions(registrationInput(input), ctx)));
  const response = await createCredential(options, signal, conditional);
  return callAdapter(signal, () => adapter.verifyRegistration(response, ctx));
}
