import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { bufferToBase64URLString } from '@simplewebauthn/browser';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/passkey-button.js';
import { MESSAGES, recordFetches } from '../helpers/reliability.js';
import type { PasskeyButtonElement } from '../../src/index.js';
import type {
  PasskeyAdapter,
  PasskeyErrorDetail,
  PasskeyRegisteredDetail,
  PasskeySignedInDetail,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  backendUser,
  credentialsOf,
  currentUser,
  signalledDeletion,
  spentOptionsFirst,
  forgetCredentialOnServer,
  observe,
  registerUser,
  setPresence,
  setUserVerified,
  signOut,
  uniqueUsername,
  until,
  whenCredentialRequested,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { countingAdapter, ENDPOINT } from '../helpers/elements.js';
import { mainButtonOf as buttonOf, statusOf } from '../helpers/harness.js';

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

/** A sign-in button on the counting adapter. */
async function countingSignInButton() {
  const counting = countingAdapter();
  const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${counting.adapter}></passkey-button>`);
  return { el, counting };
}

/** Moves the real mouse over the button, as a user does before clicking. */
async function hover(el: PasskeyButtonElement) {
  const box = buttonOf(el).getBoundingClientRect();
  await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

async function signInButton(endpoint = ENDPOINT) {
  return fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${endpoint}></passkey-button>`);
}

