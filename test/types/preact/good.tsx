// Type test: <passkey-*> in Preact JSX, checked by tsc (test/node/types.test.mjs).
import 'passkey-elements/types/preact';
import { createRestAdapter } from 'passkey-elements/adapters/rest';
import type { PasskeyErrorDetail } from 'passkey-elements';

const adapter = createRestAdapter({ endpoint: '/api/passkeys' });

export const ok = (
  <>
    <passkey-sign-in
      id="sign-in"
      class="card"
      style={{ maxWidth: '24rem' }}
      endpoint="/api/passkeys"
      identifier-first=""
      redirect="/account"
      onpasskey-signed-in={(e) => e.detail.result.user?.id}
      onpasskey-error={(e) => e.detail.code === 'cancelled'}
    />
    <passkey-user-profile
      adapter={adapter}
      readonly={true}
      aria-label="Your passkeys"
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
