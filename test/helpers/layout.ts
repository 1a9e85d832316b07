// A profile's worth of passkeys with long names, and an adapter that lists them
// at once and never starts a ceremony: for layout tests, no authenticator needed.
import type { Passkey, PasskeyAdapter } from '../../src/index.js';

export const GOOGLE = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const WINDOWS_HELLO = '08987058-cadc-4b81-b6e1-30de50dcbe96';
const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString();

/** Long names and a long provider, with and without a last-used date. */
export const longPasskeys = (): Passkey[] => [
  {
    id: 'a',
    name: 'iPhone 15 Pro of Ada Lovelace-Byron',
    createdAt: ago(214),
    lastUsedAt: ago(0.02),
    aaguid: GOOGLE,
    backedUp: true,
    deviceType: 'multiDevice',
  },
  {
    id: 'b',
    name: 'Work laptop',
    createdAt: ago(12),
    aaguid: WINDOWS_HELLO,
    backedUp: false,
    deviceType: 'singleDevice',
  },
  {
    id: 'c',
    name: 'YubiKey 5C NFC on the keyring by the door',
    createdAt: ago(420),
    lastUsedAt: ago(41),
    backedUp: false,
    deviceType: 'singleDevice',
    transports: ['usb', 'nfc'],
  },
];

const never = () => new Promise<never>(() => {});
/** An adapter whose lists answer at once and whose ceremonies never start. */
export const listAdapter = (passkeys = longPasskeys()): PasskeyAdapter => ({
  getAuthenticationOptions: never,
  verifyAuthentication: never,
  getRegistrationOptions: never,
  verifyRegistration: never,
  listPasskeys: async () => passkeys.map((p) => ({ ...p })),
  renamePasskey: async (id, name) => ({ ...passkeys.find((p) => p.id === id)!, name }),
  deletePasskey: async () => {},
});

export const authenticators = {
  [GOOGLE]: { name: 'Google Password Manager' },
  [WINDOWS_HELLO]: { name: 'Windows Hello' },
};
