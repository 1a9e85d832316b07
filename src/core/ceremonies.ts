import type {
  AuthenticationResponseJSON,
  Passkey,
  PasskeyAdapter,
  PasskeyList,
  PublicKeyCredentialRequestOptionsJSON,
  SignInResult,
} from '../adapters/types.js';
import { PasskeyError, toAdapterError } from './errors.js';
import { normalizeList, normalizePasskey } from './passkey-data.js';
import { signalCurrentUserDetails, signalUnknownCredential } from './signals.js';
import { getAssertion } from './webauthn.js';

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

/** Failures of an options request, as opposed to the ceremony or its verification. */
const optionsFailures = new WeakSet<object>();

/** Whether a ceremony failed while fetching its options (nothing was shown or spent). */
export function failedAtOptions(error: unknown): boolean {
  return typeof error === 'object' && error !== null && optionsFailures.has(error);
}

/** `callAdapter` for an options request: a failure there is marked (see `failedAtOptions`). */
export async function fetchOptions<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  try {
    return await callAdapter(signal, call);
  } catch (error) {
    optionsFailures.add(error as object);
    throw error;
  }
}

export interface SignInOutcome {
  result: SignInResult;
  /** Kept inside the element (never in an event): tells a hybrid sign-in apart. */
  response: AuthenticationResponseJSON;
}

export interface SignInInput {
  username?: string;
  /** Options fetched ahead of the click; fetched now when absent. */
  options?: PublicKeyCredentialRequestOptionsJSON;
  autofill?: boolean;
  /** Asks for the signed-in user's passkeys only: a fresh check before a sensitive action. */
  reauthenticate?: boolean;
}

/** What an options request sends for `input`. */
export function optionsInput(input: SignInInput): { username?: string; reauthenticate?: boolean } {
  const username = input.username?.trim();
  return input.reauthenticate ? { reauthenticate: true } : username ? { username } : {};
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

/**
 * A sign-in from options to the server's verdict. `response` is given when the
 * browser already answered (a passkey picked from autofill): only the verify is left.
 */
export async function signInWithPasskey(
  adapter: PasskeyAdapter,
  input: SignInInput,
  signal: AbortSignal,
  response?: AuthenticationResponseJSON,
): Promise<SignInOutcome> {
  const ctx = { signal };
  const username = input.username?.trim() || undefined;
  const options =
    input.options ?? (await fetchOptions(signal, () => adapter.getAuthenticationOptions(optionsInput(input), ctx)));
  response ??= await getAssertion(options, signal, input.autofill);
  try {
    const result = (await callAdapter(signal, () => adapter.verifyAuthentication(response, ctx))) ?? {};
    const user = result.user;
    const userId = response.response.userHandle;
    // The password manager then shows the account as the site names it today.
    if (typeof user?.username === 'string' && user.username && userId) {
      void signalCurrentUserDetails({
        rpId: options.rpId ?? location.hostname,
        userId,
        name: user.username,
        displayName: typeof user.displayName === 'string' ? user.displayName : undefined,
      });
    }
    return { result, response };
  } catch (error) {
    if (error instanceof PasskeyError && error.code === 'unknown-credential') {
      await signalUnknownCredential(options.rpId ?? location.hostname, response.id);
    }
    // Options fetched ahead of time can outlive their challenge (a laptop asleep,
    // a server restart): retry once with fresh ones instead of showing an error.
    if (input.options && !input.autofill && challengeExpired(error)) {
      return signInWithPasskey(adapter, { username, autofill: false, reauthenticate: input.reauthenticate }, signal);
    }
    throw error;
  }
}

/** The user's passkeys from the adapter, every entry checked (see `normalizeList`). */
export async function listPasskeys(adapter: PasskeyAdapter, signal: AbortSignal): Promise<Passkey[] | PasskeyList> {
  if (!adapter.listPasskeys) throw new PasskeyError('invalid-options', 'The adapter cannot list passkeys.');
  const list = normalizeList(await callAdapter(signal, () => adapter.listPasskeys!({ signal })));
  if (!list) throw new PasskeyError('server', 'The server’s passkey list is not a list.');
  return list;
}

/** Renames a passkey; the reply's fields are checked, and what it lacks is taken from the new name. */
export async function renamePasskey(
  adapter: PasskeyAdapter,
  passkey: Passkey,
  name: string,
  signal: AbortSignal,
): Promise<Passkey> {
  const saved = await callAdapter(signal, () => adapter.renamePasskey!(passkey.id, name, { signal }));
  return normalizePasskey(saved, { ...passkey, name }) ?? { ...passkey, name };
}
