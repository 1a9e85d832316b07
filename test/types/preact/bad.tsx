// Type test: mistakes tsc must report in Preact JSX (test/node/types.test.mjs counts them).
import 'passkey-elements/types/preact';

export const typo = <passkey-sign-in endpont="/api/passkeys" />;
export const badAction = <passkey-button action="delete" />;
export const badDeleted = <passkey-user-profile onpasskey-deleted={(e) => e.detail.passkey} />;
export const badSignedIn = <passkey-sign-in onpasskey-signed-in={(e) => e.detail.user} />;
export const badCode = <passkey-sign-in onpasskey-error={(e) => e.detail.code === 'canceled'} />;
export const badEvent = <passkey-sign-in onpasskey-signed-on={(e) => e.detail} />;
