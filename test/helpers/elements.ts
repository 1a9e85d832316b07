// Mounting the elements under test, and adapters to mount them on, shared by
// the end-to-end and reliability suites. Finding their controls is the
// harnesses' (harness.ts); the functions below are short forms of them.
import { fixture, html } from '@open-wc/testing';
import type { PasskeyAdapter, PasskeySignInElement, PasskeyUserProfileElement } from '../../src/index.js';
import { PasskeyError, createRestAdapter } from '../../src/index.js';
import { autofillWaiting, observe, until } from './authenticator.js';
import { ProfileHarness, SignInHarness, findButton, mainButtonOf } from './harness.js';

export const ENDPOINT = '/api/passkeys';

/** The element's own button (`part="button"`); null when it shows none (passkeys unsupported, say). */
export const buttonOf = mainButtonOf;

/**
 * A sign-in card from `template`, once it knows what the browser can do and its autofill request,
 * when it makes one, is waiting in the authenticator (see `ARRIVAL_MS`).
 */
export async function readyCard(template: ReturnType<typeof html>): Promise<PasskeySignInElement> {
  const watch = observe();
  try {
    const el = await fixture<PasskeySignInElement>(template);
    const card = await new SignInHarness(el).ready();
    if (card.capabilities!.conditionalGet && !el.disabled) {
      // A card whose options fail makes no request: a short wait, not an error.
      await autofillWaiting(watch, 0, 2000).catch(() => undefined);
    }
    return el;
  } finally {
    watch.restore();
  }
}

/** Whether the sign-in card holds options, fetched ahead of the click, for `username`. */
export const hasPrefetched = (el: PasskeySignInElement, username = '') => new SignInHarness(el).hasPrefetched(username);

/** A profile on `source` (an adapter, or an endpoint), once its list has loaded or failed. */
export async function loadedProfile(source: PasskeyAdapter | string = ENDPOINT): Promise<PasskeyUserProfileElement> {
  const el =
    typeof source === 'string'
      ? await fixture<PasskeyUserProfileElement>(html`<passkey-user-profile endpoint=${source}></passkey-user-profile>`)
      : await fixture<PasskeyUserProfileElement>(
          html`<passkey-user-profile .adapter=${source}></passkey-user-profile>`,
        );
  await until(() => !el.shadowRoot!.querySelector('[part="skeleton"]'), 'the list to load or fail');
  await el.updateComplete;
  return el;
}

/** The profile's rows, their names, one row by name, and controls by their label. */
export const rows = (el: PasskeyUserProfileElement) => new ProfileHarness(el).rows;
export const names = (el: PasskeyUserProfileElement) => new ProfileHarness(el).names;
export const rowOf = (el: PasskeyUserProfileElement, name: string) => new ProfileHarness(el).findRow(name)!;
export const buttonIn = (scope: ParentNode, label: string) => findButton(scope, label)!;
/** The upgrade card's "Create a passkey": the `<passkey-button>` part it exports as `button`. */
export const createButtonOf = (upgrade: Element) =>
  upgrade.shadowRoot
    ?.querySelector('passkey-button')
    ?.shadowRoot?.querySelector<HTMLButtonElement>('[part="button"]') ?? null;
/** The profile's delete confirmation, when open. */
export const popover = (el: PasskeyUserProfileElement) => new ProfileHarness(el).popover;

/** The REST adapter, recording what each options request asked for and how many have answered. */
export function countingAdapter() {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const asked: { kind: 'sign-in' | 'register'; input: object }[] = [];
  let answered = 0;
  const count = <T>(promise: Promise<T>) => promise.finally(() => answered++);
  const adapter: PasskeyAdapter = {
    ...rest,
    getAuthenticationOptions: (input, ctx) => {
      asked.push({ kind: 'sign-in', input });
      return count(rest.getAuthenticationOptions(input, ctx));
    },
    getRegistrationOptions: (input, ctx) => {
      asked.push({ kind: 'register', input });
      return count(rest.getRegistrationOptions(input, ctx));
    },
  };
  return {
    adapter,
    asked,
    get answered() {
      return answered;
    },
  };
}

/**
 * An adapter whose ceremony calls fail and whose list is one made-up row; it
 * counts its calls. What a replaced adapter must no longer be asked.
 */
export function oldAdapter() {
  const counter = { calls: 0 };
  const fail = () => {
    counter.calls++;
    return Promise.reject(new PasskeyError('network', 'The old adapter.'));
  };
  const adapter: PasskeyAdapter = {
    getAuthenticationOptions: fail,
    verifyAuthentication: fail,
    getRegistrationOptions: fail,
    verifyRegistration: fail,
    listPasskeys: () => {
      counter.calls++;
      return Promise.resolve([{ id: 'old-1', name: 'From the old adapter', createdAt: new Date().toISOString() }]);
    },
    renamePasskey: fail,
    deletePasskey: fail,
  };
  return { adapter, counter };
}
