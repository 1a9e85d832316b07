import { PasskeyUpgradeElement } from './components/passkey-upgrade/passkey-upgrade.js';

PasskeyUpgradeElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'passkey-upgrade': PasskeyUpgradeElement;
  }
}

export { PasskeyUpgradeElement };
