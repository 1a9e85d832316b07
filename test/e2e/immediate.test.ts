import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/passkey-sign-in.js';
import type { PasskeySignInElement, PasskeySignedInDetail } from '../../src/index.js';
import {
  addAuthenticator,
  currentUser,
  observe,
  registerUser,
  removeAuthenticator,
  setPresence,
  signOut,
  until,
} from '../helpers/authenticator.js';
import { ENDPOINT, readyCard } from '../helpers/elements.js';
import { SignInHarness } from '../helpers/harness.js';

// Immediate mode (Chrome's `uiMode: "immediate"`) asks this device only and
// needs a real user gesture: these tests click with the mouse, not `click()`.

/** A real click in the middle of `target`. */
async function press(target: Element): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  await sendMouse({ type: 'move', position: [0, 0] });
}

/** Chrome refuses a third immediate request within 5 s: each test starts with none recent. */
const quiet = () => new Promise((r) => setTimeout(r, 5100));

describe('<passkey-sign-in> with immediate mode', () => {
  let authenticators: string[] = [];
  let observer: ReturnType<typeof observe> | undefined;

  beforeEach(async () => {
    await signOut();
  });

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    for (const id of authenticators) await removeAuthenticator(id);
    authenticators = [];
    await quiet();
  });

  /** An authenticator that holds a new account's passkey, answering only from now on. */
  async function passkeyOn(transport: 'internal' | 'usb'): Promise<{ id: string; username: string }> {
    const id = await addAuthenticator({ transport, automaticPresenceSimulation: false });
    authenticators.push(id);
    await setPresence(id, true);
    const { username } = await registerUser();
    await setPresence(id, false);
    return { id, username };
  }

  const card = (): Promise<PasskeySignInElement> =>
    readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);

  it('signs in with the passkey on this device, asking this device only', async () => {
    const { id, username } = await passkeyOn('internal');
    const el = await card();
    const harness = new SignInHarness(el);
    await setPresence(id, true);
    observer = observe();

    const signedIn = oneEvent(el, 'passkey-signed-in');
    await press(harness.mainButton);
    const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;

    expect(detail.result.user?.username).to.equal(username);
    expect(observer.calls.map((c) => c.uiMode)).to.deep.equal(['immediate']);
    expect((await currentUser())?.username).to.equal(username);
  });

  it('says at once that this device has no passkey, then offers a phone or security key', async () => {
    // The account's passkey is on a security key: nothing on this device.
    const { id, username } = await passkeyOn('usb');
    const el = await card();
    const harness = new SignInHarness(el);
    const errors: Event[] = [];
    el.addEventListener('passkey-error', (e) => errors.push(e));
    observer = observe();

    await press(harness.mainButton);
    await until(() => el.state !== 'pending' && harness.status !== '', 'the card to answer');

    expect(harness.status).to.equal('There’s no passkey for this site on this device.');
    expect(harness.mainButton.textContent!.trim()).to.equal('Use a phone or security key');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(errors, 'no passkey here is no error').to.have.length(0);
    expect(observer.calls.map((c) => c.uiMode)).to.deep.equal(['immediate']);

    await setPresence(id, true);
    const signedIn = oneEvent(el, 'passkey-signed-in');
    await press(harness.mainButton);
    const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;

    expect(observer.calls.map((c) => c.uiMode)).to.deep.equal(['immediate', undefined]);
    expect(detail.result.user?.username).to.equal(username);
    expect(detail.fromOtherDevice).to.equal(true);
    expect(harness.mainButton.textContent!.trim()).to.equal('Sign in with a passkey');
  });

  it('asks this device first for a click that comes before the card knows what the browser can do', async () => {
    const { id, username } = await passkeyOn('internal');
    const own = Object.getOwnPropertyDescriptor(PublicKeyCredential, 'getClientCapabilities')!;
    const real = PublicKeyCredential.getClientCapabilities.bind(PublicKeyCredential);
    // A slow answer: the click lands first.
    Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', {
      configurable: true,
      value: async () => {
        await new Promise((r) => setTimeout(r, 1500));
        return real();
      },
    });
    try {
      await setPresence(id, true);
      observer = observe();
      const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
      const signedIn = oneEvent(el, 'passkey-signed-in');
      await press(new SignInHarness(el).mainButton);
      const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;
      expect(detail.result.user?.username).to.equal(username);
      expect(observer.calls.filter((c) => c.mediation !== 'conditional').map((c) => c.uiMode)).to.deep.equal([
        'immediate',
      ]);
    } finally {
      Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', own);
    }
  });

  it('opens the usual prompt where the browser has no immediate mode', async () => {
    const { id, username } = await passkeyOn('internal');
    const own = Object.getOwnPropertyDescriptor(PublicKeyCredential, 'getClientCapabilities')!;
    const real = PublicKeyCredential.getClientCapabilities.bind(PublicKeyCredential);
    Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', {
      configurable: true,
      value: async () => ({ ...(await real()), immediateGet: false }),
    });
    try {
      const el = await card();
      await setPresence(id, true);
      observer = observe();
      const signedIn = oneEvent(el, 'passkey-signed-in');
      await press(new SignInHarness(el).mainButton);
      await signedIn;
      expect(observer.calls.map((c) => c.uiMode)).to.deep.equal([undefined]);
      expect((await currentUser())?.username).to.equal(username);
    } finally {
      Object.defineProperty(PublicKeyCredential, 'getClientCapabilities', own);
    }
  });

  it('opens the usual prompt for a sign-in started without a gesture (signIn() from script)', async () => {
    const { id } = await passkeyOn('internal');
    const el = await card();
    await setPresence(id, true);
    observer = observe();
    const signedIn = oneEvent(el, 'passkey-signed-in');
    void el.signIn();
    await signedIn;
    expect(observer.calls.map((c) => c.uiMode)).to.deep.equal([undefined]);
  });
});
