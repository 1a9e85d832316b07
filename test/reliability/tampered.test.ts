// Failure matrix, tampered authenticator responses (docs/reliability.md, T1–T7), through
// DevTools `WebAuthn.setResponseOverrideBits`.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import type {
  AuthenticationResponseJSON,
  PasskeyAdapter,
  PasskeyButtonElement,
  PasskeySignInElement,
  RegistrationResponseJSON,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  autofillWaiting,
  backendUser,
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
import { buttonOf, ENDPOINT } from '../helpers/elements.js';
import {
  MESSAGES,
  REGISTERED,
  SIGNED_IN,
  challengeOf,
  expectAnnounced,
  hasUser,
  overrideBits,
  recordEvents,
  type OverrideBits,
  type RecordedEvent,
  usePageWatch,
} from '../helpers/reliability.js';

const userOf = (event: RecordedEvent) =>
  (event.detail as { result: { user: { username: string } } }).result.user.username;

/** The flags byte of authenticator data (bit 0 UP, bit 2 UV). */
function flagsOf(authenticatorData: string): number {
  const binary = atob(authenticatorData.replace(/-/g, '+').replace(/_/g, '/'));
  return binary.charCodeAt(32);
}

/** The REST adapter, keeping the last responses it sent to the server. */
function capturing() {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const sent: { assertion?: AuthenticationResponseJSON; attestation?: RegistrationResponseJSON } = {};
  const adapter: PasskeyAdapter = {
    ...rest,
    verifyAuthentication: (response, ctx) => {
      sent.assertion = response;
      return rest.verifyAuthentication(response, ctx);
    },
    verifyRegistration: (response, ctx) => {
      sent.attestation = response;
      return rest.verifyRegistration(response, ctx);
    },
  };
  return { adapter, sent };
}

