import { expect, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-sign-up.js';
import type {
  PasskeyAdapter,
  PasskeyErrorDetail,
  PasskeySignInElement,
  PasskeySignUpElement,
  PasskeySignedInDetail,
  PasskeySignedUpDetail,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  addAuthenticator,
  backendUser,
  currentUser,
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
import { describedBy, typeInto, usernameField } from '../helpers/harness.js';

type Card = PasskeySignUpElement | PasskeySignInElement;
const shadow = (el: Card) => el.shadowRoot!;
const button = (el: Card) => shadow(el).querySelector<HTMLButtonElement>('button[part="button"]')!;
const status = (el: Card) => shadow(el).querySelector('[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim();
const buttonNamed = (el: Card, name: string) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent.trim() === name);

/** Whether the card holds registration options, fetched ahead of the click, for what is typed. */
const prefetched = (el: PasskeySignUpElement) =>
  Boolean(
    (el as unknown as { prefetcher: { ready(key: string): unknown } }).prefetcher.ready(
      `${el.username}\n${el.displayName}`,
    ),
  );

async function signUpCard(template = html`<passkey-sign-up endpoint=${ENDPOINT}></passkey-sign-up>`) {
  return (await readyCard(template)) as unknown as PasskeySignUpElement;
}

describe('<passkey-sign-up>', () => {
  let authenticatorId: string;
  let observer: ReturnType<typeof observe> | undefined;

  beforeEach(async () => {
    await signOut();
    history.replaceState(null, '', location.pathname + location.search);
    authenticatorId = await addAuthenticator();
  });

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    await removeAuthenticator(authenticatorId);
  });

  describe('when the username is free', () => {
    it('creates the account, signs it in, fires passkey-signed-up and follows the redirect', async () => {
      const el = await signUpCard(html`<passkey-sign-up endpoint=${ENDPOINT} redirect="#welcome"></passkey-sign-up>`);
      const username = uniqueUsername('new');
      typeInto(usernameField(el), username);

      const event = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      const { detail } = (await event) as CustomEvent<PasskeySignedUpDetail>;

      expect(detail.passkey.id).to.be.a('string');
      expect(detail.passkey.name).to.be.a('string').and.not.equal('');
      expect(detail.user?.username).to.equal(username);
      expect(detail.passkey).not.to.have.property('user');
      expect((await backendUser(username))?.passkeys).to.have.length(1);
      expect((await currentUser())?.username).to.equal(username);
      await until(() => location.hash === '#welcome', 'redirect');
      await el.updateComplete;
      expect(status(el)).to.equal('Your account is ready.');
      expect(el.getAttribute('state')).to.equal('success');
    });

    it('stays on the page when passkey-signed-up is cancelled', async () => {
      const el = await signUpCard(html`<passkey-sign-up endpoint=${ENDPOINT} redirect="#welcome"></passkey-sign-up>`);
      el.addEventListener('passkey-signed-up', (e) => e.preventDefault());
      typeInto(usernameField(el), uniqueUsername('stay'));

      const event = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      await event;
      await new Promise((r) => setTimeout(r, 100));

      expect(location.hash).to.equal('');
    });

    it('sends the display name with ask-display-name', async () => {
      const el = await signUpCard(html`<passkey-sign-up endpoint=${ENDPOINT} ask-display-name></passkey-sign-up>`);
      const username = uniqueUsername('named');
      const name = el.querySelector<HTMLInputElement>(':scope > input[slot="display-name"]')!;
      expect(name.getAttribute('autocomplete')).to.equal('name');
      typeInto(usernameField(el), username);
      typeInto(name, 'Ada Lovelace');

      const event = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      await event;

      expect((await backendUser(username))?.displayName).to.equal('Ada Lovelace');
    });

    it('keeps its username field in the light DOM for password managers', async () => {
      const el = await signUpCard();

      expect(usernameField(el).getRootNode()).to.equal(document);
      expect(usernameField(el).getAttribute('autocomplete')).to.equal('username');
      expect(usernameField(el).getAttribute('aria-label')).to.equal('Username or email');
    });
  });

  describe('when the options were prefetched', () => {
    it('makes no network request between the click and the browser prompt', async () => {
      await setPresence(authenticatorId, false);
      const el = await signUpCard();
      typeInto(usernameField(el), uniqueUsername('fast'));
      await until(() => prefetched(el), 'prefetch');
      observer = observe();

      button(el).click();
      await until(() => observer!.calls.some((c) => c.kind === 'create'), 'the create request');

      expect(observer.calls.find((c) => c.kind === 'create')!.fetchesBefore).to.equal(0);
      el.remove();
    });
  });

  describe('when the server refuses the name', () => {
    it('says a taken username under the field, keeps it, and puts the focus back', async () => {
      const { username } = await registerUser(uniqueUsername('taken'));
      const el = await signUpCard();
      typeInto(usernameField(el), username);

      const error = oneEvent(el, 'passkey-error');
      button(el).click();
      const { detail } = (await error) as CustomEvent<PasskeyErrorDetail>;
      await el.updateComplete;

      expect(detail).to.include({ code: 'username-taken', action: 'sign-up' });
      expect(usernameField(el).getAttribute('aria-invalid')).to.equal('true');
      expect(describedBy(usernameField(el))).to.equal('That username is taken. Choose another, or sign in.');
      expect(document.activeElement).to.equal(usernameField(el));
      expect(usernameField(el).value).to.equal(username);
      expect(status(el)).to.equal('');
    });

    it('says an unusable username under the field', async () => {
      const el = await signUpCard();
      typeInto(usernameField(el), 'two words');

      const error = oneEvent(el, 'passkey-error');
      button(el).click();
      const { detail } = (await error) as CustomEvent<PasskeyErrorDetail>;
      await el.updateComplete;

      expect(detail.code).to.equal('invalid-username');
      expect(describedBy(usernameField(el))).to.contain('That username can’t be used.');
      expect(document.activeElement).to.equal(usernameField(el));
      expect(usernameField(el).value).to.equal('two words');
    });

    it('clears the message once the name is changed, and signs up with the new one', async () => {
      const el = await signUpCard();
      typeInto(usernameField(el), 'two words');
      const error = oneEvent(el, 'passkey-error');
      button(el).click();
      await error;

      typeInto(usernameField(el), uniqueUsername('fixed'));
      await el.updateComplete;
      expect(usernameField(el).hasAttribute('aria-invalid')).to.equal(false);
      expect(describedBy(usernameField(el))).to.equal('');
      const done = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      await done;
    });
  });

  describe('when this device already has a passkey for the account', () => {
    it('says so and signs in with it instead', async () => {
      const { username, credentialId } = await registerUser(uniqueUsername('again'));
      // A server that knows the device (the reference one refuses the name first) excludes its passkey.
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const adapter: PasskeyAdapter = {
        ...rest,
        getRegistrationOptions: async (_input, ctx) => ({
          ...(await rest.getRegistrationOptions({ username: uniqueUsername('excluded') }, ctx)),
          excludeCredentials: [{ id: credentialId, type: 'public-key' }],
        }),
      };
      const el = await signUpCard(html`<passkey-sign-up .adapter=${adapter}></passkey-sign-up>`);
      typeInto(usernameField(el), username);

      const error = oneEvent(el, 'passkey-error');
      button(el).click();
      expect(((await error) as CustomEvent<PasskeyErrorDetail>).detail.code).to.equal('already-registered');
      await el.updateComplete;
      expect(status(el)).to.equal(
        'This device already has a passkey for that account — sign in instead. Sign in with a passkey',
      );

      const signedIn = oneEvent(el, 'passkey-signed-in');
      buttonNamed(el, 'Sign in with a passkey')!.click();
      const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;

      expect(detail.result.user?.username).to.equal(username);
      expect((await currentUser())?.username).to.equal(username);
    });
  });

  describe('when the user cancels the prompt', () => {
    it('says so quietly, and the next click signs up', async () => {
      const el = await signUpCard();
      const username = uniqueUsername('later');
      typeInto(usernameField(el), username);
      await setUserVerified(authenticatorId, false);

      const error = oneEvent(el, 'passkey-error');
      button(el).click();
      expect(((await error) as CustomEvent<PasskeyErrorDetail>).detail.code).to.equal('cancelled');
      await el.updateComplete;
      expect(status(el)).to.equal('The passkey request was cancelled or timed out. Try again when you’re ready.');
      expect(shadow(el).querySelector('[part="status"]')!.classList.contains('quiet')).to.equal(true);
      expect(usernameField(el).hasAttribute('aria-invalid')).to.equal(false);

      await setUserVerified(authenticatorId, true);
      const done = oneEvent(el, 'passkey-signed-up');
      button(el).click();
      await done;
      expect((await currentUser())?.username).to.equal(username);
    });
  });
});

