import { expect } from '@open-wc/testing';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { createRestAdapter, type PasskeyErrorDetail, type PasskeyButtonElement } from '../../src/index.js';
import { PasskeyButton, PasskeySignIn, PasskeyUpgrade, PasskeyUserProfile } from '../../src/react/index.js';
import type { PasskeyAdapter, PasskeyUserProfileElement } from '../../src/index.js';
import { registerUser, signOut, uniqueUsername, until, useVirtualAuthenticator } from '../helpers/authenticator.js';
import { ENDPOINT, buttonIn, createButtonOf, names, oldAdapter } from '../helpers/elements.js';

describe('React wrappers', () => {
  let container: HTMLElement;
  let root: Root;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    root.unmount();
    container.remove();
  });

  it('set props as properties and call onPasskeyError with the detail', async () => {
    const errors: PasskeyErrorDetail[] = [];
    const adapter = createRestAdapter({ endpoint: '/fault/500' });

    flushSync(() =>
      root.render(
        createElement(
          PasskeyButton,
          { adapter, onPasskeyError: (e) => errors.push(e.detail) },
          'Continue with a passkey',
        ),
      ),
    );
    const el = container.querySelector<PasskeyButtonElement>('passkey-button')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector('button')!.click();
    await until(() => errors.length === 1, 'the error event');

    expect(el.adapter).to.equal(adapter);
    expect(el.textContent).to.equal('Continue with a passkey');
    expect(errors[0]).to.include({ code: 'server', action: 'sign-in' });
  });

  it('render attributes and text props into the element', async () => {
    flushSync(() =>
      root.render(
        createElement(PasskeySignIn, { endpoint: '/api/passkeys', heading: 'Welcome back', identifierFirst: true }),
      ),
    );
    const el = container.querySelector('passkey-sign-in')!;
    await el.updateComplete;

    expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent).to.equal('Welcome back');
    expect(el.hasAttribute('identifier-first')).to.equal(true);
  });

  describe('with a real backend, props set the React way (after insertion)', () => {
    useVirtualAuthenticator();

    afterEach(async () => {
      await signOut();
    });

    for (const replaced of [false, true]) {
      const how = replaced ? 'after its adapter prop changed' : 'with an adapter prop';
      it(`<PasskeyUserProfile> lists the passkeys ${how}, and onPasskeyRenamed gets the new name`, async () => {
        await registerUser(undefined, { stay: true });
        const renamed: string[] = [];
        const render = (adapter: PasskeyAdapter) =>
          flushSync(() =>
            root.render(
              createElement(PasskeyUserProfile, {
                adapter,
                onPasskeyRenamed: (e) => renamed.push(e.detail.passkey.name),
              }),
            ),
          );
        if (replaced) {
          render(oldAdapter().adapter);
          const el = container.querySelector<PasskeyUserProfileElement>('passkey-user-profile')!;
          await until(() => names(el)[0] === 'From the old adapter', 'the old list');
        }
        render(createRestAdapter({ endpoint: ENDPOINT }));
        const el = container.querySelector<PasskeyUserProfileElement>('passkey-user-profile')!;
        await until(() => names(el).length === 1 && names(el)[0] !== 'From the old adapter', 'the list');
        expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);

        buttonIn(el.shadowRoot!, 'Rename').click();
        await el.updateComplete;
        const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part="rename-input"]')!;
        input.value = 'Work laptop';
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        await until(() => renamed.length === 1, 'onPasskeyRenamed');
        expect(renamed).to.deep.equal(['Work laptop']);
      });

      it(`<PasskeySignIn> signs in ${how}`, async () => {
        const { username } = await registerUser();
        const signedIn: string[] = [];
        const render = (adapter: PasskeyAdapter) =>
          flushSync(() =>
            root.render(
              createElement(PasskeySignIn, {
                adapter,
                onPasskeySignedIn: (e) => {
                  e.preventDefault();
                  signedIn.push(String(e.detail.result.user?.username));
                },
              }),
            ),
          );
        if (replaced) render(oldAdapter().adapter);
        render(createRestAdapter({ endpoint: ENDPOINT }));
        const el = container.querySelector('passkey-sign-in')!;
        await until(() => Boolean(buttonIn(el.shadowRoot!, 'Sign in with a passkey')), 'the button');
        buttonIn(el.shadowRoot!, 'Sign in with a passkey').click();
        await until(() => signedIn.length === 1, 'onPasskeySignedIn');
        expect(signedIn).to.deep.equal([username]);
      });

      it(`<PasskeyButton> signs in ${how}`, async () => {
        const { username } = await registerUser();
        const signedIn: string[] = [];
        const render = (adapter: PasskeyAdapter) =>
          flushSync(() =>
            root.render(
              createElement(PasskeyButton, {
                adapter,
                onPasskeySignedIn: (e) => signedIn.push(String(e.detail.result.user?.username)),
              }),
            ),
          );
        if (replaced) render(oldAdapter().adapter);
        render(createRestAdapter({ endpoint: ENDPOINT }));
        const el = container.querySelector<PasskeyButtonElement>('passkey-button')!;
        await el.updateComplete;
        buttonIn(el.shadowRoot!, 'Sign in with a passkey').click();
        await until(() => signedIn.length === 1, 'onPasskeySignedIn');
        expect(signedIn).to.deep.equal([username]);
      });

      it(`<PasskeyUpgrade> creates a passkey ${how}`, async () => {
        const registered: string[] = [];
        const username = uniqueUsername('react-upgrade');
        const render = (adapter: PasskeyAdapter) =>
          flushSync(() =>
            root.render(
              createElement(PasskeyUpgrade, {
                adapter,
                manual: true,
                username,
                onPasskeyRegistered: (e) => registered.push(e.detail.passkey.id),
              }),
            ),
          );
        if (replaced) render(oldAdapter().adapter);
        render(createRestAdapter({ endpoint: ENDPOINT }));
        const el = container.querySelector('passkey-upgrade')!;
        await until(() => Boolean(createButtonOf(el)), 'the card');
        createButtonOf(el)!.click();
        await until(() => registered.length === 1, 'onPasskeyRegistered');
        expect(registered[0]).to.be.a('string').and.not.equal('');
      });
    }
  });
});
