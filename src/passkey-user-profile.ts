import { PasskeyUserProfileElement } from './components/passkey-user-profile/passkey-user-profile.js';

PasskeyUserProfileElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'passkey-user-profile': PasskeyUserProfileElement;
  }
}

export { PasskeyUserProfileElement };
