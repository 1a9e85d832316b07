import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-sign-in.js';
import type { PasskeySignInElement } from '../../src/index.js';
import { until } from '../helpers/authenticator.js';

const height = (el: Element) => Math.round(el.getBoundingClientRect().height);

describe('layout stability', () => {
  it('<passkey-sign-in> keeps its height through pending and error', async () => {
    const pending = await fixture<PasskeySignInElement>(
      html`<passkey-sign-in endpoint="/fault/hang"></passkey-sign-in>`,
    );
    const failing = await fixture<PasskeySignInElement>(
      html`<passkey-sign-in endpoint="/fault/500"></passkey-sign-in>`,
    );
    const ready = (el: PasskeySignInElement) => Boolean((el as unknown as { capabilities?: unknown }).capabilities);
    await until(() => ready(pending) && ready(failing), 'the cards');
    await failing.updateComplete;
    const idle = height(failing);

    pending.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!.click();
    failing.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!.click();
    await until(() => pending.state === 'pending' && failing.state === 'error', 'pending and error');
    await failing.updateComplete;

    expect(failing.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).to.equal(
      'Something went wrong on the server. Please try again.',
    );
    expect(height(pending)).to.equal(idle);
    expect(height(failing)).to.equal(idle);
    pending.remove();
  });
});
