import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-sign-in.js';
import type { PasskeyErrorDetail, PasskeySignInElement, PasskeySignedInDetail } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import { cancelPendingCeremony } from '../../src/core/webauthn.js';
import {
  addAuthenticator,
  currentUser,
  signalledDeletion,
  forgetCredentialOnServer,
  observe,
  registerUser,
  removeAuthenticator,
  setPresence,
  setUserVerified,
  signOut,
  uniqueUsername,
  until,
} from '../helpers/authenticator.js';
import { ENDPOINT, readyCard } from '../helpers/elements.js';
import { SignInHarness } from '../helpers/harness.js';

describe('<passkey-sign-in>', () => {
  let authenticatorId: string;
  let observer: ReturnType<typeof observe> | undefined;

  beforeEach(async () => {
    await signOut();
    history.replaceState(null, '', location.pathname + location.search);
    // Without presence the browser keeps requests open: autofill stays pending, as for a real user.
    authenticatorId = await addAuthenticator({ automaticPresenceSimulation: false });
  });

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    await removeAuthenticator(authenticatorId);
  });

  describe('when signing in with a discoverable passkey', () => {
    it('signs in, fires passkey-signed-in and follows the redirect', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      await setPresence(authenticatorId, false);
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} redirect="#welcome"></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);

      const event = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      const { detail } = (await event) as CustomEvent<PasskeySignedInDetail>;

      expect(detail.result.user?.username).to.equal(username);
      expect(detail.fromOtherDevice).to.equal(false);
      await until(() => location.hash === '#welcome', 'redirect');
      expect((await currentUser())?.username).to.equal(username);
      expect(el.getAttribute('state')).to.equal('success');
      expect(card.status).to.equal('You’re signed in.');
    });

    it('stays on the page when the event is cancelled', async () => {
      await setPresence(authenticatorId, true);
      await registerUser();
      await setPresence(authenticatorId, false);
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} redirect="#welcome"></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);
      el.addEventListener('passkey-signed-in', (e) => e.preventDefault());

      const event = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      await event;
      await new Promise((r) => setTimeout(r, 100));

      expect(location.hash).to.equal('');
    });

    it('refuses to redirect to another origin and says so', async () => {
      await setPresence(authenticatorId, true);
      await registerUser();
      await setPresence(authenticatorId, false);
      const el = await readyCard(
        html`<passkey-sign-in endpoint=${ENDPOINT} redirect="https://evil.example/steal"></passkey-sign-in>`,
      );
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);

      const event = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      await event;
      await el.updateComplete;

      expect(location.href).to.contain(location.origin);
      expect(card.status).to.contain('on another website');
    });
  });

  describe('when the options were prefetched', () => {
    it('makes no network request between the click and the browser prompt', async () => {
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await until(() => card.hasPrefetched(), 'prefetch');
      observer = observe();

      card.mainButton.click();
      await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');

      const modal = observer.calls.find((c) => !c.mediation)!;
      expect(modal.fetchesBefore).to.equal(0);
      el.remove();
    });

    it('fetches options on click when the prefetch failed, and reports only that failure', async () => {
      let calls = 0;
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const adapter = {
        ...rest,
        getAuthenticationOptions: (input: { username?: string }, ctx: { signal: AbortSignal }) =>
          ++calls === 1 ? Promise.reject(new Error('flaky')) : rest.getAuthenticationOptions(input, ctx),
      };
      const errors: Event[] = [];
      const el = await readyCard(
        html`<passkey-sign-in .adapter=${adapter} @passkey-error=${(e: Event) => errors.push(e)}></passkey-sign-in>`,
      );
      const card = new SignInHarness(el);
      await until(() => calls >= 1, 'the failed prefetch');
      observer = observe();

      card.mainButton.click();
      await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');

      expect(errors).to.have.length(0);
      expect(calls).to.be.greaterThan(1);
      el.remove();
    });

    it('passes the server’s hints and timeout to the browser untouched', async () => {
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const adapter = {
        ...rest,
        getAuthenticationOptions: async (input: { username?: string }, ctx: { signal: AbortSignal }) => ({
          ...(await rest.getAuthenticationOptions(input, ctx)),
          hints: ['security-key' as const],
          timeout: 4321,
        }),
      };
      const el = await readyCard(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await until(() => card.hasPrefetched(), 'prefetch');
      observer = observe();

      card.mainButton.click();
      await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');

      const publicKey = observer.calls.find((c) => !c.mediation)!.publicKey as PublicKeyCredentialRequestOptions & {
        hints?: string[];
      };
      expect(publicKey.timeout).to.equal(4321);
      expect(publicKey.hints).to.deep.equal(['security-key']);
      el.remove();
    });
  });

  describe('when the prefetched challenge has expired on the server', () => {
    it('retries once with fresh options, silently', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      await setPresence(authenticatorId, false);
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      let calls = 0;
      const adapter = {
        ...rest,
        // The first options carry a challenge the server never issued (as after a restart).
        getAuthenticationOptions: async (input: { username?: string }, ctx: { signal: AbortSignal }) => {
          const options = await rest.getAuthenticationOptions(input, ctx);
          return ++calls === 1 ? { ...options, challenge: 'c3RhbGUtY2hhbGxlbmdlLWZyb20teWVzdGVyZGF5' } : options;
        },
      };
      const errors: Event[] = [];
      const el = await readyCard(
        html`<passkey-sign-in .adapter=${adapter} @passkey-error=${(e: Event) => errors.push(e)}></passkey-sign-in>`,
      );
      const card = new SignInHarness(el);
      await until(() => card.hasPrefetched(), 'prefetch');
      await setPresence(authenticatorId, true);
      observer = observe();

      const signedIn = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;

      expect(detail.result.user?.username).to.equal(username);
      expect(errors).to.have.length(0);
      expect(observer.calls.filter((c) => !c.mediation)).to.have.length(2);
    });
  });

  describe('with identifier-first', () => {
    it('asks for the username, then signs in with that account', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      await setPresence(authenticatorId, false);
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} identifier-first></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);

      card.mainButton.click();
      await el.updateComplete;
      expect(card.status).to.equal('Enter your username or email to continue.');
      expect(card.field.getAttribute('aria-invalid')).to.equal('true');

      card.field.value = username;
      card.field.dispatchEvent(new Event('input'));
      observer = observe();
      const event = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      const { detail } = (await event) as CustomEvent<PasskeySignedInDetail>;

      expect(detail.result.user?.username).to.equal(username);
      // The reference backend names no credentials (no enumeration): only that account's passkeys can answer.
      const modal = observer.calls.find((c) => !c.mediation)!.publicKey as PublicKeyCredentialRequestOptions;
      expect(modal.allowCredentials ?? []).to.have.length(0);
    });

    it('gives an unknown username the same kind of options as a real one', async () => {
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} identifier-first></passkey-sign-in>`);
      const card = new SignInHarness(el);
      card.field.value = uniqueUsername('nobody');
      observer = observe();

      card.mainButton.click();
      await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');

      const modal = observer.calls.find((c) => !c.mediation)!.publicKey as PublicKeyCredentialRequestOptions;
      expect(modal.allowCredentials ?? []).to.have.length(0);
      expect(modal.userVerification).to.equal('required');
      el.remove();
    });
  });

  describe('when the user cancels', () => {
    it('reports `cancelled` and signs in on the retry', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      await setPresence(authenticatorId, false);
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);
      await setUserVerified(authenticatorId, false);

      const failed = oneEvent(el, 'passkey-error');
      card.mainButton.click();
      const { detail } = (await failed) as CustomEvent<PasskeyErrorDetail>;

      expect(detail.code).to.equal('cancelled');
      await el.updateComplete;
      expect(card.status).to.equal(detail.message);
      await setUserVerified(authenticatorId, true);
      const signedIn = oneEvent(el, 'passkey-signed-in');
      card.mainButton.click();
      expect(((await signedIn) as CustomEvent<PasskeySignedInDetail>).detail.result.user?.username).to.equal(username);
    });
  });

  describe('with passkey autofill', () => {
    it('offers the username field to autofill and signs in when a passkey is picked', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      observer = observe();

      // With presence simulated, Chromium answers the autofill request at once, as if picked.
      const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      const { detail } = await oneEvent<CustomEvent<PasskeySignedInDetail>>(el, 'passkey-signed-in');

      expect(detail.result.user?.username).to.equal(username);
      expect(observer.calls.map((c) => c.mediation)).to.deep.equal(['conditional']);
      expect(card.field.getAttribute('autocomplete')).to.equal('username webauthn');
      expect(card.field.hidden).to.equal(false);
      expect(card.field.getRootNode()).to.equal(document);
    });

    it('is pending while a passkey picked from autofill is verified, and a click then starts nothing', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const adapter = {
        ...rest,
        verifyAuthentication: async (...args: Parameters<typeof rest.verifyAuthentication>) => {
          await gate;
          return rest.verifyAuthentication(...args);
        },
      };
      observer = observe();
      const signedIn: CustomEvent<PasskeySignedInDetail>[] = [];
      const errors: string[] = [];
      const el = await fixture<PasskeySignInElement>(
        html`<passkey-sign-in
          .adapter=${adapter}
          @passkey-signed-in=${(e: CustomEvent<PasskeySignedInDetail>) => signedIn.push(e)}
          @passkey-error=${(e: CustomEvent<PasskeyErrorDetail>) => errors.push(e.detail.code)}
        ></passkey-sign-in>`,
      );
      const card = new SignInHarness(el);
      // Chromium answers the autofill request at once, as if a passkey were picked.
      await until(() => el.getAttribute('state') === 'pending', 'the picked passkey being verified');
      expect(card.mainButton.getAttribute('aria-busy')).to.equal('true');
      expect(card.status).to.equal('Waiting for your passkey…');

      card.mainButton.click();
      await new Promise((r) => setTimeout(r, 100));
      open();
      await until(() => signedIn.length === 1, 'the sign-in');
      await new Promise((r) => setTimeout(r, 200));

      expect(observer.calls.map((c) => c.mediation)).to.deep.equal(['conditional']);
      expect(signedIn).to.have.length(1);
      expect(signedIn[0].detail.result.user?.username).to.equal(username);
      expect(errors).to.deep.equal([]);
    });

    it('shows the field on its first render, so nothing moves when the browser confirms autofill', async () => {
      const el = document.createElement('passkey-sign-in');
      const card = new SignInHarness(el);
      el.setAttribute('endpoint', ENDPOINT);
      document.body.append(el);
      try {
        await el.updateComplete;
        expect(card.capabilitiesKnown).to.equal(false);
        const before = el.getBoundingClientRect().height;
        const shownBefore = !card.field.hidden;

        await until(() => card.capabilitiesKnown, 'capabilities');
        await el.updateComplete;

        expect(shownBefore).to.equal(true);
        expect(card.field.hidden).to.equal(false);
        expect(el.getBoundingClientRect().height).to.equal(before);
      } finally {
        el.remove();
      }
    });

    it('signs in on a click that comes while autofill is still being prepared', async () => {
      await setPresence(authenticatorId, true);
      const { username } = await registerUser();
      // "Is autofill available?" answers only when the test lets it, in order: the autofill
      // request is held back until then, as a busy browser may hold it.
      const pkc = PublicKeyCredential as unknown as { isConditionalMediationAvailable(): Promise<boolean> };
      const probe = pkc.isConditionalMediationAvailable;
      const held: (() => void)[] = [];
      const release = () => held.splice(0).forEach((answer) => answer());
      pkc.isConditionalMediationAvailable = function (this: unknown) {
        return new Promise<void>((resolve) => held.push(resolve)).then(() => probe.call(this));
      };
      try {
        observer = observe();
        const errors: string[] = [];
        const el = await readyCard(
          html`<passkey-sign-in
            endpoint=${ENDPOINT}
            @passkey-error=${(e: CustomEvent<PasskeyErrorDetail>) => errors.push(e.detail.code)}
          ></passkey-sign-in>`,
        );
        const card = new SignInHarness(el);
        await until(() => held.length > 0, 'autofill being prepared');
        expect(observer.calls).to.have.length(0);

        const ended = Promise.race([oneEvent(el, 'passkey-signed-in'), oneEvent(el, 'passkey-error')]);
        card.mainButton.click();
        await new Promise((r) => setTimeout(r, 50));
        release();
        const outcome = (await ended) as CustomEvent<PasskeySignedInDetail>;
        await new Promise((r) => setTimeout(r, 200));

        expect(errors).to.deep.equal([]);
        expect(outcome.type).to.equal('passkey-signed-in');
        expect(outcome.detail.result.user?.username).to.equal(username);
        expect(observer.calls.at(-1)!.mediation).to.equal(undefined);
      } finally {
        // Whatever is still pending must not outlive the test.
        release();
        cancelPendingCeremony();
        observer?.restore();
        observer = undefined;
        pkc.isConditionalMediationAvailable = probe;
      }
    });

    it('aborts autofill silently when the button is clicked', async () => {
      observer = observe();
      const errors: Event[] = [];
      const el = await readyCard(
        html`<passkey-sign-in endpoint=${ENDPOINT} @passkey-error=${(e: Event) => errors.push(e)}></passkey-sign-in>`,
      );
      const card = new SignInHarness(el);
      await until(() => observer!.calls.length === 1, 'the autofill request');

      card.mainButton.click();
      await until(() => observer!.calls.length === 2, 'the modal request');
      await new Promise((r) => setTimeout(r, 200));

      expect(observer.calls.map((c) => c.mediation)).to.deep.equal(['conditional', undefined]);
      expect(errors).to.have.length(0);
      expect(card.status).to.equal('Waiting for your passkey…');
      el.remove();
    });

    it('aborts autofill silently when the card leaves the page', async () => {
      observer = observe();
      const errors: Event[] = [];
      const el = await readyCard(
        html`<passkey-sign-in endpoint=${ENDPOINT} @passkey-error=${(e: Event) => errors.push(e)}></passkey-sign-in>`,
      );
      await until(() => observer!.calls.length === 1, 'the autofill request');

      el.remove();
      await new Promise((r) => setTimeout(r, 200));

      expect(errors).to.have.length(0);
    });

    it('lets two cards on one page share the one autofill request', async () => {
      observer = observe();
      await fixture(
        html`<div>
          <passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in
          ><passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>
        </div>`,
      );
      await until(() => observer!.calls.length >= 1, 'the autofill request');
      await new Promise((r) => setTimeout(r, 300));

      expect(observer.calls.filter((c) => c.mediation === 'conditional')).to.have.length(1);
    });
  });

  describe('when the passkey is unknown to the server', () => {
    it('explains it and removes the passkey from the device', async () => {
      await setPresence(authenticatorId, true);
      const { credentialId } = await registerUser();
      await forgetCredentialOnServer(credentialId);
      await setPresence(authenticatorId, false);
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      await setPresence(authenticatorId, true);

      const failed = oneEvent(el, 'passkey-error');
      card.mainButton.click();
      const { detail } = (await failed) as CustomEvent<PasskeyErrorDetail>;

      expect(detail.code).to.equal('unknown-credential');
      expect(detail.message).to.contain('no longer valid for this site');
      expect(await signalledDeletion(credentialId)).to.equal(true);
    });
  });

  describe('when removed mid-ceremony', () => {
    it('reports `aborted` and leaves no pending request', async () => {
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      observer = observe();
      card.mainButton.click();
      await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');

      const failed = oneEvent(el, 'passkey-error');
      el.remove();

      expect(((await failed) as CustomEvent<PasskeyErrorDetail>).detail.code).to.equal('aborted');
    });
  });

  describe('when passkeys are not supported', () => {
    it('says so and shows the fallback instead of a button', async () => {
      const original = Object.getOwnPropertyDescriptor(window, 'PublicKeyCredential')!;
      delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
      try {
        const el = await readyCard(
          html`<passkey-sign-in endpoint=${ENDPOINT}>
            <a slot="fallback" href="/password">Sign in with a password</a>
          </passkey-sign-in>`,
        );
        const card = new SignInHarness(el);

        expect(card.mainButton).to.equal(null);
        expect(card.root.querySelector('[part="notice"]')!.textContent).to.contain('doesn’t support passkeys');
        const slot = card.root.querySelector<HTMLSlotElement>('slot[name="fallback"]')!;
        expect(slot.assignedElements()[0].textContent).to.equal('Sign in with a password');
        await expect(el).to.be.accessible();
      } finally {
        Object.defineProperty(window, 'PublicKeyCredential', original);
      }
    });
  });

  describe('“What is a passkey?”', () => {
    it('opens three short points in a popover and closes on Escape', async () => {
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const card = new SignInHarness(el);
      const toggle = card.root.querySelector<HTMLButtonElement>('[part="explainer-button"]')!;

      toggle.click();
      await until(() => Boolean(card.root.querySelector('[part="explainer"]')), 'the explainer');
      await until(() => Boolean(card.root.activeElement?.closest('[part="explainer"]')), 'focus in the explainer');
      const explainer = card.root.querySelector('[part="explainer"]')!;

      expect(toggle.textContent.trim()).to.equal('What is a passkey?');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect([...explainer.querySelectorAll('li')].map((li) => li.textContent)).to.have.length(3);
      await expect(el).to.be.accessible();
      card.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await el.updateComplete;
      expect(card.root.querySelector('[part="explainer"]')).to.equal(null);
      expect(card.root.activeElement).to.equal(toggle);
      el.remove();
    });

    it('is hidden with hide-explainer', async () => {
      const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} hide-explainer></passkey-sign-in>`);
      const card = new SignInHarness(el);

      expect(card.root.querySelector('[part="explainer-button"]')).to.equal(null);
      el.remove();
    });
  });

  it('is accessible, with a labelled field and button', async () => {
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} identifier-first></passkey-sign-in>`);
    const card = new SignInHarness(el);

    expect(card.field.getAttribute('aria-label')).to.equal('Username or email');
    expect(card.mainButton.textContent.trim()).to.equal('Sign in with a passkey');
    await expect(el).to.be.accessible();
  });
});
