import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-up.js';
import '../../src/passkey-user-profile.js';
import { createBetterAuthAdapter } from '../../src/adapters/better-auth.js';
import type {
  PasskeyButtonElement,
  PasskeyErrorDetail,
  PasskeyRegisteredDetail,
  PasskeySignUpElement,
  PasskeySignedUpDetail,
} from '../../src/index.js';
import {
  credentialsOf,
  setUserVerified,
  uniqueUsername,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { loadedProfile, readyCard } from '../helpers/elements.js';
import { ButtonHarness, ProfileHarness, describedBy, typeInto, usernameField } from '../helpers/harness.js';

// `<passkey-sign-up>` on a Better Auth server configured for passkey-first
// sign-up: the test server mounts it under /api/auth-sign-up, as
// docs/adapters.md#passkey-first-sign-up shows (test/helpers/better-auth.mjs).
const BASE = '/api/auth-sign-up';
const adapter = createBetterAuthAdapter({ baseURL: BASE });

interface StoredPasskey {
  id: string;
  credentialID: string;
}

/** What Better Auth stored for the account (read on the test server); null when there is no account. */
const storedPasskeys = (email: string) =>
  executeServerCommand<StoredPasskey[] | null, { email: string }>('better-auth:passkeys', { email });

/** How many accounts Better Auth has with that email. */
const accounts = (email: string) => executeServerCommand<number, { email: string }>('better-auth:accounts', { email });

/** How many sessions Better Auth holds for the account. */
const sessions = (email: string) => executeServerCommand<number, { email: string }>('better-auth:sessions', { email });

async function authPost(path: string, body: unknown): Promise<Response> {
  return fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Creates an account with email and password; Better Auth signs it in. */
async function passwordAccount(): Promise<string> {
  const email = uniqueUsername('better-auth-password');
  const response = await authPost('/sign-up/email', { email, password: 'correct horse battery', name: 'Alice' });
  if (!response.ok) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return email;
}

const signOut = () => authPost('/sign-out', {});

async function session(): Promise<{ user: { email: string; name: string } } | null> {
  return (await (await fetch(`${BASE}/get-session`)).json()) as { user: { email: string; name: string } } | null;
}

// ---- the card ----

const shadow = (el: PasskeySignUpElement) => el.shadowRoot!;
const button = (el: PasskeySignUpElement) => shadow(el).querySelector<HTMLButtonElement>('button[part="button"]')!;
const status = (el: PasskeySignUpElement) =>
  shadow(el).querySelector('[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim();
const nameField = (el: PasskeySignUpElement) =>
  el.querySelector<HTMLInputElement>(':scope > input[slot="display-name"]')!;

async function signUpCard(template = html`<passkey-sign-up .adapter=${adapter}></passkey-sign-up>`) {
  return (await readyCard(template)) as unknown as PasskeySignUpElement;
}

/** Clicks the card's button and waits for its `passkey-error`. */
async function refused(el: PasskeySignUpElement): Promise<PasskeyErrorDetail> {
  const error = oneEvent(el, 'passkey-error');
  button(el).click();
  const { detail } = (await error) as CustomEvent<PasskeyErrorDetail>;
  await el.updateComplete;
  return detail;
}

describe('<passkey-sign-up> with createBetterAuthAdapter() on a Better Auth server set up for sign-up', () => {
  beforeEach(() => signOut());
  const authenticator = useVirtualAuthenticator();

  describe('when the username is free', () => {
    it('creates the account with the passkey, signs it in and reports both', async () => {
      const el = await signUpCard(html`<passkey-sign-up ask-display-name .adapter=${adapter}></passkey-sign-up>`);
      const email = uniqueUsername('better-auth-new');
      typeInto(usernameField(el), email);
      typeInto(nameField(el), 'Ada Lovelace');

      const signedUp = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      const { detail } = (await signedUp) as CustomEvent<PasskeySignedUpDetail>;

      const stored = (await storedPasskeys(email))!;
      expect(stored.map((p) => p.id)).to.deep.equal([detail.passkey.id]);
      expect(detail.passkey.credentialId).to.equal(stored[0].credentialID);
      expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([
        stored[0].credentialID,
      ]);
      expect(detail.user).to.deep.include({ username: email, displayName: 'Ada Lovelace' });
      expect(detail.user?.id).to.be.a('string');
      expect(detail.passkey).not.to.have.property('user');
      expect(detail.passkey).not.to.have.property('session');
      // Signed in: Better Auth answers for the new account, with one session.
      expect((await session())?.user).to.include({ email, name: 'Ada Lovelace' });
      expect((await fetch(`${BASE}/passkey/list-user-passkeys`)).status).to.equal(200);
      expect(await sessions(email)).to.equal(1);
      expect(status(el)).to.equal('Your account is ready.');
    });
  });

  describe('when Better Auth refuses the name', () => {
    it('says a taken username under the field, keeps it, puts the focus back, and adds nothing', async () => {
      const email = await passwordAccount();
      await signOut();
      const el = await signUpCard();
      typeInto(usernameField(el), email);

      const detail = await refused(el);

      expect(detail).to.include({ code: 'username-taken', action: 'sign-up' });
      expect(usernameField(el).getAttribute('aria-invalid')).to.equal('true');
      expect(describedBy(usernameField(el))).to.equal('That username is taken. Choose another, or sign in.');
      expect(document.activeElement).to.equal(usernameField(el));
      expect(usernameField(el).value).to.equal(email);
      expect(status(el)).to.equal('');
      expect(await credentialsOf(authenticator.id)).to.deep.equal([]);
      expect(await accounts(email)).to.equal(1);
      expect(await storedPasskeys(email)).to.deep.equal([]);
      expect(await session()).to.equal(null);
    });

    it('says an unusable username under the field', async () => {
      const el = await signUpCard();
      typeInto(usernameField(el), 'two words');

      const detail = await refused(el);

      expect(detail).to.include({ code: 'invalid-username', action: 'sign-up' });
      expect(usernameField(el).getAttribute('aria-invalid')).to.equal('true');
      expect(describedBy(usernameField(el))).to.contain('That username can’t be used.');
      expect(document.activeElement).to.equal(usernameField(el));
      expect(usernameField(el).value).to.equal('two words');
      expect(await credentialsOf(authenticator.id)).to.deep.equal([]);
      expect(await accounts('two words')).to.equal(0);
    });
  });

  describe('when the user cancels the prompt', () => {
    it('leaves no account behind, and the next click signs up', async () => {
      const el = await signUpCard();
      const email = uniqueUsername('better-auth-later');
      typeInto(usernameField(el), email);
      await setUserVerified(authenticator.id, false);

      expect((await refused(el)).code).to.equal('cancelled');
      expect(status(el)).to.equal('The passkey request was cancelled or timed out. Try again when you’re ready.');
      expect(usernameField(el).hasAttribute('aria-invalid')).to.equal(false);
      expect(await accounts(email)).to.equal(0);

      await setUserVerified(authenticator.id, true);
      const signedUp = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      const { detail } = (await signedUp) as CustomEvent<PasskeySignedUpDetail>;

      expect((await storedPasskeys(email))!.map((p) => p.id)).to.deep.equal([detail.passkey.id]);
      expect(await accounts(email)).to.equal(1);
      expect((await session())?.user.email).to.equal(email);
    });
  });

  describe('when a signed-in user adds a passkey on the same server', () => {
    it('the profile adds it to their account in the session they have', async () => {
      const email = await passwordAccount();
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      const registered = oneEvent(el, 'passkey-registered');
      profile.addButton.click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      expect((await storedPasskeys(email))!.map((p) => p.id)).to.deep.equal([detail.passkey.id]);
      await until(() => profile.rows.length === 1, 'the new row');
      expect((await session())?.user.email).to.equal(email);
      expect(await sessions(email)).to.equal(1);
    });

    it('a button given the username (as the upgrade card gives it) opens no second session', async () => {
      const email = await passwordAccount();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="register" username=${email} .adapter=${adapter}>Add a passkey</passkey-button>`,
      );
      const harness = new ButtonHarness(el);

      const registered = oneEvent(el, 'passkey-registered');
      harness.mainButton.click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      expect((await storedPasskeys(email))!.map((p) => p.id)).to.deep.equal([detail.passkey.id]);
      expect(await sessions(email)).to.equal(1);
      expect((await session())?.user.email).to.equal(email);
      expect(detail).not.to.have.nested.property('passkey.user');
    });
  });

  describe('when the session has gone', () => {
    it('the profile’s add (no username) says to sign in again, not that a name is wrong', async () => {
      const email = await passwordAccount();
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);
      await signOut();

      const failed = oneEvent(el, 'passkey-error');
      profile.addButton.click();
      const { detail } = (await failed) as CustomEvent<PasskeyErrorDetail>;

      expect(detail.code).to.equal('unauthorized');
      expect(await storedPasskeys(email)).to.deep.equal([]);
      expect(await accounts(email)).to.equal(1);
    });
  });
});
