// The public API. No element is defined here: import a define entry
// (`passkey-elements/passkey-button`, …) or the package root's `define` files.
export { PasskeyButtonElement, type PasskeyButtonAction } from './components/passkey-button/passkey-button.js';
export type { PasskeyHint } from './core/registration.js';
export { PasskeySignInElement } from './components/passkey-sign-in/passkey-sign-in.js';
export { PasskeySignUpElement } from './components/passkey-sign-up/passkey-sign-up.js';
export {
  PasskeyUserProfileElement,
  type AuthenticatorInfo,
} from './components/passkey-user-profile/passkey-user-profile.js';
export { PasskeyUpgradeElement } from './components/passkey-upgrade/passkey-upgrade.js';
export { PasskeyError, ERROR_CODES, type PasskeyErrorCode, type PasskeyAction } from './core/errors.js';
export { createRestAdapter, type RestAdapterOptions } from './adapters/rest.js';
export { registerLocale, loadLocale, type MessageOverrides } from './core/localize.js';
export type { Messages } from './locales/en.js';
export type * from './adapters/types.js';
export type * from './core/events.js';
