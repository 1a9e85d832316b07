import { PasskeySignInElement } from './components/passkey-sign-in/passkey-sign-in.js';

PasskeySignInElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'passkey-sign-in': PasskeySignInElement;
  }
}

export { PasskeySignInElement };
