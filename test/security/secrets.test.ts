import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-elements.js';
import type { PasskeyButtonElement, PasskeySignInElement, PasskeyUserProfileElement } from '../../src/index.js';
import { addAuthenticator, removeAuthenticator, signOut, uniqueUsername, until } from '../helpers/authenticator.js';

/** Values that must never surface: challenges, assertions, attestations, signatures, user handles. */
const secrets = new Set<string>();
const seen: string[] = [];

function collect(value: unknown, keys: string[]) {
  if (!value || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (keys.includes(key) && typeof inner === 'string' && inner.length >= 16) secrets.add(inner);
    if (key === 'user' && inner && typeof (inner as { id?: unknown }).id === 'string' && 'name' in inner) {
      secrets.add((inner as { id: string }).id); // the WebAuthn user handle in creation options
    }
    collect(inner, keys);
  }
}

const SECRET_KEYS = [
  'challenge',
  'clientDataJSON',
  'authenticatorData',
  'signature',
  'attestationObject',
  'userHandle',
  'publicKey',
];

function allElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [el, ...(el.shadowRoot ? allElements(el.shadowRoot) : [])]);
}

function snapshotDom() {
  for (const el of allElements(document.body)) {
    for (const attr of el.attributes) seen.push(`attr ${attr.name}=${attr.value}`);
    if (el.shadowRoot) seen.push(`text ${el.shadowRoot.textContent}`);
  }
  seen.push(`text ${document.body.textContent}`);
}

describe('no secret leaks', () => {
  let authenticatorId: string;
  const realFetch = window.fetch.bind(window);
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((m) => console[m]);

  before(async () => {
    await signOut();
    authenticatorId = await addAuthenticator();
    // Record what goes over the wire (to know the secrets) and everything the page could expose.
    window.fetch = async (input, init) => {
      if (typeof init?.body === 'string') collect(JSON.parse(init.body), SECRET_KEYS);
      const response = await realFetch(input, init);
      const text = await response.clone().text();
      try {
        collect(JSON.parse(text), SECRET_KEYS);
      } catch {
        // not JSON
      }
      return response;
    };
    consoleMethods.forEach((m) => {
      console[m] = (...args: unknown[]) => seen.push(`console ${args.map(String).join(' ')}`);
    });
    for (const type of [
      'passkey-signed-in',
      'passkey-registered',
      'passkey-renamed',
      'passkey-deleted',
      'passkey-error',
    ]) {
      document.addEventListener(
        type,
        (e) => seen.push(`event ${type} ${JSON.stringify((e as CustomEvent).detail)}`),
        true,
      );
    }
  });

  after(async () => {
    window.fetch = realFetch;
    consoleMethods.forEach((m, i) => (console[m] = originals[i]!));
    await removeAuthenticator(authenticatorId);
  });

  it('through register, sign-in, list, rename, delete and a failure', async () => {
    const register = await fixture<PasskeyButtonElement>(
      html`<passkey-button
        action="register"
        endpoint="/api/passkeys"
        username=${uniqueUsername('secret')}
      ></passkey-button>`,
    );
    register.shadowRoot!.querySelector('button')!.click();
    await until(() => register.state === 'success', 'registration');
    snapshotDom();

    await signOut();
    const signIn = await fixture<PasskeySignInElement>(
      html`<passkey-sign-in endpoint="/api/passkeys"></passkey-sign-in>`,
    );
    await until(() => signIn.state === 'success', 'sign-in');
    snapshotDom();

    const profile = await fixture<PasskeyUserProfileElement>(
      html`<passkey-user-profile endpoint="/api/passkeys"></passkey-user-profile>`,
    );
    await until(() => Boolean(profile.shadowRoot!.querySelector('[part="row"]')), 'the list');
    const button = (label: string) =>
      [...profile.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;
    button('Rename').click();
    await profile.updateComplete;
    const input = profile.shadowRoot!.querySelector<HTMLInputElement>('[part="rename-input"]')!;
    input.value = 'Renamed';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => seen.some((s) => s.startsWith('event passkey-renamed')), 'the rename');
    snapshotDom();
    button('Delete').click();
    await until(() => Boolean(profile.shadowRoot!.querySelector('[part="popover"]')), 'the confirmation');
    snapshotDom();
    [...profile.shadowRoot!.querySelector('[part="popover"]')!.querySelectorAll('button')].at(-1)!.click();
    await until(() => seen.some((s) => s.startsWith('event passkey-deleted')), 'the deletion');

    const failing = await fixture<PasskeyButtonElement>(
      html`<passkey-button endpoint="/api/passkeys"></passkey-button>`,
    );
    failing.shadowRoot!.querySelector('button')!.click();
    await until(() => failing.state === 'error' || failing.state === 'success', 'a second sign-in');
    snapshotDom();

    expect(secrets.size).to.be.greaterThan(8);
    const leaks = seen.filter((text) => [...secrets].some((secret) => text.includes(secret)));
    expect(leaks).to.deep.equal([]);
    expect(document.cookie).not.to.contain('pk_session');
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.to.match(/challenge|signature/);
  });
});
