import { expect } from '@open-wc/testing';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { createRestAdapter, type PasskeyErrorDetail, type PasskeyButtonElement } from '../../src/index.js';
import { PasskeyButton, PasskeySignIn } from '../../src/react/index.js';
import { until } from '../helpers/authenticator.js';

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
});
