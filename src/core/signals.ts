import type { PasskeyList } from '../adapters/types.js';

// The WebAuthn Signal API keeps the user's password manager in step with the
// server. Every call is best effort and never throws: what the user needs to
// see is the sign-in or the list, not a signal's fate. The methods themselves
// are looked for, since Safari's capability flags for signals are not to be trusted.

type Signal = 'signalUnknownCredential' | 'signalAllAcceptedCredentials' | 'signalCurrentUserDetails';

async function send(method: Signal, options: object): Promise<void> {
  try {
    await (globalThis.PublicKeyCredential as unknown as Record<Signal, ((o: object) => Promise<void>) | undefined>)?.[
      method
    ]?.(options);
  } catch {
    // Refused or unsupported: nothing changes on the device, which is harmless.
  }
}

export interface CurrentUserDetails {
  rpId: string;
  /** The user handle, base64url. */
  userId: string;
  name: string;
  displayName?: string | undefined;
}

/** Tells the password manager the account's name and display name as the site knows them today. */
export function signalCurrentUserDetails({ displayName = '', ...details }: CurrentUserDetails): Promise<void> {
  return send('signalCurrentUserDetails', { ...details, displayName });
}

/** Tells the password manager that a passkey the server no longer knows should go, so it stops being offered. */
export function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  return send('signalUnknownCredential', { rpId, credentialId });
}

/**
 * Whether the password manager can be told which of the list's passkeys the
 * server still accepts: the browser has the signal, and the list has what it needs.
 */
export function canSignalList(list: PasskeyList | undefined): list is PasskeyList {
  return (
    typeof (globalThis.PublicKeyCredential as unknown as Record<Signal, unknown> | undefined)
      ?.signalAllAcceptedCredentials === 'function' &&
    !!list?.rpId &&
    !!list.userHandle &&
    list.passkeys.every((p) => !!p.credentialId)
  );
}

/**
 * After a complete list loads, or a passkey was deleted from it: which
 * passkeys the server still accepts (so deleted ones disappear from the
 * password manager too), and the account's names when the list carries them.
 */
export async function signalList(list: PasskeyList): Promise<void> {
  const { rpId, userHandle: userId, passkeys, user } = list;
  if (canSignalList(list)) {
    await send('signalAllAcceptedCredentials', {
      rpId,
      userId,
      allAcceptedCredentialIds: passkeys.map((p) => p.credentialId),
    });
  }
  if (user && rpId && userId) await signalCurrentUserDetails({ rpId, userId, ...user });
}
