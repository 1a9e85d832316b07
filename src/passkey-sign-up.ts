import { PasskeySignUpElement } from './components/passkey-sign-up/passkey-sign-up.js';

PasskeySignUpElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'passkey-sign-up': PasskeySignUpElement;
  }
}

export { PasskeySignUpElement };
