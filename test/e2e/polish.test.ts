// What a designer would flag: a hole under the button, rows of different
// heights, an error squeezed to the button's width, a console warning on
// every popover. Each is measured here.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-upgrade.js';
import '../../src/passkey-user-profile.js';
import { PasskeyError, type PasskeyButtonElement, type PasskeyUserProfileElement } from '../../src/index.js';
import { until } from '../helpers/authenticator.js';
import { buttonIn, loadedProfile, rowOf, rows } from '../helpers/elements.js';
import { authenticators, listAdapter, longPasskeys } from '../helpers/layout.js';

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Pixels between the bottom of `above` and the top of the text in `link`. */
function gap(above: Element, link: Element): number {
  const range = document.createRange();
  range.selectNodeContents(link);
  return Math.round(range.getBoundingClientRect().top - above.getBoundingClientRect().bottom);
}

describe('polish', () => {
  describe('"What is a passkey?" under the button', () => {
    it('<passkey-sign-in> leaves no hole for the empty status line', async () => {
      const el = await fixture(html`<passkey-sign-in .adapter=${listAdapter()}></passkey-sign-in>`);
      await until(() => Boolean(el.shadowRoot!.querySelector('[part="explainer-button"]')), 'the card');
      await frame();
      const root = el.shadowRoot!;

      const hole = gap(root.querySelector('[part="button"]')!, root.querySelector('[part="explainer-button"]')!);

      expect(hole).to.be.at.most(20);
      expect(hole).to.be.at.least(8);
    });

    it('<passkey-upgrade> leaves no hole for the empty status line', async () => {
      const el = await fixture(
        html`<passkey-upgrade .adapter=${listAdapter()} username="ada" manual></passkey-upgrade>`,
      );
      await until(() => Boolean(el.shadowRoot!.querySelector('[part="explainer-button"]')), 'the card');
      await frame();
      const root = el.shadowRoot!;

      const hole = gap(root.querySelector('.actions')!, root.querySelector('[part="explainer-button"]')!);

      expect(hole).to.be.at.most(16);
      expect(hole).to.be.at.least(6);
    });
  });

  describe('<passkey-user-profile> rows', () => {
    for (const width of [640, 320])
      it(`are one height with and without a last-used date, ${width}px wide`, async () => {
        const wrapper = await fixture(html`<div style="inline-size: ${width}px"></div>`);
        const el = await loadedProfile(listAdapter(longPasskeys()));
        el.authenticators = authenticators;
        await el.updateComplete;
        wrapper.append(el);
        await frame();

        // clientHeight: the separator line above every row but the first is not the row's content.
        const heights = rows(el).map((r) => r.clientHeight);

        expect(new Set(heights).size, `heights ${heights.join(', ')}`).to.equal(1);
      });
  });

  describe('<passkey-button> with a short label', () => {
    it('shows its error wider than the button, without resizing itself', async () => {
      const failing = {
        ...listAdapter(),
        getAuthenticationOptions: () => Promise.reject(new PasskeyError('network')),
      };
      const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${failing}>Go</passkey-button>`);
      await frame();
      const before = el.getBoundingClientRect();

      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!.click();
      await until(() => el.getAttribute('state') === 'error', 'the error');
      await frame();

      const status = el.shadowRoot!.querySelector('[part="status"]')!.getBoundingClientRect();
      const button = el.shadowRoot!.querySelector('[part="button"]')!.getBoundingClientRect();
      expect(status.width).to.be.at.least(200);
      expect(status.width).to.be.greaterThan(button.width * 2);
      expect(status.height, 'at most three lines').to.be.at.most(3 * 1.4 * 13.2);
      expect(el.getBoundingClientRect().width, 'host width').to.equal(before.width);
    });
  });

  describe('popovers', () => {
    it('focus their first control without the autofocus attribute', async () => {
      const el: PasskeyUserProfileElement = await loadedProfile(listAdapter());
      const trigger = buttonIn(rowOf(el, 'Work laptop'), 'Delete');

      trigger.focus();
      trigger.click();
      await until(() => Boolean(el.shadowRoot!.querySelector('[part="popover"]')), 'the confirmation');
      await until(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Cancel', 'focus on Cancel');

      // The browser refuses `autofocus` while a control has focus, and says so in the console.
      expect(el.shadowRoot!.querySelectorAll('[autofocus]')).to.have.length(0);
    });

    it('take their look with their code, and keep boxy corners under a pill radius', async () => {
      const el: PasskeyUserProfileElement = await loadedProfile(listAdapter());
      el.style.setProperty('--passkey-radius', '999px');
      const trigger = buttonIn(rowOf(el, 'Work laptop'), 'Delete');

      trigger.click();
      await until(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Cancel', 'the confirmation');

      const popover = getComputedStyle(el.shadowRoot!.querySelector('[part="popover"]')!);
      expect(popover.visibility).to.equal('visible');
      expect(popover.position).to.equal('fixed');
      expect(popover.borderTopLeftRadius).to.equal('12px');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="list"]')!).borderTopLeftRadius).to.equal('12px');
      expect(getComputedStyle(trigger).borderTopLeftRadius).to.equal('999px');
    });
  });
});
