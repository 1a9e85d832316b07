import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-upgrade.js';
import {
  PasskeyError,
  type PasskeyAdapter,
  type PasskeyErrorDetail,
  type PasskeyPromptDetail,
  type PasskeyRegisteredDetail,
  type PasskeySignedInDetail,
  type PasskeyUpgradeElement,
} from '../../src/index.js';
import {
  addAuthenticator,
  backendUser,
  credentialsOf,
  observe,
  registerUser,
  removeAuthenticator,
  signOut,
  until,
} from '../helpers/authenticator.js';
import { countingAdapter, createButtonOf, readyCard } from '../helpers/elements.js';
import { mainButtonOf, UpgradeHarness } from '../helpers/harness.js';

const ENDPOINT = '/api/passkeys';
const root = (el: PasskeyUpgradeElement) => el.shadowRoot!;
const button = (el: PasskeyUpgradeElement, label: string) =>
  [...root(el).querySelectorAll('button')].find((b) => b.textContent.trim() === label)!;
const card = (el: PasskeyUpgradeElement) => root(el).querySelector('[part="card"]');
/** The card's heading (an `h2`), white space folded. */
const headingOf = (el: PasskeyUpgradeElement) => root(el).querySelector('h2')?.textContent.trim();
const DAY = 24 * 60 * 60 * 1000;
const laterKey = (user: string) => `passkey-upgrade:later:${user.toLowerCase()}`;

/**
 * A card for `user` (with `attributes` such as `remind-after-days="0"`): the element once it
 * showed the card, or null when it stayed hidden for a second.
 */
