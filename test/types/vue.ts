// Type test: the props Vue's GlobalComponents declares for <passkey-*>. Compiled by test/node/types.test.mjs.
import 'passkey-elements/types/vue';
import type { DefineComponent, GlobalComponents } from 'vue';

type PropsOf<C> = C extends DefineComponent<infer P> ? P : never;
type SignIn = PropsOf<GlobalComponents['passkey-sign-in']>;
type Button = PropsOf<GlobalComponents['passkey-button']>;

export const ok: SignIn = {
  endpoint: '/api/passkeys',
  identifierFirst: true,
  'onpasskey-signed-in': (e) => e.detail.result,
};
export const button: Button = { action: 'register', 'display-name': 'Ada' };

// @ts-expect-error: a typo in an attribute name fails
export const typo: SignIn = { endpont: '/api/passkeys' };
// @ts-expect-error: an action that does not exist fails
export const badAction: Button = { action: 'delete' };
