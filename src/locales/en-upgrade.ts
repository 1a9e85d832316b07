import type { Messages } from './en.js';

/** The English messages of `<passkey-upgrade>` (see `en`): loaded with that element. */
export const enUpgrade: Partial<Messages> = {
  upgradeTitle: 'Sign in faster next time',
  upgradeBody:
    'Create a passkey for this account and sign in with your fingerprint, face or screen lock. No password to remember.',
  upgradeAccept: 'Create a passkey',
  upgradeLater: 'Not now',
  upgradeNever: 'Don’t ask again',
  upgradeDone: 'Your passkey is ready. Next time, sign in with it.',
};
