// Type test: <passkey-*> in Solid JSX, checked by tsc (test/node/types.test.mjs).
import 'passkey-elements/types/solid';
import { createRestAdapter } from 'passkey-elements/adapters/rest';

const adapter = createRestAdapter({ endpoint: '/api/passkeys' });

export const ok = (
  <>
    <passkey-sign-in
      id="sign-in"
      class="card"
      style={{ 'max-width': '24rem' }}
      endpoint="/api/passkeys"
      identifier-first=""
      redirect="/account"
      on:passkey-signed-in={(e) => e.detail.result.user?.id}
      on:passkey-error={(e) => e.detail.code === 'cancelled'}
    />
    <passkey-user-profile
      adapter={adapter}
      readonly={true}
      aria-label="Your passkeys"
      on:passkey-deleted={(e) => e.detail.id.toUpperCase()}
    />
    <passkey-button action="register" display-name="Ada" />
    <passkey-upgrade username="ada" manual on:passkey-prompt-dismissed={(e) => e.detail.permanent} />
  </>
);