async function cardFor(user: string, attributes = ''): Promise<PasskeyUpgradeElement | null> {
  let shown = false;
  const el = await fixture<PasskeyUpgradeElement>(
    staticHtml`<passkey-upgrade endpoint=${ENDPOINT} username=${user} manual ${unsafeStatic(attributes)} @passkey-prompt-shown=${() => (shown = true)}></passkey-upgrade>`,
  );
  await until(() => shown, 'the card', 1000).catch(() => undefined);
  await el.updateComplete;
  return shown && card(el) ? el : null;
}
/** Whether a card for `user` asks (a boolean: a failed assertion then prints no element). */
const asks = async (user: string, attributes = '') => (await cardFor(user, attributes)) !== null;
describe('<passkey-upgrade>', () => {
  let authenticatorId: string;
  let username: string;

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    await signOut();
    // A first passkey signs the user in; the upgrade then adds one on a second authenticator.
    authenticatorId = await addAuthenticator();
    ({ username } = await registerUser(undefined, { stay: true }));
    await removeAuthenticator(authenticatorId);
    authenticatorId = await addAuthenticator();
  });

  afterEach(async () => {
    await removeAuthenticator(authenticatorId);
  });

  describe('with the card', () => {
    async function shown() {
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade endpoint=${ENDPOINT} username=${username} manual></passkey-upgrade>`,
      );
      await oneEvent(el, 'passkey-prompt-shown');
      await el.updateComplete;
      return el;
    }

    it('offers a passkey and creates it on "Create a passkey"', async () => {
      const observer = observe();
      const el = await shown();
      const upgrade = new UpgradeHarness(el);

      expect(observer.calls).to.have.length(0);
      expect(headingOf(el)).to.equal('Sign in faster next time');
      const accepted = oneEvent(el, 'passkey-prompt-accepted');
      const registered = oneEvent(el, 'passkey-registered');
      upgrade.button('Create a passkey').click();
      await accepted;
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;
      observer.restore();

      expect(observer.calls.map((c) => c.kind)).to.deep.equal(['create']);
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).to.include(detail.passkey.id);
      await el.updateComplete;
      expect(upgrade.status).to.contain('Your passkey is ready');
      await expect(el).to.be.accessible();
    });

    it('fetches the options when focus reaches "Create a passkey", so the click needs no request', async () => {
      const counting = countingAdapter();
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade .adapter=${counting.adapter} username=${username} manual></passkey-upgrade>`,
      );
      const upgrade = new UpgradeHarness(el);
      await oneEvent(el, 'passkey-prompt-shown');
      await el.updateComplete;

      upgrade.button('Create a passkey').focus();
      await until(() => counting.answered === 1, 'the prefetched options');
      const observer = observe();
      const registered = oneEvent(el, 'passkey-registered');
      upgrade.button('Create a passkey').click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;
      observer.restore();

      expect(observer.calls.map((c) => [c.kind, c.fetchesBefore])).to.deep.equal([['create', 0]]);
      expect(counting.asked).to.have.length(1);
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).to.include(detail.passkey.id);
    });

    it('reports a failure once, in its own status line, and reflects the state', async () => {
      const failing = {
        ...countingAdapter().adapter,
        getRegistrationOptions: () => Promise.reject(new PasskeyError('network')),
      };
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade .adapter=${failing} username=${username} manual></passkey-upgrade>`,
      );
      await oneEvent(el, 'passkey-prompt-shown');
      await el.updateComplete;
      const events: string[] = [];
      for (const type of ['passkey-prompt-accepted', 'passkey-error', 'passkey-registered'] as const)
        document.addEventListener(type, () => events.push(type));

      createButtonOf(el)!.click();
      const { detail } = (await oneEvent(el, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 100));

      expect(events).to.deep.equal(['passkey-prompt-accepted', 'passkey-error']);
      expect(detail).to.deep.equal({ code: 'network', message: detail.message, action: 'register' });
      expect(el.getAttribute('state')).to.equal('error');
      expect(root(el).querySelector('[part="status"]')!.textContent).to.equal(detail.message);
    });

    it('hides on "Not now" for this user, in this browser, for 14 days', async () => {
      const el = await shown();
      const upgrade = new UpgradeHarness(el);

      const dismissed = oneEvent(el, 'passkey-prompt-dismissed');
      upgrade.button('Not now').click();
      const { detail } = (await dismissed) as CustomEvent<PasskeyPromptDetail>;
      await el.updateComplete;

      expect(detail.permanent).to.equal(false);
      expect(upgrade.card).to.equal(null);
      // At the next sign-in, in a new tab too (local, not session, storage), the card stays away.
      sessionStorage.clear();
      expect(await asks(username), 'the same user, just after').to.equal(false);
      // Another user on the same browser is still asked.
      expect(await asks('someone-else')).to.equal(true);

      // 13 days later it still waits; 15 days later it asks again.
      localStorage.setItem(laterKey(username), String(Date.now() - 13 * DAY));
      expect(await asks(username), 'after 13 days').to.equal(false);
      localStorage.setItem(laterKey(username), String(Date.now() - 15 * DAY));
      const again = await cardFor(username);
      expect(again !== null, 'after 15 days').to.equal(true);
      expect(new UpgradeHarness(again!).buttonNames).to.include.members(['Create a passkey', 'Not now']);
    });

    it('waits remind-after-days after "Not now"; 0 asks again at the next sign-in', async () => {
      const el = await shown();
      button(el, 'Not now').click();
      await el.updateComplete;

      expect(await asks(username, 'remind-after-days="0"'), 'remind-after-days="0"').to.equal(true);
      localStorage.setItem(laterKey(username), String(Date.now() - 15 * DAY));
      expect(await asks(username, 'remind-after-days="30"'), '15 days of 30').to.equal(false);
      expect(await asks(username, 'remind-after-days="7"'), '15 days of 7').to.equal(true);
    });

    it('asks as usual when what "Not now" stored is unreadable', async () => {
      for (const value of ['garbage', '', '1', '{"at":1}', String(Date.now() + 30 * DAY), 'NaN', '-1']) {
        localStorage.setItem(laterKey(username), value);
        expect(await asks(username), `stored ${JSON.stringify(value)}`).to.equal(true);
      }
    });

    it('still works, and forgets, where storage throws', async () => {
      const { getItem, setItem } = Storage.prototype;
      Storage.prototype.getItem = Storage.prototype.setItem = () => {
        throw new DOMException('denied', 'SecurityError');
      };
      try {
        const el = await cardFor(username);
        expect(el !== null).to.equal(true);
        let dismissed = false;
        el!.addEventListener('passkey-prompt-dismissed', () => (dismissed = true));
        // No waiting on an event that may never come: the storage must be restored in time for later tests.
        button(el!, 'Not now').click();
        await el!.updateComplete;
        expect(dismissed).to.equal(true);
        expect(Boolean(card(el!)), 'the card, after Not now').to.equal(false);
        expect(await asks(username), 'asked again: nothing could be remembered').to.equal(true);
      } finally {
        Storage.prototype.getItem = getItem;
        Storage.prototype.setItem = setItem;
      }
    });

    it('ends the passkey being created when the user chooses "Not now"', async () => {
      const counting = countingAdapter();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let asked = 0;
      let verified = 0;
      const adapter: PasskeyAdapter = {
        ...counting.adapter,
        // The options are slow to come: the user gives up before the prompt.
        getRegistrationOptions: async (input, ctx) => {
          asked++;
          await held;
          return counting.adapter.getRegistrationOptions(input, ctx);
        },
        verifyRegistration: (response, ctx) => {
          verified++;
          return counting.adapter.verifyRegistration(response, ctx);
        },
      };
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade .adapter=${adapter} username=${username} manual></passkey-upgrade>`,
      );
      await oneEvent(el, 'passkey-prompt-shown');
      await el.updateComplete;
      const events: string[] = [];
      for (const type of ['passkey-registered', 'passkey-error'] as const)
        el.addEventListener(type, () => events.push(type));

      const observer = observe();
      void el.create();
      await until(() => asked === 1, 'the options request');
      button(el, 'Not now').click();
      release();
      await new Promise((r) => setTimeout(r, 500));
      observer.restore();

      expect(observer.calls, 'no browser prompt').to.deep.equal([]);
      expect(verified).to.equal(0);
      expect(events).to.deep.equal([]);
      expect((await backendUser(username))!.passkeys).to.have.length(1);
      expect(card(el)).to.equal(null);
      expect(el.getAttribute('state')).to.equal('idle');
    });

    it('creates nothing from create() once the card is gone', async () => {
      const el = await shown();
      button(el, 'Not now').click();
      await el.updateComplete;
      const events: string[] = [];
      for (const type of ['passkey-prompt-accepted', 'passkey-registered', 'passkey-error'] as const)
        el.addEventListener(type, () => events.push(type));

      const observer = observe();
      await el.create();
      await new Promise((r) => setTimeout(r, 300));
      observer.restore();

      expect(observer.calls, 'no browser prompt').to.deep.equal([]);
      expect(observer.fetches, 'no request').to.equal(0);
      expect(events).to.deep.equal([]);
      expect((await backendUser(username))!.passkeys).to.have.length(1);
    });

    it('never comes back for this user after "Don’t ask again"', async () => {
      const el = await shown();
      const upgrade = new UpgradeHarness(el);

      const dismissed = oneEvent(el, 'passkey-prompt-dismissed');
      upgrade.button('Don’t ask again').click();
      expect(((await dismissed) as CustomEvent<PasskeyPromptDetail>).detail.permanent).to.equal(true);

      let shownAgain = false;
      const again = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade
          endpoint=${ENDPOINT}
          username=${username}
          manual
          @passkey-prompt-shown=${() => (shownAgain = true)}
        ></passkey-upgrade>`,
      );
      const upgradeAgain = new UpgradeHarness(again);
      await new Promise((r) => setTimeout(r, 300));
      expect(shownAgain).to.equal(false);
      expect(upgradeAgain.card).to.equal(null);

      // Another user on the same browser is still asked.
      const other = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade endpoint=${ENDPOINT} username="someone-else" manual></passkey-upgrade>`,
      );
      await oneEvent(other, 'passkey-prompt-shown');
    });

    it('explains what a passkey is', async () => {
      const el = await shown();
      const upgrade = new UpgradeHarness(el);

      upgrade.button('What is a passkey?').click();
      await until(() => Boolean(upgrade.root.querySelector('[part="explainer"]')), 'the explainer');

      const explainer = upgrade.root.querySelector('[part="explainer"]')!;
      expect(explainer.querySelectorAll('li')).to.have.length(3);
      expect(explainer.textContent).to.contain('only works on the site it was made for');
      await expect(el).to.be.accessible();
    });
  });

  describe('after a sign-in from another device', () => {
    it('says "Sign in faster on this device" and creates the passkey here', async () => {
      // The user's only passkey is on a security key: a cross-platform authenticator.
      await signOut();
      await removeAuthenticator(authenticatorId);
      let securityKey: string | undefined = await addAuthenticator({ transport: 'usb' });
      let detail: PasskeySignedInDetail | undefined;
      let keyUser = '';
      try {
        ({ username: keyUser } = await registerUser());
        const signIn = await readyCard(
          html`<passkey-sign-in
            endpoint=${ENDPOINT}
            @passkey-signed-in=${(e: CustomEvent<PasskeySignedInDetail>) => (detail = e.detail)}
          ></passkey-sign-in>`,
        );
        // Autofill may already have signed in with the key; else the button does.
        if (!detail) mainButtonOf(signIn).click();
        await until(() => Boolean(detail), 'the sign-in');
        // The key goes back in the pocket: this device's own authenticator makes the new passkey.
        await removeAuthenticator(securityKey);
        securityKey = undefined;
      } finally {
        if (securityKey) await removeAuthenticator(securityKey);
        authenticatorId = await addAuthenticator();
      }
      const { result, fromOtherDevice } = detail!;
      expect(result.user?.username).to.equal(keyUser);
      expect(fromOtherDevice).to.equal(true);

      // The page offers a passkey on this device, for the user who signed in.
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade
          endpoint=${ENDPOINT}
          username=${keyUser}
          reason=${fromOtherDevice ? 'other-device' : 'password'}
          manual
        ></passkey-upgrade>`,
      );
      await oneEvent(el, 'passkey-prompt-shown');
      await el.updateComplete;
      const upgrade = new UpgradeHarness(el);
      expect(headingOf(el)).to.equal('Sign in faster on this device');
      expect(upgrade.part('body')!.textContent).to.contain('No phone or security key needed');
      await expect(el).to.be.accessible();

      const registered = oneEvent(el, 'passkey-registered');
      upgrade.button('Create a passkey').click();
      const { detail: created } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;
      expect((await credentialsOf(authenticatorId)).map((c) => c.userName)).to.deep.equal([keyUser]);
      expect((await backendUser(keyUser))!.passkeys.map((p) => p.id)).to.include(created.passkey.id);
    });
  });

  describe('where the browser creates passkeys silently', () => {
    it('tries conditional create first and never opens a dialog on load', async () => {
      const observer = observe();
      let registered = false;
      const el = await fixture<PasskeyUpgradeElement>(
        html`<passkey-upgrade
          endpoint=${ENDPOINT}
          username=${username}
          @passkey-registered=${() => (registered = true)}
        ></passkey-upgrade>`,
      );
      const upgrade = new UpgradeHarness(el);
      await until(() => registered || Boolean(upgrade.card), 'a silent passkey or the card');
      observer.restore();

      // Chromium reports conditionalCreate: one silent request; the card follows while it waits.
      expect(observer.calls.map((c) => [c.kind, c.mediation])).to.deep.equal([['create', 'conditional']]);
      if (registered) return;
      const modal = oneEvent(el, 'passkey-registered');
      observer.calls.length = 0;
      const watch = observe();
      upgrade.button('Create a passkey').click();
      await modal;
      watch.restore();
      expect(watch.calls.map((c) => [c.kind, c.mediation])).to.deep.equal([['create', undefined]]);
    });
  });
});