describe('<passkey-button>', () => {
  const authenticator = useVirtualAuthenticator();

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
      const onDevice = await credentialsOf(authenticator.id);
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

  describe('with hint="security-key"', () => {
    it('asks the browser for a security key, unless the server chose its own hints', async () => {
      const observer = observe();
      try {
        const el = await fixture<PasskeyButtonElement>(
          html`<passkey-button action="register" hint="security-key" endpoint=${ENDPOINT} username=${uniqueUsername()}
            >Add a security key</passkey-button
          >`,
        );
        await click(el, 'passkey-registered');
        await signOut();

        const rest = createRestAdapter({ endpoint: ENDPOINT });
        const serverHints: PasskeyAdapter = {
          ...rest,
          getRegistrationOptions: async (input, ctx) => ({
            ...(await rest.getRegistrationOptions(input, ctx)),
            hints: ['client-device'],
          }),
        };
        const own = await fixture<PasskeyButtonElement>(
          html`<passkey-button
            action="register"
            hint="security-key"
            .adapter=${serverHints}
            username=${uniqueUsername()}
            >Add a security key</passkey-button
          >`,
        );
        await click(own, 'passkey-registered');

        const hints = observer.calls
          .filter((c) => c.kind === 'create')
          .map((c) => (c.publicKey as { hints?: string[] }).hints);
        expect(hints).to.deep.equal([['security-key'], ['client-device']]);
      } finally {
        observer.restore();
      }
    });
  });

  describe('when the user cancels', () => {
    it('reports `cancelled` and works again on the next click', async () => {
      const username = uniqueUsername();
      await click(await registerButton(username), 'passkey-registered');
      await signOut();
      const signIn = await signInButton();
      await setUserVerified(authenticator.id, false);

      const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;

      expect(failed.detail).to.deep.equal({
        code: 'cancelled',
        message: 'The passkey request was cancelled or timed out. Try again when you’re ready.',
        action: 'sign-in',
      });
      expect(signIn.getAttribute('state')).to.equal('error');
      expect(statusOf(signIn)).to.equal(failed.detail.message);
      expect(buttonOf(signIn).getAttribute('aria-busy')).to.equal(null);

      await setUserVerified(authenticator.id, true);
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
      expect(await credentialsOf(authenticator.id)).to.have.length(1);
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
      expect(await credentialsOf(authenticator.id)).to.have.length(0);
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

    it('does not hammer a failing server: after a failed prefetch, focus and hover wait for the click', async () => {
      const fetches = recordFetches();
      try {
        const signIn = await signInButton('/fault/500');
        const options = () => fetches.requests.filter((r) => r.url.includes('/authentication/options')).length;
        buttonOf(signIn).focus();
        await until(() => fetches.requests.every((r) => r.settled !== 'pending') && options() === 1, 'the prefetch');
        await hover(signIn);
        buttonOf(signIn).blur();
        buttonOf(signIn).focus();
        await new Promise((r) => setTimeout(r, 100));
        expect(options()).to.equal(1);

        const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;
        expect(failed.detail.code).to.equal('server');
        // One attempt: the failed prefetch and the click's own request, nothing more.
        expect(options()).to.equal(2);
        await hover(signIn);
        buttonOf(signIn).blur();
        buttonOf(signIn).focus();
        await new Promise((r) => setTimeout(r, 100));
        expect(options()).to.equal(2);
      } finally {
        fetches.restore();
        await sendMouse({ type: 'move', position: [0, 0] });
      }
    });

    it('honours Retry-After: no request ahead of a click until it has passed', async () => {
      const fetches = recordFetches();
      try {
        const signIn = await signInButton('/fault/retry-after');
        const options = () => fetches.requests.filter((r) => r.url.includes('/authentication/options')).length;
        const failed = (await click(signIn, 'passkey-error')) as CustomEvent<PasskeyErrorDetail>;
        expect(failed.detail.code).to.equal('rate-limited');
        expect(statusOf(signIn)).to.equal(MESSAGES['rate-limited']);
        const before = options();
        await hover(signIn);
        buttonOf(signIn).blur();
        buttonOf(signIn).focus();
        await new Promise((r) => setTimeout(r, 100));
        expect(options()).to.equal(before);
      } finally {
        fetches.restore();
        await sendMouse({ type: 'move', position: [0, 0] });
      }
    });

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
      await setPresence(authenticator.id, false);
      const signIn = await signInButton();
      const parent = signIn.parentElement!;
      const requested = whenCredentialRequested('get');
      const failed = oneEvent(signIn, 'passkey-error');

      buttonOf(signIn).click();
      await requested;
      signIn.remove();

      expect(((await failed) as CustomEvent<PasskeyErrorDetail>).detail.code).to.equal('aborted');
      expect(signIn.getAttribute('state')).to.equal('error');
      await setPresence(authenticator.id, true);
      parent.append(signIn);
      const retried = (await click(signIn, 'passkey-signed-in')) as CustomEvent<PasskeySignedInDetail>;
      expect(retried.detail.result.user?.username).to.equal(username);
    });
  });

  describe('when clicked twice', () => {
    it('runs one ceremony', async () => {
      await setPresence(authenticator.id, false);
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
  describe('when the user points at or focuses it before clicking', () => {
    let observer: ReturnType<typeof observe> | undefined;

    afterEach(async () => {
      observer?.restore();
      observer = undefined;
      await sendMouse({ type: 'move', position: [0, 0] });
    });

    it('fetches sign-in options on hover, so the click reaches the prompt with no request', async () => {
      const { username } = await registerUser();
      const { el, counting } = await countingSignInButton();

      await hover(el);
      await until(() => counting.answered === 1, 'the prefetched options');
      observer = observe();
      const signedIn = oneEvent(el, 'passkey-signed-in');
      buttonOf(el).click();
      await until(() => observer!.calls.length > 0, 'the browser prompt');

      expect(observer.calls[0].kind).to.equal('get');
      expect(observer.calls[0].fetchesBefore).to.equal(0);
      await signedIn;
      expect(counting.asked).to.deep.equal([{ kind: 'sign-in', input: {} }]);
      expect((await currentUser())?.username).to.equal(username);
    });

    it('fetches registration options on focus with the names, and creates the passkey with them', async () => {
      const username = uniqueUsername();
      const counting = countingAdapter();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button
          action="register"
          .adapter=${counting.adapter}
          username=${username}
          display-name="Ada"
        ></passkey-button>`,
      );

      buttonOf(el).focus();
      await until(() => counting.answered === 1, 'the prefetched options');
      observer = observe();
      const registered = (await click(el, 'passkey-registered')) as CustomEvent<PasskeyRegisteredDetail>;

      expect(observer.calls.map((c) => [c.kind, c.fetchesBefore])).to.deep.equal([['create', 0]]);
      expect(counting.asked).to.deep.equal([{ kind: 'register', input: { username, displayName: 'Ada' } }]);
      const stored = await backendUser(username);
      expect(stored?.passkeys.map((p) => p.credentialId)).to.deep.equal([registered.detail.passkey.credentialId]);
    });

    it('waits for options still on their way instead of asking twice', async () => {
      const username = uniqueUsername();
      const counting = countingAdapter();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="register" .adapter=${counting.adapter} username=${username}></passkey-button>`,
      );

      buttonOf(el).focus();
      await click(el, 'passkey-registered');

      expect(counting.asked).to.have.length(1);
      expect((await backendUser(username))?.passkeys).to.have.length(1);
    });

    it('asks again when the username changed after the options were fetched', async () => {
      const first = uniqueUsername();
      const second = uniqueUsername();
      const counting = countingAdapter();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="register" .adapter=${counting.adapter} username=${first}></passkey-button>`,
      );

      buttonOf(el).focus();
      await until(() => counting.answered === 1, 'the prefetched options');
      el.username = second;
      await el.updateComplete;
      await click(el, 'passkey-registered');

      expect(counting.asked.map((a) => a.input)).to.deep.equal([{ username: first }, { username: second }]);
      expect((await backendUser(second))?.passkeys).to.have.length(1);
    });

    it('uses options only once: the next click asks for fresh ones', async () => {
      const { username } = await registerUser();
      const { el, counting } = await countingSignInButton();

      buttonOf(el).focus();
      await until(() => counting.answered === 1, 'the prefetched options');
      await click(el, 'passkey-signed-in');
      await signOut();
      await click(el, 'passkey-signed-in');

      expect(counting.asked).to.have.length(2);
      expect((await currentUser())?.username).to.equal(username);
    });

    it('fetches on click when the prefetch failed, and reports only what the click saw', async () => {
      const { username } = await registerUser();
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      let calls = 0;
      const adapter: PasskeyAdapter = {
        ...rest,
        getAuthenticationOptions: (input, ctx) =>
          ++calls === 1 ? Promise.reject(new Error('flaky')) : rest.getAuthenticationOptions(input, ctx),
      };
      const errors: Event[] = [];
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button .adapter=${adapter} @passkey-error=${(e: Event) => errors.push(e)}></passkey-button>`,
      );

      buttonOf(el).focus();
      await until(() => calls === 1, 'the failed prefetch');
      await new Promise((r) => setTimeout(r, 50));
      await click(el, 'passkey-signed-in');

      expect(calls).to.equal(2);
      expect(errors).to.have.length(0);
      expect((await currentUser())?.username).to.equal(username);
    });

    it('retries once, silently, when the options it fetched ahead had expired on the server', async () => {
      const { username } = await registerUser();
      const { adapter, spent, calls } = await spentOptionsFirst(createRestAdapter({ endpoint: ENDPOINT }));
      const errors: Event[] = [];
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button .adapter=${adapter} @passkey-error=${(e: Event) => errors.push(e)}></passkey-button>`,
      );

      buttonOf(el).focus();
      await until(() => calls() === 1, 'the prefetch');
      observer = observe();
      await click(el, 'passkey-signed-in');

      const challenges = observer.calls.map((c) =>
        bufferToBase64URLString((c.publicKey as PublicKeyCredentialRequestOptions).challenge as ArrayBuffer),
      );
      expect(challenges).to.have.length(2);
      expect(challenges[0]).to.equal(spent.challenge);
      expect(challenges[1]).to.not.equal(spent.challenge);
      expect(errors).to.have.length(0);
      expect((await currentUser())?.username).to.equal(username);
    });

    it('fetches nothing while disabled', async () => {
      const counting = countingAdapter();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button .adapter=${counting.adapter} disabled></passkey-button>`,
      );

      await hover(el);
      await new Promise((r) => setTimeout(r, 100));

      expect(counting.asked).to.have.length(0);
    });
  });
});

async function whenPending(el: PasskeyButtonElement) {
  while (el.getAttribute('state') !== 'pending') await new Promise((r) => setTimeout(r, 5));
  await el.updateComplete;
}
