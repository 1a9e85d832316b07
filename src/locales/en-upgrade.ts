import type { Messages } from './en.js';

/** The English messages of `<passkey-upgrade>` (see `en`): loaded with that element. */
export const enUpgrade: Partial<Messages> = {
  upgradeTitle: 'Sign in faster next time',
  upgradeBody:
    'Create a passkey for this account and sign in with your fingerprint, face or screen lock. No password to remember.',
  upgradeAccept: 'Create a passkey',
  upgradeLater: 'Not now',
  upgradeNever: 'Don’t ask again',
  upgradeDeviceTitle: 'Sign in faster on this device',
  upgradeDeviceBody:
    'Create a passkey on this device and next time sign in with your fingerprint, face or screen lock. No phone or security key needed.',
  upgradeDone: 'Your passkey is ready. Next time, sign in with it.',
};
