// Type test: the attributes Svelte checks on <passkey-*>. Compiled by test/node/types.test.mjs.
import 'passkey-elements/types/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const ok: SvelteHTMLElements['passkey-sign-in'] = {
  endpoint: '/api/passkeys',
  'identifier-first': true,
  'onpasskey-signed-in': (e) => e.detail.result.user?.id,
};
export const profile: SvelteHTMLElements['passkey-user-profile'] = {
  readonly: true,
  'on:passkey-deleted': (e) => e.detail.id,
};

// @ts-expect-error: a typo in an attribute name fails
export const typo: SvelteHTMLElements['passkey-sign-in'] = { endpont: '/api/passkeys' };
// @ts-expect-error: an action that does not exist fails
export const badAction: SvelteHTMLElements['passkey-button'] = { action: 'delete' };
