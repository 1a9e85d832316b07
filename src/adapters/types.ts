import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
};

/** Handed to every adapter call; abort it and the call should stop. */
export interface AdapterContext {
  signal: AbortSignal;
}

/** A passkey as the server stores it. Dates are ISO 8601 strings. */
export interface Passkey {
  /** The server's record id (used in rename and delete). */
  id: string;
  name: string;
  createdAt: string;
  /** WebAuthn credential id, base64url. */
  credentialId?: string;
  lastUsedAt?: string;
  aaguid?: string;
  backedUp?: boolean;
  deviceType?: 'singleDevice' | 'multiDevice';
  transports?: string[];
}

/**
 * The complete list plus what the Signal API needs. With it (and a
 * `credentialId` on every passkey) the profile calls
 * `PublicKeyCredential.signalAllAcceptedCredentials`.
 */
export interface PasskeyList {
  passkeys: Passkey[];
  rpId: string;
  /** The WebAuthn user handle, base64url. */
  userHandle: string;
  /** The account's names as the site knows them today: with it the profile calls `signalCurrentUserDetails`. */
  user?: { name: string; displayName?: string };
}

export interface PasskeyUser {
  id: string;
  username?: string;
  displayName?: string;
  [key: string]: unknown;
}

export interface SignInResult {
  user?: PasskeyUser;
  /** Where to go after signing in; followed only when same-origin. */
  redirectTo?: string;
  [key: string]: unknown;
}

/**
 * How the elements talk to a backend. Throw a `PasskeyError` to report a
 * specific failure; anything else thrown is reported as `server` (or
 * `network` for a failed fetch). Leave out an optional method to hide the
 * matching UI.
 */
export interface PasskeyAdapter {
  getAuthenticationOptions(
    /** `reauthenticate`: options for the signed-in user's passkeys, to make the session fresh. */
    input: { username?: string; reauthenticate?: boolean },
    ctx: AdapterContext,
  ): Promise<PublicKeyCredentialRequestOptionsJSON>;
  verifyAuthentication(response: AuthenticationResponseJSON, ctx: AdapterContext): Promise<SignInResult>;
  getRegistrationOptions(
    input: { username?: string; displayName?: string },
    ctx: AdapterContext,
  ): Promise<PublicKeyCredentialCreationOptionsJSON>;
  verifyRegistration(response: RegistrationResponseJSON, ctx: AdapterContext): Promise<Passkey>;
  listPasskeys?(ctx: AdapterContext): Promise<Passkey[] | PasskeyList>;
  renamePasskey?(id: string, name: string, ctx: AdapterContext): Promise<Passkey>;
  deletePasskey?(id: string, ctx: AdapterContext): Promise<void>;
}
