import { expect } from '@open-wc/testing';
import { addAuthenticator, removeAuthenticator, signOut, uniqueUsername, until } from '../helpers/authenticator.js';
import { buttonNamed, buttonNames } from '../helpers/harness.js';

type Frame = Window & { violations: string[]; document: Document };

/** The CSP page in an iframe; its own document carries the strict policy header. */
async function openStrictPage(): Promise<{ frame: HTMLIFrameElement; win: Frame }> {
  const frame = document.createElement('iframe');
  frame.src = '/test/csp/index.html';
  frame.style.cssText = 'width: 900px; height: 900px';
  frame.allow = 'publickey-credentials-get; publickey-credentials-create';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Frame;
  await until(() => Boolean(win.customElements.get('passkey-user-profile')), 'the elements in the frame');
  return { frame, win };
}

const shadowButton = (host: Element, label: string) => buttonNamed(host.shadowRoot!, label);

function nextEvent(target: EventTarget, type: string): Promise<CustomEvent> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as CustomEvent), { once: true }));
}

describe('under a strict Content-Security-Policy with Trusted Types', () => {
  let authenticatorId: string;

  before(async () => {
    await signOut();
    authenticatorId = await addAuthenticator({ automaticPresenceSimulation: true });
  });

  after(async () => {
    await removeAuthenticator(authenticatorId);
  });

  it('runs every flow of every element with no policy violation', async () => {
    const response = await fetch('/test/csp/index.html');
    expect(response.headers.get('Content-Security-Policy')).to.contain("require-trusted-types-for 'script'");
    const { frame, win } = await openStrictPage();
    const doc = win.document;

    // Register (button), which also signs in.
    const register = doc.getElementById('register')!;
    (register as unknown as { username: string }).username = uniqueUsername('csp');
    const registered = nextEvent(register, 'passkey-registered');
    shadowButton(register, 'Create a passkey').click();
    await registered;

    // Profile: list, rename, delete confirmation, explainer.
    const profile = doc.createElement('passkey-user-profile');
    profile.setAttribute('endpoint', '/api/passkeys');
    doc.getElementById('profile-slot')!.append(profile);
    await until(() => Boolean(profile.shadowRoot?.querySelector('[part="row"]')), 'the passkey list');
    shadowButton(profile, 'Rename').click();
    await until(() => Boolean(profile.shadowRoot!.querySelector('[part="rename-input"]')), 'the editor');
    const input = profile.shadowRoot!.querySelector<HTMLInputElement>('[part="rename-input"]')!;
    input.value = 'Under CSP';
    const renamed = nextEvent(profile, 'passkey-renamed');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await renamed;
    await until(() => buttonNames(profile.shadowRoot!).includes('Delete'), 'the delete button');
    shadowButton(profile, 'Delete').click();
    await until(() => Boolean(profile.shadowRoot!.querySelector('[part="popover"]')), 'the confirmation');
    buttonNamed(profile.shadowRoot!.querySelector('[part="popover"]')!, 'Cancel').click();

    // Sign in with the card (its autofill answers at once with a simulated presence).
    await fetch('/api/passkeys/session/sign-out', {
      method: 'POST',
      headers: { 'X-Requested-With': 'passkey-elements' },
    });
    const signIn = doc.createElement('passkey-sign-in');
    signIn.setAttribute('endpoint', '/api/passkeys');
    const signedIn = nextEvent(signIn, 'passkey-signed-in');
    doc.body.append(signIn);
    await signedIn;
    shadowButton(signIn, 'What is a passkey?').click();
    await until(() => Boolean(signIn.shadowRoot!.querySelector('[part="explainer"]')), 'the explainer');

    expect(win.violations).to.deep.equal([]);
    frame.remove();
  });
});
