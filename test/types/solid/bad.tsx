// Type test: mistakes tsc must report in Solid JSX (test/node/types.test.mjs counts them).
import 'passkey-elements/types/solid';

export const typo = <passkey-sign-in endpont="/api/passkeys" />;
export const badAction = <passkey-button action="delete" />;
export const badDeleted = <passkey-user-profile on:passkey-deleted={(e) => e.detail.passkey} />;
export const badSignedIn = <passkey-sign-in on:passkey-signed-in={(e) => e.detail.user} />;
export const badCode = <passkey-sign-in on:passkey-error={(e) => e.detail.code === 'canceled'} />;
export const badEvent = <passkey-sign-in on:passkey-signed-on={(e) => e.detail} />;
