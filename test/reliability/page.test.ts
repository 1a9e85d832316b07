// Failure matrix, page rows (docs/reliability.md, P1–P14).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import type { PasskeyAdapter, PasskeyButtonElement, PasskeySignInElement } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import { unsupportedReason } from '../../src/core/webauthn.js';
import {
  autofillWaiting,
  credentialsOf,
  currentUser,
  observe,
  registerUser,
  setPresence,
  signOut,
  uniqueUsername,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { buttonOf, ENDPOINT, hasPrefetched, readyCard } from '../helpers/elements.js';
import {
  MESSAGES,
  PENDING_SIGN_IN,
  REGISTERED,
  SIGNED_IN,
  expectAnnounced,
  hasUser,
  liveText,
  recordEvents,
  sleep,
  type RecordedEvent,
  usePageWatch,
} from '../helpers/reliability.js';

const UNSUPPORTED_HINT = 'Use another way to sign in below.';
const userOf = (event: RecordedEvent) =>
  (event.detail as { result: { user: { username: string } } }).result.user.username;

/** Options whose rpId is another site's (`example.com`) while `wrong.on` is true. */
function foreignRpId() {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const wrong = { on: true };
  const adapter: PasskeyAdapter = {
    ...rest,
    getAuthenticationOptions: async (input, ctx) => {
      const options = await rest.getAuthenticationOptions(input, ctx);
      return wrong.on ? { ...options, rpId: 'example.com' } : options;
    },
    getRegistrationOptions: async (input, ctx) => {
      const options = await rest.getRegistrationOptions(input, ctx);
      return wrong.on ? { ...options, rp: { ...options.rp, id: 'example.com' } } : options;
    },
  };
  return { adapter, wrong };
}

/** Replaces a property of `window` for the test; returns the restore function. */
function stubWindow(name: 'PublicKeyCredential' | 'isSecureContext', value?: unknown): () => void {
  const original = Object.getOwnPropertyDescriptor(window, name);
  if (value === undefined) delete (window as unknown as Record<string, unknown>)[name];
  else Object.defineProperty(window, name, { configurable: true, get: () => value });
  return () => {
    if (original) Object.defineProperty(window, name, original);
    else delete (window as unknown as Record<string, unknown>)[name];
  };
}

/** The REST adapter, with the server's `timeout` replaced. */
function withTimeout(timeout: number): PasskeyAdapter {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  return {
    ...rest,
    getAuthenticationOptions: async (input, ctx) => ({ ...(await rest.getAuthenticationOptions(input, ctx)), timeout }),
  };
}

describe('reliability: page', () => {
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();
  let observer: ReturnType<typeof observe> | undefined;
  let restore: (() => void) | undefined;

  afterEach(async () => {
    restore?.();
    restore = undefined;
    observer?.restore();
    observer = undefined;
  });

  it('P1 rpId that does not match the origin (sign-in) → `invalid-domain`', async () => {
    const { username } = await registerUser();
    const [{ signCount }] = await credentialsOf(authenticator.id);
    const { adapter, wrong } = foreignRpId();
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${adapter}></passkey-button>`);
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'invalid-domain',
      message: MESSAGES['invalid-domain'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['invalid-domain']);
    expect(await currentUser()).to.equal(null);
    // The authenticator was never asked: its signature counter did not move.
    expect((await credentialsOf(authenticator.id))[0].signCount).to.equal(signCount);

    wrong.on = false;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P2 rpId that does not match the origin (register) → `invalid-domain`, nothing created', async () => {
    const username = uniqueUsername();
    const { adapter, wrong } = foreignRpId();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" .adapter=${adapter} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'invalid-domain',
      message: MESSAGES['invalid-domain'],
      action: 'register',
    });
    await expectAnnounced(el, MESSAGES['invalid-domain']);
    expect(await hasUser(username)).to.equal(false);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);

    wrong.on = false;
    buttonOf(el).click();
    await rec.next('passkey-registered', 1);
    await expectAnnounced(el, REGISTERED);
    expect(await hasUser(username)).to.equal(true);
    await page.expectClean();
  });

  it('P3 WebAuthn absent → the button reports `not-supported` without asking the browser', async () => {
    const { username } = await registerUser();
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);
    observer = observe();
    restore = stubWindow('PublicKeyCredential');

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'not-supported',
      message: MESSAGES['not-supported'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['not-supported']);
    expect(observer.calls).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    restore();
    restore = undefined;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P4 WebAuthn absent → the sign-in card shows a notice and the fallback, no button', async () => {
    const { username } = await registerUser();
    restore = stubWindow('PublicKeyCredential');
    observer = observe();
    const el = await readyCard(
      html`<passkey-sign-in endpoint=${ENDPOINT}
        ><a slot="fallback" href="/password">Use a password</a></passkey-sign-in
      >`,
    );
    const rec = recordEvents(el);

    expect(buttonOf(el)).to.equal(null);
    await expectAnnounced(el, `${MESSAGES['not-supported']} ${UNSUPPORTED_HINT}`);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.getAttribute('part')).to.equal('notice');
    expect(rec.events).to.have.length(0);
    expect(observer.calls).to.have.length(0);
    expect(observer.fetches).to.equal(0);

    // Usable again: with WebAuthn back, the card (re-attached) offers the button and signs in.
    restore();
    restore = undefined;
    // Presence off while the card starts, so its autofill request waits instead of signing in at once.
    await setPresence(authenticator.id, false);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await until(() => Boolean(buttonOf(el)), 'the button');
    await autofillWaiting(observer!);
    await setPresence(authenticator.id, true);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    expect(observer.calls.at(-1)!.mediation).to.equal(undefined);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P5 insecure context (unit level: `isSecureContext` stubbed) → `insecure-context`', async () => {
    expect(unsupportedReason()).to.equal(undefined);
    restore = stubWindow('isSecureContext', false);
    expect(window.isSecureContext).to.equal(false);
    expect(unsupportedReason()?.code).to.equal('insecure-context');

    // The elements read the same check: the button reports it, the card says it.
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');
    expect(failed.detail).to.deep.equal({
      code: 'insecure-context',
      message: MESSAGES['insecure-context'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['insecure-context']);
    const signIn = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
    await expectAnnounced(signIn, `${MESSAGES['insecure-context']} ${UNSUPPORTED_HINT}`);
    expect(buttonOf(signIn)).to.equal(null);

    restore();
    restore = undefined;
    expect(unsupportedReason()).to.equal(undefined);
    const { username } = await registerUser();
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P6 button removed mid-ceremony → `aborted`, nothing else after removal, works once back', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    await until(() => observer!.calls.length === 1, 'the browser request');
    el.remove();
    const failed = await rec.next('passkey-error');
    await sleep(300);

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(rec.types()).to.deep.equal(['passkey-error']);
    expect(liveText(el)).to.equal(MESSAGES.aborted);
    expect(await currentUser()).to.equal(null);

    await setPresence(authenticator.id, true);
    parent.append(el);
    await expectAnnounced(el, MESSAGES.aborted);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P7 sign-in card removed mid-ceremony → `aborted`, works once back', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    await until(() => observer!.calls.some((c) => !c.mediation), 'the modal request');
    el.remove();
    const failed = await rec.next('passkey-error');
    await sleep(300);

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(rec.types()).to.deep.equal(['passkey-error']);
    expect(liveText(el)).to.equal(MESSAGES.aborted);
    expect(await currentUser()).to.equal(null);

    const before = observer.calls.length;
    parent.append(el);
    await autofillWaiting(observer!, before);
    await setPresence(authenticator.id, true);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    expect(observer.calls.at(-1)!.mediation).to.equal(undefined);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('P8 two buttons on one page: the second supersedes the first, which reports `aborted`', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <passkey-button endpoint=${ENDPOINT}></passkey-button><passkey-button endpoint=${ENDPOINT}></passkey-button>
      </div>`,
    );
    const [first, second] = [...wrapper.querySelectorAll<PasskeyButtonElement>('passkey-button')];
    const recFirst = recordEvents(first);
    const recSecond = recordEvents(second);
    observer = observe();

    buttonOf(first).click();
    await until(() => observer!.calls.length === 1, 'the first request');
    // The first prompt stays open (presence does not answer a request already waiting); the second is answered.
    // The call reaching the page's navigator.credentials is not yet the request waiting in the
    // authenticator: give a loaded machine time for it to get there before presence turns on.
    await sleep(300);
    await setPresence(authenticator.id, true);
    buttonOf(second).click();
    const failed = await recFirst.next('passkey-error');
    const signedIn = await recSecond.next('passkey-signed-in');
    expect(observer.calls).to.have.length(2);

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    await expectAnnounced(first, MESSAGES.aborted);
    expect(userOf(signedIn)).to.equal(username);
    await expectAnnounced(second, SIGNED_IN);
    expect(recSecond.types()).to.deep.equal(['passkey-signed-in']);

    // The first is usable again.
    await signOut();
    buttonOf(first).click();
    expect(userOf(await recFirst.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(first, SIGNED_IN);
    expect(recFirst.codes()).to.deep.equal(['aborted']);
    await page.expectClean();
  });

  it('P9 autofill (conditional) request superseded by a modal one → silent', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    observer = observe();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in><passkey-button endpoint=${ENDPOINT}></passkey-button>
      </div>`,
    );
    const signIn = wrapper.querySelector<PasskeySignInElement>('passkey-sign-in')!;
    const button = wrapper.querySelector<PasskeyButtonElement>('passkey-button')!;
    const recCard = recordEvents(signIn);
    const recButton = recordEvents(button);
    await autofillWaiting(observer!);
    await setPresence(authenticator.id, true);

    buttonOf(button).click();
    expect(userOf(await recButton.next('passkey-signed-in'))).to.equal(username);
    expect(observer.calls.map((c) => c.mediation)).to.deep.equal(['conditional', undefined]);
    await sleep(300);

    // Silent: no event, nothing announced by the card.
    expect(recCard.events).to.have.length(0);
    expect(liveText(signIn)).to.equal('');
    expect(signIn.getAttribute('state')).to.equal('idle');
    await expectAnnounced(button, SIGNED_IN);

    // The card still works.
    await signOut();
    buttonOf(signIn).click();
    expect(userOf(await recCard.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(signIn, SIGNED_IN);
    await page.expectClean();
  });

  it('P10 double click → one ceremony', async () => {
    const { username } = await registerUser();
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await sleep(300);

    expect(observer.calls).to.have.length(1);
    expect(observer.fetches).to.equal(2); // options + verify, once
    expect(rec.types()).to.deep.equal(['passkey-signed-in']);
    await expectAnnounced(el, SIGNED_IN);

    buttonOf(el).click();
    await rec.next('passkey-signed-in', 1);
    expect(observer.calls).to.have.length(2);
    await page.expectClean();
  });

  it('P11 triple click (real mouse) while the prompt is open → one ceremony', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    // Presence off and a 2 s timeout: the prompt stays open during the clicks, then times out.
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button .adapter=${withTimeout(2000)}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();
    const box = buttonOf(el).getBoundingClientRect();
    const position: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];

    for (let i = 0; i < 3; i++) await sendMouse({ type: 'click', position });
    await until(() => observer!.calls.length >= 1, 'the browser request');
    await sleep(300);
    expect(observer.calls).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('pending');
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('true');
    await expectAnnounced(el, PENDING_SIGN_IN);
    await rec.next('passkey-error');
    await sleep(300);

    expect(observer.calls).to.have.length(1);
    expect(rec.codes()).to.deep.equal(['cancelled']);
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await currentUser()).to.equal(null);
    await setPresence(authenticator.id, true);
    await sendMouse({ type: 'click', position });
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    expect(observer.calls).to.have.length(2);
    await page.expectClean();
  });

  for (const [row, key] of [
    ['P12', 'Enter'],
    ['P13', 'Space'],
  ] as const) {
    it(`${row} keyboard activation (${key}) runs the ceremony, and again`, async () => {
      const { username } = await registerUser();
      const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
      const rec = recordEvents(el);
      observer = observe();

      buttonOf(el).focus();
      expect(el.shadowRoot!.activeElement).to.equal(buttonOf(el));
      await sendKeys({ press: key });
      expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
      await expectAnnounced(el, SIGNED_IN);
      expect(observer.calls).to.have.length(1);

      await signOut();
      expect(el.shadowRoot!.activeElement).to.equal(buttonOf(el));
      await sendKeys({ press: key });
      await rec.next('passkey-signed-in', 1);
      expect(observer.calls).to.have.length(2);
      expect((await currentUser())?.username).to.equal(username);
      await page.expectClean();
    });
  }

  it('P14 keyboard Enter in the sign-in card’s username field runs the ceremony', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    observer = observe();
    const el = await readyCard(html`<passkey-sign-in endpoint=${ENDPOINT} identifier-first></passkey-sign-in>`);
    const rec = recordEvents(el);
    const field = el.querySelector<HTMLInputElement>('input[slot="username"]')!;

    field.focus();
    await sendKeys({ press: 'Enter' });
    // Empty username: the card asks for it, no ceremony.
    await expectAnnounced(el, 'Enter your username or email to continue.');
    expect(observer.calls.filter((c) => !c.mediation)).to.have.length(0);

    const before = observer.calls.length;
    await sendKeys({ type: username });
    // The card fetches this account's options while the user types (and restarts autofill, waiting: no presence).
    await until(() => hasPrefetched(el, username), 'the account’s options');
    await autofillWaiting(observer, before);
    await setPresence(authenticator.id, true);
    await sendKeys({ press: 'Enter' });
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    expect(observer.calls.at(-1)!.mediation).to.equal(undefined);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });
});
