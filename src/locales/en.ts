import type { PasskeyErrorCode } from '../core/errors.js';

/**
 * Every user-visible string of passkey-elements. English is the source of
 * truth: every other locale is a complete `Messages` object, and the `strings`
 * property of any element overrides any entry.
 */
export interface Messages {
  signInLabel: string;
  registerLabel: string;
  pendingSignIn: string;
  pendingRegister: string;
  signedIn: string;
  registered: string;
  signInHeading: string;
  signInDescription: string;
  usernameLabel: string;
  usernameRequired: string;
  otherMethods: string;
  unsupportedHint: string;
  /** The sign-in card's status, at once, when immediate mode finds no passkey for the site on this device. */
  noPasskeyHere: string;
  /** The button offered then: the usual prompt, whose QR code reaches a phone, or a security key. */
  useOtherDevice: string;
  redirectRefused: string;
  profileHeading: string;
  profileDescription: string;
  addPasskey: string;
  /** The profile's button beside "Add a passkey": a registration hinted to a security key. */
  addSecurityKey: string;
  loading: string;
  emptyTitle: string;
  emptyBody: string;
  retry: string;
  rename: string;
  delete: string;
  save: string;
  cancel: string;
  nameLabel: string;
  nameEmpty: string;
  nameTooLong: (max: number) => string;
  created: (when: string) => string;
  lastUsed: (when: string) => string;
  neverUsed: string;
  /** The marker on a passkey that does not sync; a synced passkey needs none. */
  deviceBound: string;
  kindSynced: string;
  kindDevice: string;
  kindSecurityKey: string;
  deleteTitle: string;
  deleteBody: (name: string) => string;
  /** The delete confirmation of the account's last passkey: the account needs another way in. */
  deleteLastWarning: string;
  /** Appended to the delete confirmation when the browser cannot remove the passkey for the user. */
  deleteKeptInManager: string;
  renamed: (name: string) => string;
  deleted: (name: string) => string;
  added: (name: string) => string;
  addUnsupported: string;
  upgradeTitle: string;
  upgradeBody: string;
  upgradeAccept: string;
  upgradeLater: string;
  upgradeNever: string;
  upgradeDone: string;
  /** `<passkey-upgrade reason="other-device">`: after a sign-in with a phone or security key. */
  upgradeDeviceTitle: string;
  upgradeDeviceBody: string;
  whatIsPasskey: string;
  explainer: [string, string, string];
  close: string;
  /** The sign-up heading, and the link on the sign-in card that opens the sign-up form. */
  createAccount: string;
  signUpLabel: string;
  pendingSignUp: string;
  signedUp: string;
  displayNameLabel: string;
  /** Before the "Create an account" link on the sign-in card. */
  newHere: string;
  /** Before the "Sign in" link on the sign-up form. */
  haveAccount: string;
  /** `already-registered` during sign-up: the account exists and this device can sign in to it. */
  signInInstead: string;
  /** The `reauthenticate` button's label, and the profile's confirmation before an add or delete. */
  reauthenticateLabel: string;
  reauthenticated: string;
  /** The profile, after a confirmation, when the browser needs one more click to create the passkey. */
  confirmedAddAgain: string;
  /** One message per error code. */
  errors: Record<PasskeyErrorCode, string>;
}

/**
 * The English messages every element shows. The profile's and the upgrade card's own messages
 * join it when those elements load (`en-profile.ts`, `en-upgrade.ts`, the sign-up form's `en-sign-up.ts`, and the button's own `en-button.ts`), so a sign-in page does not
 * ship them; the type is the whole catalogue, as elements only read their own messages.
 */
export const en = {
  signInLabel: 'Sign in with a passkey',
  registerLabel: 'Create a passkey',
  pendingSignIn: 'Waiting for your passkey…',
  pendingRegister: 'Creating your passkey…',
  signedIn: 'You’re signed in.',
  registered: 'Your passkey was created.',
  signInHeading: 'Sign in',
  signInDescription: 'Use your fingerprint, face or screen lock. No password needed.',
  usernameLabel: 'Username or email',
  usernameRequired: 'Enter your username or email to continue.',
  otherMethods: 'or',
  unsupportedHint: 'Use another way to sign in below.',
  noPasskeyHere: 'There’s no passkey for this site on this device.',
  useOtherDevice: 'Use a phone or security key',
  redirectRefused: 'You’re signed in, but the page to continue to is on another website, so it was not opened.',
  whatIsPasskey: 'What is a passkey?',
  explainer: [
    'With passkeys, you don’t need to remember complex passwords.',
    'Passkeys are saved in your password manager, so you can sign in on other devices.',
    'You sign in with your fingerprint, face or screen lock, and a passkey only works on the site it was made for.',
  ],
  close: 'Close',
  createAccount: 'Create an account',
  newHere: 'New here?',
  errors: {
    cancelled: 'The passkey request was cancelled or timed out. Try again when you’re ready.',
    'not-supported': 'This browser or device doesn’t support passkeys.',
    'insecure-context': 'Passkeys need a secure connection (https).',
    'invalid-domain': 'This passkey doesn’t belong to this website’s address.',
    'already-registered': 'This device already has a passkey for your account.',
    'unknown-credential': 'This passkey is no longer valid for this site. Try another passkey or sign in another way.',
    'invalid-options': 'The server sent a request this browser can’t use. Please try again later.',
    'verification-failed': 'Your passkey couldn’t be verified. Please try again.',
    unauthorized: 'Your session has expired. Please sign in again.',
    network: 'Can’t reach the server. Check your connection and try again.',
    server: 'Something went wrong on the server. Please try again.',
    'rate-limited': 'Too many attempts. Please wait a moment and try again.',
    aborted: 'The passkey request was stopped.',
    'username-taken': 'That username is taken. Choose another, or sign in.',
    'invalid-username': 'That username can’t be used. Use letters, numbers and simple punctuation, without spaces.',
    'reauthentication-required': 'Please confirm it’s you with your passkey to continue.',
    'last-passkey': 'This is your only passkey. Add another one before you remove it.',
    unknown: 'Something went wrong. Please try again.',
  },
} as Messages;