describe('<passkey-sign-in allow-sign-up>', () => {
  let authenticatorId: string;
  let observer: ReturnType<typeof observe> | undefined;

  beforeEach(async () => {
    await signOut();
    // Without presence autofill stays pending, as for a user who has not picked anything.
    authenticatorId = await addAuthenticator({ automaticPresenceSimulation: false });
  });

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    await removeAuthenticator(authenticatorId);
  });

  const form = (el: PasskeySignInElement) => el.querySelector<PasskeySignUpElement>(':scope > passkey-sign-up');
  const conditional = () => observer!.calls.filter((c) => c.mediation === 'conditional');

  it('offers no sign-up without the attribute', async () => {
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);

    expect(buttonNamed(el, 'Create an account')).to.equal(undefined);
  });

  it('turns into the sign-up form and back, carrying the name and focus, handing autofill over', async () => {
    observer = observe();
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} allow-sign-up></passkey-sign-in>`);
    await until(() => conditional().length === 1, 'autofill');
    typeInto(usernameField(el), 'ada@example.com');

    buttonNamed(el, 'Create an account')!.click();
    await until(() => Boolean(form(el)) && document.activeElement === usernameField(form(el)!), 'the sign-up form');
    const signUp = form(el)!;
    await signUp.updateComplete;

    expect(conditional()[0].signal?.aborted, 'autofill aborted').to.equal(true);
    expect(shadow(signUp).querySelector('[part="heading"]')!.textContent!.trim()).to.equal('Create an account');
    expect(usernameField(signUp).value).to.equal('ada@example.com');
    expect(usernameField(el).getClientRects().length, 'the sign-in field is gone').to.equal(0);
    expect(signUp.getRootNode()).to.equal(document);

    typeInto(usernameField(signUp), 'ada.lovelace@example.com');
    buttonNamed(signUp, 'Sign in')!.click();
    await until(() => !form(el), 'the sign-in card');
    await until(() => conditional().length === 2, 'autofill again');
    await new Promise((r) => setTimeout(r, 300));

    expect(conditional(), 'autofill restarted exactly once').to.have.length(2);
    expect(conditional()[1].signal?.aborted).to.equal(false);
    expect(usernameField(el).value).to.equal('ada.lovelace@example.com');
    expect(document.activeElement).to.equal(usernameField(el));
    expect(buttonNamed(el, 'Sign in with a passkey')).to.not.equal(undefined);
  });

  it('passes settings the page changes later on to the sign-up form', async () => {
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} allow-sign-up></passkey-sign-in>`);
    buttonNamed(el, 'Create an account')!.click();
    await until(() => Boolean(form(el)), 'the sign-up form');
    const signUp = form(el)!;
    await signUp.updateComplete;
    expect(buttonNamed(signUp, 'What is a passkey?')).to.not.equal(undefined);

    el.strings = { signUpLabel: 'Join with a passkey' };
    el.hideExplainer = true;
    el.disabled = true;
    await el.updateComplete;
    await signUp.updateComplete;

    expect(button(signUp).textContent!.trim()).to.equal('Join with a passkey');
    expect(button(signUp).disabled).to.equal(true);
    expect(buttonNamed(signUp, 'What is a passkey?')).to.equal(undefined);
  });

  it('signs up from the switched card, on the same endpoint', async () => {
    await setPresence(authenticatorId, true);
    const el = await readyCard(
      html`<passkey-sign-in endpoint=${ENDPOINT} allow-sign-up redirect="#signed-up"></passkey-sign-in>`,
    );
    buttonNamed(el, 'Create an account')!.click();
    await until(() => Boolean(form(el)), 'the sign-up form');
    const signUp = form(el)!;
    await until(() => Boolean((signUp as unknown as { capabilities?: unknown }).capabilities), 'capabilities');
    const username = uniqueUsername('switched');
    typeInto(usernameField(signUp), username);

    const event = oneEvent(el, 'passkey-signed-up');
    button(signUp).click();
    await event;

    expect((await currentUser())?.username).to.equal(username);
    await until(() => location.hash === '#signed-up', 'redirect');
    history.replaceState(null, '', location.pathname + location.search);
  });
});
