export interface CurrentUserDetails {
  rpId: string;
  /** The user handle, base64url. */
  userId: string;
  name: string;
  displayName?: string;
}

/**
 * Tells the user's password manager the account's name and display name as
 * the site knows them today (WebAuthn Signal API). Best effort, never throws:
 * the method itself is looked for, since Safari's capability flags for
 * signals are not to be trusted.
 */
export async function signalCurrentUserDetails({ displayName = '', ...details }: CurrentUserDetails): Promise<void> {
  try {
    await (
      globalThis.PublicKeyCredential as unknown as {
        signalCurrentUserDetails?: (o: CurrentUserDetails) => Promise<void>;
      }
    )?.signalCurrentUserDetails?.({ ...details, displayName });
  } catch {
    // Nothing the user needs to hear about: the sign-in itself went well.
  }
}
