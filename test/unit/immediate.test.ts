import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { createRestAdapter } from '../../src/index.js';
import { detectCapabilities } from '../../src/core/capabilities.js';
import { getAssertionImmediately, signInHere } from '../../src/core/immediate.js';
import { getAssertion } from '../../src/core/webauthn.js';
import {
  autofillWaiting,
  currentUser,
  observe,
  registerUser,
  setPresence,
  useVirtualAuthenticator,
  until,
} from '../helpers/authenticator.js';
import { ENDPOINT } from '../helpers/elements.js';

const rest = createRestAdapter({ endpoint: ENDPOINT });
const options = () => rest.getAuthenticationOptions({}, { signal: new AbortController().signal });
type Immediate = typeof getAssertionImmediately;

/** Runs `run` from a real click: the browser grants immediate mode only with user activation. */
async function fromClick<T>(run: () => Promise<T>): Promise<T> {
  const button = document.createElement('button');
  button.textContent = 'Sign in';
  document.body.append(button);
  let result: Promise<T> | undefined;
  button.addEventListener(
    'click',
    () => {
      result = run();
    },
    { once: true },
  );
  const box = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  button.remove();
  await until(() => !!result, 'the click');
  return result!;
}

const immediately = async (signal = new AbortController().signal, ask: Immediate = getAssertionImmediately) => {
  const json = await options();
  return fromClick(() => ask(json, signal));
};

/** Chrome refuses a third immediate request within 5 s: each test starts with none recent. */
const quiet = () => new Promise((r) => setTimeout(r, 5100));

describe('immediate sign-in', () => {
  const authenticator = useVirtualAuthenticator();
  let observer: ReturnType<typeof observe> | undefined;
  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    await quiet();
  });

  it('is available in this Chromium, and not where the browser lacks client capabilities', async () => {
    expect((await detectCapabilities()).immediateGet).to.equal(true);
    const own = Object.getOwnPropertyDescriptor(PublicKeyCredential, 'getClientCapabilities');
    Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', { value: undefined, configurable: true });
    try {
      expect((await detectCapabilities()).immediateGet).to.equal(false);
    } finally {
      if (own) Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', own);
      else delete (PublicKeyCredential as { getClientCapabilities?: unknown }).getClientCapabilities;
    }
  });

  it('signs in with the passkey on this device, verified by the server', async () => {
    const { username } = await registerUser();
    observer = observe();
    const response = (await immediately()) as AuthenticationResponseJSON;
    expect(response.id).to.be.a('string');
    await rest.verifyAuthentication(response, { signal: new AbortController().signal });
    expect((await currentUser())?.username).to.equal(username);
  });

  it('answers undefined at once when this device has no passkey', async () => {
    observer = observe();
    const start = performance.now();
    expect(await immediately()).to.equal(undefined);
    expect(performance.now() - start).to.be.below(1000);
    expect(observer.calls.length).to.equal(1);
  });

  it('skips a third request within 5 s without asking the browser, and asks again after', async () => {
    const { credentialId } = await registerUser();
    observer = observe();
    const first = await immediately();
    const second = await immediately();
    expect([(first as AuthenticationResponseJSON).id, (second as AuthenticationResponseJSON).id]).to.deep.equal([
      credentialId,
      credentialId,
    ]);
    expect(await immediately()).to.equal('skipped');
    expect(observer.calls.length).to.equal(2);
    await quiet();
    expect(((await immediately()) as AuthenticationResponseJSON).id).to.equal(credentialId);
    expect(observer.calls.length).to.equal(3);
  });

  it("takes the browser's refusal for no passkey, and maps other failures to error codes", async () => {
    // Chrome's own limit (a third immediate request within 5 s) rejects with NotAllowedError; this
    // Chromium's virtual authenticator never applies it, so the refusal is played here.
    const get = navigator.credentials.get;
    navigator.credentials.get = () => Promise.reject(new DOMException('Too many requests.', 'NotAllowedError'));
    try {
      expect(await immediately()).to.equal(undefined);
    } finally {
      navigator.credentials.get = get;
    }
    await quiet();
    // A real failure: a passkey request for a domain this page is not on.
    const json = { ...(await options()), rpId: 'example.com' };
    const error = await fromClick(() => getAssertionImmediately(json, new AbortController().signal)).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).to.equal('invalid-domain');
  });

  it('is cancelled, not "no passkey here", when the user closes the account chooser', async () => {
    const get = navigator.credentials.get;
    // The chooser was shown, and a person closed it a moment later.
    navigator.credentials.get = () =>
      new Promise((_, reject) => setTimeout(() => reject(new DOMException('Closed.', 'NotAllowedError')), 1200));
    try {
      const error = await immediately().then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(error?.code).to.equal('cancelled');
    } finally {
      navigator.credentials.get = get;
    }
  });

  it('rejects as aborted when its signal aborts while the browser waits', async () => {
    await registerUser();
    await setPresence(authenticator.id, false);
    const controller = new AbortController();
    observer = observe();
    const pending = immediately(controller.signal);
    await until(() => observer!.calls.length === 1, 'the request');
    setTimeout(() => controller.abort(), 300);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).to.equal('aborted');
  });

  it('cancels a pending autofill request first, so the browser does not refuse it as a second request', async () => {
    const { credentialId } = await registerUser();
    await setPresence(authenticator.id, false);
    observer = observe();
    const autofill = getAssertion(await options(), new AbortController().signal, true).then(
      () => 'signed in',
      (e: { code?: string }) => e.code,
    );
    await autofillWaiting(observer);
    await setPresence(authenticator.id, true);
    const response = (await immediately()) as AuthenticationResponseJSON;
    expect(response.id).to.equal(credentialId);
    expect(await autofill).to.equal('aborted');
  });

  describe('signInHere', () => {
    const here = (signal = new AbortController().signal) => fromClick(() => signInHere(rest, {}, signal));

    it('signs in with the passkey on this device, asking it only', async () => {
      const { username } = await registerUser();
      observer = observe();
      const outcome = await here();
      expect(outcome?.result.user?.username).to.equal(username);
      expect(observer.calls.map((c) => [c.kind, c.uiMode])).to.deep.equal([['get', 'immediate']]);
      expect((await currentUser())?.username).to.equal(username);
    });

    it('is undefined at once with no passkey here, and opens no prompt', async () => {
      observer = observe();
      expect(await here()).to.equal(undefined);
      expect(observer.calls).to.have.length(1);
      expect(await currentUser()).to.equal(null);
    });

    it('asks the usual way when a third immediate request would be refused', async () => {
      const { username } = await registerUser();
      await here();
      await here();
      observer = observe();
      const outcome = await here();
      expect(outcome?.result.user?.username).to.equal(username);
      expect(observer.calls).to.have.length(1);
      expect(observer.calls[0]!.uiMode).to.equal(undefined);
    });
  });
});
