import type { Messages } from './en.js';

/** The English messages of `<passkey-user-profile>` (see `en`): loaded with that element. */
export const enProfile: Partial<Messages> = {
  profileHeading: 'Passkeys',
  profileDescription:
    'With passkeys, you don’t need to remember complex passwords. You sign in with your fingerprint, face or screen lock.',
  addPasskey: 'Add a passkey',
  addSecurityKey: 'Add a security key',
  loading: 'Loading your passkeys…',
  emptyTitle: 'No passkeys yet',
  emptyBody:
    'Add a passkey to sign in with your fingerprint, face or screen lock. Passkeys are saved in your password manager, so you can sign in on other devices.',
  retry: 'Try again',
  rename: 'Rename',
  delete: 'Delete',
  save: 'Save',
  cancel: 'Cancel',
  nameLabel: 'Passkey name',
  nameEmpty: 'Enter a name for this passkey.',
  nameTooLong: (max) => `Use ${max} characters or fewer.`,
  created: (when) => `Created ${when}`,
  lastUsed: (when) => `Last used ${when}`,
  neverUsed: 'Never used',
  deviceBound: 'On one device only',
  kindSynced: 'Passkey',
  kindDevice: 'Passkey on one device only',
  kindSecurityKey: 'Security key',
  deleteTitle: 'Delete this passkey?',
  deleteBody: (name) => `You won’t be able to sign in with “${name}” anymore.`,
  deleteLastWarning:
    'This is your only passkey. After you delete it, you’ll need another way to sign in to this account.',
  deleteKeptInManager: 'It stays in your password manager until you remove it there.',
  renamed: (name) => `Passkey renamed to “${name}”.`,
  deleted: (name) => `Passkey “${name}” deleted.`,
  added: (name) => `Passkey “${name}” added.`,
  addUnsupported: 'This browser can’t create passkeys, but you can still rename and delete the ones you have.',
  confirmedAddAgain: 'Thanks, that’s confirmed. Select “Add a passkey” to continue.',
};
