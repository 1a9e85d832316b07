import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { PasskeyError, toCeremonyError } from './errors.js';
import type { PasskeyAdapter } from '../adapters/types.js';
import { fetchOptions, optionsInput, signInWithPasskey, type SignInInput, type SignInOutcome } from './ceremonies.js';
import { clearPendingCeremony } from './webauthn.js';

type Static = {
  getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
  parseRequestOptionsFromJSON: (options: PublicKeyCredentialRequestOptionsJSON) => PublicKeyCredentialRequestOptions;
};
const pkc = () => globalThis.PublicKeyCredential as unknown as Static | undefined;

/**
 * When the last immediate requests of the page went out. Chrome refuses a
 * third one within 5 s, and that refusal would read as "no passkey here":
 * the third is not sent (`'skipped'`), and the caller asks the usual way.
 */
const sent = [0, 0];

/** A refusal later than this came from a person closing the account chooser, not from an empty device. */
const DISMISSED_AFTER_MS = 1000;

/**
 * Asks for a passkey on this device only (WebAuthn immediate UI mode, which
 * @simplewebauthn/browser has no option for). Resolves `undefined` when there
 * is none, `'skipped'` when it was not asked (see `sent`); rejects with a `PasskeyError`.
 */
export async function getAssertionImmediately(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  signal: AbortSignal,
): Promise<AuthenticationResponseJSON | 'skipped' | undefined> {
  await clearPendingCeremony();
  if (signal.aborted) throw new PasskeyError('aborted', 'The passkey request was aborted.');
  const now = Date.now();
  if (now - sent[0] < 5000) return 'skipped';
  sent.shift();
  sent.push(now);
  try {
    const credential = (await navigator.credentials.get({
      publicKey: pkc()!.parseRequestOptionsFromJSON(optionsJSON),
      uiMode: 'immediate',
      signal,
    } as CredentialRequestOptions)) as PublicKeyCredential | null;
    return (credential?.toJSON() as AuthenticationResponseJSON | undefined) ?? undefined;
  } catch (error) {
    // No passkey on this device, and the browser's own rate limit, both come as NotAllowedError,
    // at once. So does the account chooser dismissed by the user, which takes a person's time.
    if ((error as Error).name === 'NotAllowedError' && !signal.aborted) {
      if (Date.now() - now < DISMISSED_AFTER_MS) return undefined;
      throw new PasskeyError('cancelled', 'The passkey request was cancelled.', { cause: error });
    }
    throw signal.aborted
      ? new PasskeyError('aborted', 'The passkey request was aborted.', { cause: error })
      : toCeremonyError(error);
  }
}

/**
 * A sign-in that asks this device first. Resolves `undefined` when the device
 * holds no passkey for the site: the card then says so and offers the usual
 * prompt (a phone's QR code, a security key) instead of opening it unasked.
 */
export async function signInHere(
  adapter: PasskeyAdapter,
  input: SignInInput,
  signal: AbortSignal,
): Promise<SignInOutcome | undefined> {
  const options =
    input.options ??
    (await fetchOptions(signal, () => adapter.getAuthenticationOptions(optionsInput(input), { signal })));
  const response = await getAssertionImmediately(options, signal);
  if (!response) return undefined;
  return signInWithPasskey(adapter, { ...input, options }, signal, response === 'skipped' ? undefined : response);
}
