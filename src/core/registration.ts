import { startRegistration } from '@simplewebauthn/browser';
import type {
  Passkey,
  PasskeyAdapter,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '../adapters/types.js';
import { PasskeyError } from './errors.js';
import { callAdapter, fetchOptions } from './ceremonies.js';
import { normalizePasskey } from './passkey-data.js';
import { checkOptions, runCeremony } from './webauthn.js';

// Creating passkeys, apart from signing in (flows.ts, webauthn.ts): a page
// that only signs in leaves this module, and the library's registration code,
// out of its bundle (the sign-in card loads it only for its sign-up form).

/** A WebAuthn hint: where the user means to keep the passkey (`security-key`: straight to its prompt). */
export type PasskeyHint = 'security-key' | 'client-device' | 'hybrid';

/**
 * Asks the browser to create a passkey (silently when `conditional` and
 * allowed). `hint` reaches the browser unless the server chose its own hints.
 */
export function createCredential(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
  signal: AbortSignal,
  conditional = false,
  hint?: PasskeyHint,
): Promise<RegistrationResponseJSON> {
  checkOptions(optionsJSON, 'creation');
  if (hint && !optionsJSON.hints?.length) optionsJSON = { ...optionsJSON, hints: [hint] };
  return runCeremony(signal, () => startRegistration({ optionsJSON, useAutoRegister: conditional }));
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
  hint?: PasskeyHint,
): Promise<Passkey> {
  const ctx = { signal };
  const options =
    input.options ?? (await fetchOptions(signal, () => adapter.getRegistrationOptions(registrationInput(input), ctx)));
  const response = await createCredential(options, signal, conditional, hint);
  const passkey = normalizePasskey(await callAdapter(signal, () => adapter.verifyRegistration(response, ctx)));
  if (!passkey) throw new PasskeyError('server', 'The server’s reply to a new passkey has no id.');
  return passkey;
}
