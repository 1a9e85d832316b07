// Type test: <passkey-*> in React 19 JSX. Compiled by test/node/types.test.mjs.
import 'passkey-elements/types/react';
import type { PasskeyErrorDetail } from 'passkey-elements';

export const ok = (
  <>
    <passkey-sign-in
      endpoint="/api/passkeys"
      identifier-first=""
      redirect="/account"
      onpasskey-signed-in={(e) => e.detail.result.user?.id}
    />
    <passkey-user-profile
      endpoint="/api/passkeys"
      readonly={true}
      onpasskey-deleted={(e) => e.detail.id.toUpperCase()}
    />
    <passkey-button
      action="register"
      display-name="Ada"
      onpasskey-error={(e: CustomEvent<PasskeyErrorDetail>) => e.detail.code}
    />
    <passkey-upgrade username="ada" manual onpasskey-prompt-dismissed={(e) => e.detail.permanent} />
  </>
);

// @ts-expect-error: a typo in an attribute name fails
export const typo = <passkey-sign-in endpont="/api/passkeys" />;
// @ts-expect-error: an action that does not exist fails
export const badAction = <passkey-button action="delete" />;
// @ts-expect-error: the event detail is typed
export const badDetail = <passkey-user-profile onpasskey-deleted={(e) => e.detail.passkey} />;
