// Type test: <passkey-*> in Solid JSX. Compiled by test/node/types.test.mjs.
import 'passkey-elements/types/solid';

export const ok = (
  <>
    <passkey-sign-in
      endpoint="/api/passkeys"
      redirect="/account"
      on:passkey-signed-in={(e) => e.detail.result.user?.id}
    />
    <passkey-user-profile endpoint="/api/passkeys" on:passkey-deleted={(e) => e.detail.id.toUpperCase()} />
    <passkey-button action="register" display-name="Ada" />
  </>
);

// @ts-expect-error: a typo in an attribute name fails
export const typo = <passkey-sign-in endpont="/api/passkeys" />;
// @ts-expect-error: an action that does not exist fails
export const badAction = <passkey-button action="delete" />;
