import type { Messages } from './en.js';

/**
 * The English messages of `<passkey-sign-up>` (see `en`): loaded with that
 * element, so a sign-in card with `allow-sign-up` fetches them with the form.
 */
export const enSignUp: Partial<Messages> = {
  signUpLabel: 'Create account with a passkey',
  pendingSignUp: 'Creating your account…',
  signedUp: 'Your account is ready.',
  displayNameLabel: 'Your name',
  haveAccount: 'Already have an account?',
  signInInstead: 'This device already has a passkey for that account — sign in instead.',
};
