// Every element however a page or a framework sets it up: the `endpoint`
// attribute before or after insertion, `endpoint` or `adapter` set as
// properties after insertion (what React's wrappers and the Better Auth
// snippet do), and an adapter replaced by another. Real ceremonies with the
// virtual authenticator against the reference backend.
import { expect } from '@open-wc/testing';
import '../../src/passkey-elements.js';
import type { PasskeyAdapter, PasskeyButtonElement, PasskeyUserProfileElement } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  addAuthenticator,
  registerUser,
  removeAuthenticator,
  signOut,
  uniqueUsername,
  until,
} from '../helpers/authenticator.js';
import { ENDPOINT, buttonIn, createButtonOf, names, oldAdapter } from '../helpers/elements.js';

type Tag = 'passkey-button' | 'passkey-sign-in' | 'passkey-user-profile' | 'passkey-upgrade';
type Setup =
  | 'endpoint attribute before insertion'
  | 'endpoint attribute after insertion'
  | 'endpoint property after insertion'
  | 'adapter property after insertion'
  | 'adapter replaced by another';

const SETUPS: Setup[] = [
  'endpoint attribute before insertion',
  'endpoint attribute after insertion',
  'endpoint property after insertion',
  'adapter property after insertion',
  'adapter replaced by another',
];

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/** Puts `tag` in the page the way `setup` says; `attrs` are set as attributes before insertion. */
async function mount(tag: Tag, setup: Setup, attrs: Record<string, string> = {}) {
  const el = document.createElement(tag) as HTMLElement & { endpoint?: string; adapter?: PasskeyAdapter };
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  const old = oldAdapter();
  if (setup === 'endpoint attribute before insertion') el.setAttribute('endpoint', ENDPOINT);
  if (setup === 'adapter replaced by another') el.adapter = old.adapter;
  document.body.append(el);
  // A framework sets properties after insertion, often a frame or more later.
  await nextFrame();
  if (setup === 'endpoint attribute after insertion') el.setAttribute('endpoint', ENDPOINT);
  if (setup === 'endpoint property after insertion') el.endpoint = ENDPOINT;
  if (setup === 'adapter property after insertion') el.adapter = createRestAdapter({ endpoint: ENDPOINT });
  if (setup === 'adapter replaced by another') {
    // The button and the card ask nothing before the user acts; the others load at once.
    const eager = tag === 'passkey-sign-in' || tag === 'passkey-user-profile';
    await until(() => !eager || old.counter.calls > 0, 'the old adapter in use');
    await nextFrame();
    el.adapter = createRestAdapter({ endpoint: ENDPOINT });
  }
  const callsBefore = old.counter.calls;
  return { el, oldCallsAfterReplacing: () => old.counter.calls - callsBefore };
}

const shadowButton = (el: HTMLElement, label: string) => until(() => Boolean(buttonIn(el.shadowRoot!, label)), label);

describe('set up in any order', () => {
  let authenticatorId: string;
  let username: string;
  const mounted: HTMLElement[] = [];

  beforeEach(async () => {
    await signOut();
    authenticatorId = await addAuthenticator();
    ({ username } = await registerUser());
  });

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await removeAuthenticator(authenticatorId);
    await signOut();
  });

  for (const setup of SETUPS) {
    describe(setup, () => {
      it('<passkey-button> signs in with the adapter in use', async () => {
        const { el, oldCallsAfterReplacing } = await mount('passkey-button', setup);
        mounted.push(el);
        const signedIn = new Promise<CustomEvent>((resolve) =>
          el.addEventListener('passkey-signed-in', resolve as never),
        );
        await (el as PasskeyButtonElement).updateComplete;
        buttonIn(el.shadowRoot!, 'Sign in with a passkey').click();
        const { detail } = await signedIn;
        expect(detail.result.user.username).to.equal(username);
        expect(oldCallsAfterReplacing()).to.equal(0);
      });

      it('<passkey-sign-in> signs in with the adapter in use', async () => {
        const { el, oldCallsAfterReplacing } = await mount('passkey-sign-in', setup);
        mounted.push(el);
        const signedIn = new Promise<CustomEvent>((resolve) =>
          el.addEventListener('passkey-signed-in', ((e: CustomEvent) => {
            e.preventDefault();
            resolve(e);
          }) as never),
        );
        const errors: string[] = [];
        el.addEventListener('passkey-error', (e) => errors.push(e.detail.code));
        await shadowButton(el, 'Sign in with a passkey');
        buttonIn(el.shadowRoot!, 'Sign in with a passkey').click();
        const { detail } = await signedIn;
        expect(detail.result.user.username).to.equal(username);
        expect(errors).to.deep.equal([]);
        expect(oldCallsAfterReplacing()).to.equal(0);
      });

      it('<passkey-user-profile> lists the passkeys of the adapter in use', async () => {
        // Signed in as a second account, with one passkey of its own.
        await registerUser(undefined, { stay: true });
        const { el, oldCallsAfterReplacing } = await mount('passkey-user-profile', setup);
        mounted.push(el);
        const profile = el as PasskeyUserProfileElement;
        await until(() => names(profile).length === 1 && names(profile)[0] !== 'From the old adapter', 'its passkey');
        expect(names(profile)).not.to.include('From the old adapter');
        expect(profile.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
        expect(profile.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).to.equal('');
        expect(oldCallsAfterReplacing()).to.equal(0);
      });

      it('<passkey-upgrade> creates a passkey with the adapter in use', async () => {
        // A new account from the card (no session): a fresh authenticator holds no passkey for it.
        const { el, oldCallsAfterReplacing } = await mount('passkey-upgrade', setup, {
          username: uniqueUsername('upgrade'),
          manual: '',
        });
        mounted.push(el);
        const registered = new Promise<CustomEvent>((resolve) =>
          el.addEventListener('passkey-registered', resolve as never),
        );
        await until(() => Boolean(createButtonOf(el)), 'Create a passkey');
        createButtonOf(el)!.click();
        const { detail } = await registered;
        expect(detail.passkey.id).to.be.a('string').and.not.equal('');
        expect(oldCallsAfterReplacing()).to.equal(0);
      });
    });
  }

  it("<passkey-user-profile> never shows the old adapter's rows under a new adapter whose list fails", async () => {
    const old = oldAdapter();
    const el = document.createElement('passkey-user-profile') as PasskeyUserProfileElement;
    el.adapter = old.adapter;
    document.body.append(el);
    mounted.push(el);
    await until(() => names(el)[0] === 'From the old adapter', 'the old list');
    // Signed out: the new adapter's list is refused (401).
    el.adapter = createRestAdapter({ endpoint: ENDPOINT });
    await until(() => Boolean(el.shadowRoot!.querySelector('[part="error"]')), 'the error state');
    expect(names(el)).to.deep.equal([]);
    expect(el.passkeys).to.deep.equal([]);
  });

  it('<passkey-user-profile> without any adapter waits for one instead of showing an error', async () => {
    const bare = document.createElement('passkey-user-profile');
    document.body.append(bare);
    mounted.push(bare);
    await nextFrame();
    expect(bare.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    expect(bare.shadowRoot!.querySelector('[part="skeleton"]')).not.to.equal(null);
  });
});
