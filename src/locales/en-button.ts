import type { Messages } from './en.js';

/** The English messages only `<passkey-button>` shows (see `en`): loaded with that element. */
export const enButton: Partial<Messages> = {
  reauthenticateLabel: 'Confirm it’s you',
  reauthenticated: 'Thanks, that’s confirmed.',
};
