// Failure matrix, authenticator rows (docs/reliability.md, A1–A8).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import type { PasskeyAdapter, PasskeyButtonElement, PasskeySignInElement } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  backendUser,
  credentialsOf,
  currentUser,
  observe,
  registerUser,
  setPresence,
  setUserVerified,
  signOut,
  uniqueUsername,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { buttonOf, ENDPOINT, hasPrefetched } from '../helpers/elements.js';
import {
  MESSAGES,
  REGISTERED,
  SIGNED_IN,
  expectAnnounced,
  hasUser,
  recordEvents,
  usePageWatch,
} from '../helpers/reliability.js';

/** The REST adapter, with the server's `timeout` replaced in both kinds of options. */
function withTimeout(timeout: number): PasskeyAdapter {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  return {
    ...rest,
    getAuthenticationOptions: async (input, ctx) => ({ ...(await rest.getAuthenticationOptions(input, ctx)), timeout }),
    getRegistrationOptions: async (input, ctx) => ({ ...(await rest.getRegistrationOptions(input, ctx)), timeout }),
  };
}

describe('reliability: authenticator', () => {
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();
  let observer: ReturnType<typeof observe> | undefined;

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
  });

  it('A1 user cancels the sign-in prompt → `cancelled`, and the retry signs in', async () => {
    const { username, credentialId } = await registerUser();
    await setUserVerified(authenticator.id, false);
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(el.getAttribute('state')).to.equal('error');
    // Nothing lost: no session, the passkey is still on the device and on the server, unused.
    expect(await currentUser()).to.equal(null);
    expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([credentialId]);
    expect((await backendUser(username))!.passkeys.map((p) => [p.credentialId, p.lastUsedAt])).to.deep.equal([
      [credentialId, undefined],
    ]);

    await setUserVerified(authenticator.id, true);
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('A2 user cancels the registration prompt → `cancelled`, nothing is created, and the retry registers', async () => {
    const username = uniqueUsername();
    await setUserVerified(authenticator.id, false);
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" endpoint=${ENDPOINT} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'register' });
    await expectAnnounced(el, MESSAGES.cancelled);
    // Nothing lost (and nothing half-made): no account, no credential, no session.
    expect(await hasUser(username)).to.equal(false);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    await setUserVerified(authenticator.id, true);
    buttonOf(el).click();
    await rec.next('passkey-registered', 1);
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(username))!.passkeys).to.have.length(1);
    await page.expectClean();
  });

  it('A3 no authenticator at all, server `timeout: 1000` → `cancelled` after the timeout', async () => {
    await authenticator.remove();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button .adapter=${withTimeout(1000)}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();

    const started = Date.now();
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    expect(Date.now() - started).to.be.within(900, 8000);
    expect((observer.calls[0].publicKey as PublicKeyCredentialRequestOptions).timeout).to.equal(1000);
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await currentUser()).to.equal(null);

    // Usable again: with an authenticator back, the next click signs in.
    await authenticator.replace();
    const { username } = await registerUser();
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('A4 no discoverable credential on the authenticator → `cancelled` at once', async () => {
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);

    const started = Date.now();
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    // The browser answers at once; it does not wait for the 60 s timeout.
    expect(Date.now() - started).to.be.lessThan(5000);
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    const { username } = await registerUser();
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('A5 excluded credential on register → `already-registered`, nothing new stored', async () => {
    const username = uniqueUsername();
    const { credentialId } = await registerUser(username, { stay: true });
    // Signed in: a second passkey for this account excludes the one on this authenticator.
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" endpoint=${ENDPOINT}></passkey-button>`,
    );
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'already-registered',
      message: MESSAGES['already-registered'],
      action: 'register',
    });
    await expectAnnounced(el, MESSAGES['already-registered']);
    expect((await backendUser(username))!.passkeys.map((p) => p.credentialId)).to.deep.equal([credentialId]);
    expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([credentialId]);
    expect((await currentUser())?.username).to.equal(username);

    // Usable again: for a new account the same button registers.
    await signOut();
    const other = uniqueUsername();
    el.username = other;
    buttonOf(el).click();
    await rec.next('passkey-registered', 1);
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(other))!.passkeys).to.have.length(1);
    await page.expectClean();
  });

  it('A6 authenticator removed mid-ceremony → the prompt stays open until the server’s timeout, then `cancelled`', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button .adapter=${withTimeout(3000)}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();

    const started = Date.now();
    buttonOf(el).click();
    await until(() => observer!.calls.length === 1, 'the browser request');
    await authenticator.remove();
    await new Promise((r) => setTimeout(r, 500));
    // Removing the authenticator does not end the request by itself.
    expect(el.getAttribute('state')).to.equal('pending');
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    expect(Date.now() - started).to.be.within(2500, 10_000);
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await currentUser()).to.equal(null);
    expect((await backendUser(username))!.passkeys[0].lastUsedAt).to.equal(undefined);

    await authenticator.replace();
    const next = await registerUser();
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(
      next.username,
    );
    await page.expectClean();
  });

  it('A7 nobody touches the authenticator → `cancelled` at the server’s `timeout`', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button .adapter=${withTimeout(1500)}></passkey-button>`,
    );
    const rec = recordEvents(el);

    const started = Date.now();
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    expect(Date.now() - started).to.be.within(1400, 10_000);
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await currentUser()).to.equal(null);

    await setPresence(authenticator.id, true);
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('A8 user cancels in the sign-in card → `cancelled`, and the retry signs in', async () => {
    const { username } = await registerUser();
    // Without presence the card's autofill request stays pending, as for a real user.
    await setPresence(authenticator.id, false);
    const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
    await until(() => Boolean((el as unknown as { capabilities?: unknown }).capabilities), 'capabilities');
    const rec = recordEvents(el);
    // UV off first: the pending autofill request must not sign in when presence comes back.
    await setUserVerified(authenticator.id, false);
    await setPresence(authenticator.id, true);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'sign-in' });
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(await currentUser()).to.equal(null);

    // The card fetched fresh options after the failure; its autofill with them fails silently (no UV).
    await until(() => hasPrefetched(el), 'fresh options');
    await new Promise((r) => setTimeout(r, 200));
    await setUserVerified(authenticator.id, true);
    buttonOf(el).click();
    const signedIn = await rec.next('passkey-signed-in', 1);
    expect((signedIn.detail as { result: { user: { username: string } } }).result.user.username).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    expect(rec.codes()).to.deep.equal(['cancelled']);
    await page.expectClean();
  });
});