describe('reliability: tampered authenticator responses', () => {
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();
  let observer: ReturnType<typeof observe> | undefined;

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
  });

  for (const [row, bits, what] of [
    ['T1', { isBogusSignature: true }, 'a bogus signature'],
    ['T2', { isBadUP: true }, 'the user-presence bit cleared'],
  ] as [string, OverrideBits, string][]) {
    it(`${row} sign-in with ${what} → \`verification-failed\`; the retry uses a fresh challenge`, async () => {
      const { username } = await registerUser();
      const counter = (await backendUser(username))!.passkeys[0].counter;
      const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
      const rec = recordEvents(el);
      observer = observe();
      await overrideBits(authenticator.id, bits);

      buttonOf(el).click();
      const failed = await rec.next('passkey-error');

      expect(failed.detail).to.deep.equal({
        code: 'verification-failed',
        message: MESSAGES['verification-failed'],
        action: 'sign-in',
      });
      await expectAnnounced(el, MESSAGES['verification-failed']);
      // Nothing lost or gained: no session, the server's record untouched.
      expect(await currentUser()).to.equal(null);
      const stored = (await backendUser(username))!.passkeys[0];
      expect([stored.counter, stored.lastUsedAt]).to.deep.equal([counter, undefined]);

      await overrideBits(authenticator.id, {});
      buttonOf(el).click();
      expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
      await expectAnnounced(el, SIGNED_IN);
      expect(observer.calls).to.have.length(2);
      expect(challengeOf(observer.calls[1])).to.not.equal(challengeOf(observer.calls[0]));
      await page.expectClean();
    });
  }

  it('T3 sign-in with the user-verification bit cleared → `verification-failed` (UV is required), then signs in', async () => {
    const { username } = await registerUser();
    const { adapter, sent } = capturing();
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${adapter}></passkey-button>`);
    const rec = recordEvents(el);
    observer = observe();
    await overrideBits(authenticator.id, { isBadUV: true });

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    // The reference backend asks for user verification and requires it: presence alone is one factor.
    expect((observer.calls[0].publicKey as PublicKeyCredentialRequestOptions).userVerification).to.equal('required');
    expect(flagsOf(sent.assertion!.response.authenticatorData) & 0x04).to.equal(0);
    expect((failed.detail as { code: string }).code).to.equal('verification-failed');
    await expectAnnounced(el, MESSAGES['verification-failed']);
    expect(await currentUser()).to.equal(null);

    await overrideBits(authenticator.id, {});
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    expect(flagsOf(sent.assertion!.response.authenticatorData) & 0x04).to.equal(0x04);
    await page.expectClean();
  });

  it('T4 registration with the user-presence bit cleared → `verification-failed`, no account', async () => {
    const username = uniqueUsername();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" endpoint=${ENDPOINT} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();
    await overrideBits(authenticator.id, { isBadUP: true });

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'verification-failed',
      message: MESSAGES['verification-failed'],
      action: 'register',
    });
    await expectAnnounced(el, MESSAGES['verification-failed']);
    expect(await hasUser(username)).to.equal(false);
    expect(await currentUser()).to.equal(null);
    // The authenticator did make a credential; the server never stored it (an orphan on the device).
    expect(await credentialsOf(authenticator.id)).to.have.length(1);

    await overrideBits(authenticator.id, {});
    buttonOf(el).click();
    await rec.next('passkey-registered');
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(username))!.passkeys).to.have.length(1);
    expect(challengeOf(observer.calls[1])).to.not.equal(challengeOf(observer.calls[0]));
    await page.expectClean();
  });

  it('T5 registration with a bogus signature (attestation `none`) → registered: there is no signature to check', async () => {
    const username = uniqueUsername();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" endpoint=${ENDPOINT} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);
    await overrideBits(authenticator.id, { isBogusSignature: true });

    buttonOf(el).click();
    await rec.next('passkey-registered');

    // With `attestation: 'none'` a registration carries no signature, so the bit changes nothing.
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(username))!.passkeys).to.have.length(1);

    // The key itself is sound: once the bits are cleared, it signs in.
    await overrideBits(authenticator.id, {});
    await signOut();
    const signIn = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const recSignIn = recordEvents(signIn);
    buttonOf(signIn).click();
    expect(userOf(await recSignIn.next('passkey-signed-in'))).to.equal(username);
    await page.expectClean();
  });

  it('T6 registration with the user-verification bit cleared → `verification-failed`, no account; then registers', async () => {
    const username = uniqueUsername();
    const { adapter, sent } = capturing();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" .adapter=${adapter} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);
    await overrideBits(authenticator.id, { isBadUV: true });

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect((failed.detail as { code: string }).code).to.equal('verification-failed');
    expect(sent.attestation).to.not.equal(undefined);
    expect(await hasUser(username)).to.equal(false);

    await overrideBits(authenticator.id, {});
    buttonOf(el).click();
    await rec.next('passkey-registered');
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(username))!.passkeys).to.have.length(1);
    await page.expectClean();
  });

  it('T7 sign-in card, bogus signature → `verification-failed`; the card renews its options, the retry uses them', async () => {
    const { username } = await registerUser();
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    // A gate on the options: the card's renewal after the failure waits until the test opens it.
    let gate: Promise<void> = Promise.resolve();
    let open = () => {};
    let fetched = 0;
    const adapter: PasskeyAdapter = {
      ...rest,
      getAuthenticationOptions: async (input, ctx) => {
        await gate;
        fetched++;
        return rest.getAuthenticationOptions(input, ctx);
      },
    };
    await setPresence(authenticator.id, false);
    observer = observe();
    const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`);
    const rec = recordEvents(el);
    await autofillWaiting(observer!);
    gate = new Promise((resolve) => (open = resolve));
    await overrideBits(authenticator.id, { isBogusSignature: true });
    await setPresence(authenticator.id, true);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'verification-failed',
      message: MESSAGES['verification-failed'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['verification-failed']);
    expect(await currentUser()).to.equal(null);

    // Autofill must wait again (the virtual authenticator would answer it at once).
    await setPresence(authenticator.id, false);
    await overrideBits(authenticator.id, {});
    const before = observer.calls.length;
    open();
    await until(() => fetched === 2, 'the renewed options');
    await autofillWaiting(observer!, before);
    await setPresence(authenticator.id, true);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);

    await expectAnnounced(el, SIGNED_IN);
    const modal = observer.calls.filter((c) => !c.mediation);
    expect(modal).to.have.length(2);
    expect(challengeOf(modal[1])).to.not.equal(challengeOf(modal[0]));
    expect(rec.codes()).to.deep.equal(['verification-failed']);
    await page.expectClean();
  });
});
