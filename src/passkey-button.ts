import { PasskeyButtonElement } from './components/passkey-button/passkey-button.js';

PasskeyButtonElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'passkey-button': PasskeyButtonElement;
  }
}

export { PasskeyButtonElement };
