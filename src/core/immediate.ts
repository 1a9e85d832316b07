import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { PasskeyError, toCeremonyError } from './errors.js';
import { clearPendingCeremony } from './webauthn.js';

type Static = {
  getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
  parseRequestOptionsFromJSON: (options: PublicKeyCredentialRequestOptionsJSON) => PublicKeyCredentialRequestOptions;
};
const pkc = () => globalThis.PublicKeyCredential as unknown as Static | undefined;

/** Whether the browser can ask for a passkey on this device only, answering at once when there is none. Never throws. */
export async function immediateAvailable(): Promise<boolean> {
  try {
    return !!(await pkc()?.getClientCapabilities?.())?.immediateGet;
  } catch {
    return false;
  }
}

/**
 * When the last immediate requests of the page went out. Chrome refuses a
 * third one within 5 s; that refusal would read as "no passkey here", so the
 * third is answered so without asking.
 */
const sent = [0, 0];

/**
 * Asks for a passkey on this device only (WebAuthn immediate UI mode, which
 * @simplewebauthn/browser has no option for). Resolves `undefined` when there
 * is none, or the browser would not ask now; rejects with a `PasskeyError`.
 */
export async function getAssertionImmediately(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  signal: AbortSignal,
): Promise<AuthenticationResponseJSON | undefined> {
  await clearPendingCeremony();
  if (signal.aborted) throw new PasskeyError('aborted', 'The passkey request was aborted.');
  const now = Date.now();
  if (now - sent[0] < 5000) return undefined;
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
    // No passkey on this device, and the browser's own rate limit, both come as NotAllowedError.
    if ((error as Error).name === 'NotAllowedError' && !signal.aborted) return undefined;
    throw signal.aborted
      ? new PasskeyError('aborted', 'The passkey request was aborted.', { cause: error })
      : toCeremonyError(error);
  }
}
