// The package root: defines every element and exports the public API.
import './passkey-button.js';
import './passkey-sign-in.js';
import './passkey-sign-up.js';
import './passkey-user-profile.js';
import './passkey-upgrade.js';

export * from './index.js';
