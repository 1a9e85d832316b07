import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-button.js';
import type { PasskeyButtonElement } from '../../src/index.js';
import type { PasskeyErrorDetail, PasskeyRegisteredDetail, PasskeySignedInDetail } from '../../src/index.js';
import {
  addAuthenticator,
  backendUser,
  credentialsOf,
  currentUser,
  signalledDeletion,
  forgetCredentialOnServer,
  removeAuthenticator,
  setPresence,
  setUserVerified,
  signOut,
  uniqueUsername,
  whenCredentialRequested,
} from '../helpers/authenticator.js';

const ENDPOINT = '/api/passkeys';

const buttonOf = (el: PasskeyButtonElement) => el.shadowRoot!.querySelector('button')!;
const statusOf = (el: PasskeyButtonElement) => el.shadowRoot!.querySelector('[role="status"]')!.textContent.trim();

async function click(el: PasskeyButtonElement, type: string) {
  const event = oneEvent(el, type);
  buttonOf(el).click();
  return await event;
}

async function registerButton(username: string) {
  return fixture<PasskeyButtonElement>(
    html`<passkey-button action="register" endpoint=${ENDPOINT} username=${username}></passkey-button>`,
  );
}

async function signInButton(endpoint = ENDPOINT) {
  return fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${endpoint}></passkey-button>`);
}

describe('<passkey-button>', () => {
  let authenticatorId: string;

  beforeEach(async () => {
    await signOut();
    authenticatorId = await addAuthenticator();
  });

  afterEach(async () => {
    await removeAuthenticator(authenticatorId);
  });

  describe('when registering and then signing in', () => {
    it('creates a passkey, stores it on the server and signs in with it', async () => {
      const username = uniqueUsername();
      const register = await registerButton(username);

      const registered = (await click(register, 'passkey-registered')) as CustomEvent<PasskeyRegisteredDetail>;

      const { passkey } = registered.detail;
      expect(passkey.name).to.equal('Passkey');
      expect(passkey.credentialId).to.be.a('string');
      expect(new Date(passkey.createdAt).getTime()).to.be.closeTo(Date.now(), 60_000);
      expect(register.getAttribute('state')).to.equal('success');
      expect(statusOf(register)).to.equal('Your passkey was created.');
      const stored = await backendUser(username);
      expect(stored?.passkeys.map((p) => p.credentialId)).to.deep.equal([passkey.credentialId]);
      const onDevice = await credentialsOf(authenticatorId);
      expect(onDevice.map((c) => c.credentialId)).to.deep.equal([passkey.credentialId]);

      await signOut();
      const signIn = await signInButton();
      const signedIn = (await click(signIn, 'passkey-signed-in')) as CustomEvent<PasskeySignedInDetail>;

      expect(signedIn.detail.result.user?.username).to.equal(username);
      expect(signedIn.cancelable).to.equal(true);
      expect(signedIn.bubbles && signedIn.composed).to.equal(true);
      expect(signIn.getAttribute('state')).to.equal('success');
      expect(statusOf(signIn)).to.equal('You’re signed in.');
      expect((await currentUser())?.username).to.equal(username);
      expect((await backendUser(username))?.passkeys[0]!.lastUsedAt).to.be.a('string');
    });

    it('shows the default label, or the slotted one as the accessible name', async () => {
      const plain = await signInButton();
      const labelled = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="register" endpoint=${ENDPOINT}>Add a passkey</passkey-button>`,
      );

      expect(buttonOf(plain).textContent.trim()).to.equal('Sign in with a passkey');
      expect(labelled.textContent.trim()).to.equal('Add a passkey');
      await expect(plain).to.be.accessible();
    });
  });

  describe('when the user cancels', () => {
    it('reports `cancelled` and works again on the next click', async () => {
      const username = uniqueUsername();
      await click(await registerButton(username), 'passkey-registered');
      await signOut();
      const signIn = await signInButton();
      await setUserVerified(authenticatorId, false);

      const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

      expect(failed.detail).to.deep.equal({
        code: 'cancelled',
        message: 'The passkey request was cancelled or timed out. Try again when you’re ready.',
        action: 'sign-in',
      });
      expect(signIn.getAttribute('state')).to.equal('error');
      expect(statusOf(signIn)).to.equal(failed.detail.message);
      expect(buttonOf(signIn).getAttribute('aria-busy')).to.equal(null);

      await setUserVerified(authenticatorId, true);
      const retried = (await click(signIn, 'passkey-signed-in')) as CustomEvent<PasskeySignedInDetail>;
      expect(retried.detail.result.user?.username).to.equal(username);
    });
  });

  describe('when the same authenticator registers twice', () => {
    it('reports `already-registered` and stores nothing new', async () => {
      const username = uniqueUsername();
      const register = await registerButton(username);
      await click(register, 'passkey-registered');

      // Signed in now: a second passkey for the same account excludes the first.
      const again = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="register" endpoint=${ENDPOINT}></passkey-button>`,
      );
      const failed = (await click(again, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

      expect(failed.detail.code).to.equal('already-registered');
      expect(failed.detail.action).to.equal('register');
      expect(statusOf(again)).to.equal('This device already has a passkey for your account.');
      expect((await backendUser(username))?.passkeys).to.have.length(1);
      expect(await credentialsOf(authenticatorId)).to.have.length(1);
    });
  });

  describe('when the server no longer knows the passkey', () => {
    it('reports `unknown-credential` and removes the passkey from the device', async () => {
      const username = uniqueUsername();
      const registered = (await click(
        await registerButton(username),
        'passkey-registered',
      )) as CustomEvent<PasskeyRegisteredDetail>;
      const credentialId = registered.detail.passkey.credentialId!;
      await forgetCredentialOnServer(credentialId);
      await signOut();
      const signIn = await signInButton();

      const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

      expect(failed.detail.code).to.equal('unknown-credential');
      expect(statusOf(signIn)).to.contain('no longer valid');
      expect(await signalledDeletion(credentialId)).to.equal(true);
      expect(await credentialsOf(authenticatorId)).to.have.length(0);
      expect(await currentUser()).to.equal(null);
    });
  });

  describe('when the server fails', () => {
    for (const [fault, code] of [
      ['500', 'server'],
      ['html-500', 'server'],
      ['malformed', 'server'],
      ['wrong-shape', 'server'],
      ['429', 'rate-limited'],
      ['401', 'unauthorized'],
    ] as const) {
      it(`reports \`${code}\` for a ${fault} reply and stays usable`, async () => {
        const signIn = await signInButton(`/fault/${fault}`);

        const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

        expect(failed.detail.code).to.equal(code);
        expect(signIn.getAttribute('state')).to.equal('error');
        const again = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;
        expect(again.detail.code).to.equal(code);
      });
    }

    it('reports `network` when the server cannot be reached', async () => {
      const signIn = await signInButton('http://127.0.0.1:9/api/passkeys');

      const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

      expect(failed.detail.code).to.equal('network');
      expect(statusOf(signIn)).to.equal('Can’t reach the server. Check your connection and try again.');
    });
  });

  describe('when the element is removed mid-ceremony', () => {
    it('reports `aborted`, closes the prompt, and works again once back', async () => {
      const username = uniqueUsername();
      await click(await registerButton(username), 'passkey-registered');
      await signOut();
      await setPresence(authenticatorId, false);
      const signIn = await signInButton();
      const parent = signIn.parentElement!;
      const requested = whenCredentialRequested('get');
      const failed = oneEvent(signIn, 'passkey-error');

      buttonOf(signIn).click();
      await requested;
      signIn.remove();

      expect(((await failed) as CustomEvent<PasskeyErrorDetail>).detail.code).to.equal('aborted');
      expect(signIn.getAttribute('state')).to.equal('error');
      await setPresence(authenticatorId, true);
      parent.append(signIn);
      const retried = (await click(signIn, 'passkey-signed-in')) as CustomEvent<PasskeySignedInDetail>;
      expect(retried.detail.result.user?.username).to.equal(username);
    });
  });

  describe('when clicked twice', () => {
    it('runs one ceremony', async () => {
      await setPresence(authenticatorId, false);
      const signIn = await signInButton();
      let requests = 0;
      const original = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = (options) => {
        requests++;
        return original(options);
      };
      try {
        const failed = oneEvent(signIn, 'passkey-error');
        buttonOf(signIn).click();
        await whenPending(signIn);
        buttonOf(signIn).click();
        while (requests === 0) await new Promise((r) => setTimeout(r, 5));
        buttonOf(signIn).click();
        expect(buttonOf(signIn).getAttribute('aria-busy')).to.equal('true');
        expect(statusOf(signIn)).to.equal('Waiting for your passkey…');
        signIn.remove();
        await failed;
      } finally {
        navigator.credentials.get = original;
      }
      expect(requests).to.equal(1);
    });
  });
});

async function whenPending(el: PasskeyButtonElement) {
  while (el.getAttribute('state') !== 'pending') await new Promise((r) => setTimeout(r, 5));
  await el.updateComplete;
}
