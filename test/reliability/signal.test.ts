// Failure matrix, Signal API rows (docs/reliability.md, G1–G6): stale passkeys leave the
// device, and an incomplete list is never signalled as complete.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-user-profile.js';
import type {
  Passkey,
  PasskeyAdapter,
  PasskeyButtonElement,
  PasskeyList,
  PasskeySignInElement,
  PasskeyUserProfileElement,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  autofillWaiting,
  credentialsOf,
  currentUser,
  deletedCredentials,
  forgetCredentialOnServer,
  observe,
  registerUser,
  seedPasskeys,
  setPresence,
  signalledDeletion,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { buttonOf, ENDPOINT, loadedProfile } from '../helpers/elements.js';
import {
  MESSAGES,
  SIGNED_IN,
  expectAnnounced,
  liveText,
  recordEvents,
  sleep,
  type RecordedEvent,
  usePageWatch,
} from '../helpers/reliability.js';

const userOf = (event: RecordedEvent) =>
  (event.detail as { result: { user: { username: string } } }).result.user.username;
const rowNames = (el: PasskeyUserProfileElement) =>
  [...el.shadowRoot!.querySelectorAll('[part="row"] [part~="name"]')].map((n) => n.textContent.trim());

interface AcceptedCall {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}
type SignalApi = { signalAllAcceptedCredentials: (o: AcceptedCall) => Promise<void> };

/** Records `PublicKeyCredential.signalAllAcceptedCredentials` calls, passing them through. */
function watchAcceptedSignals() {
  const api = PublicKeyCredential as unknown as SignalApi;
  const original = api.signalAllAcceptedCredentials;
  const calls: AcceptedCall[] = [];
  api.signalAllAcceptedCredentials = function (this: unknown, options: AcceptedCall) {
    calls.push(JSON.parse(JSON.stringify(options)) as AcceptedCall);
    return original.call(this, options);
  };
  return {
    calls,
    restore() {
      api.signalAllAcceptedCredentials = original;
    },
  };
}

/** The REST adapter, with the list changed by `shape` while `mode.on` is true. */
function reshaping(shape: (list: PasskeyList) => Passkey[] | PasskeyList) {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const mode = { on: true };
  const adapter: PasskeyAdapter = {
    ...rest,
    listPasskeys: async (ctx) => {
      const list = (await rest.listPasskeys!(ctx)) as PasskeyList;
      return mode.on ? shape(list) : list;
    },
  };
  return { adapter, mode };
}

describe('reliability: Signal API', () => {
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();
  let accepted: ReturnType<typeof watchAcceptedSignals> | undefined;
  let observer: ReturnType<typeof observe> | undefined;

  afterEach(async () => {
    accepted?.restore();
    accepted = undefined;
    observer?.restore();
    observer = undefined;
  });

  it('G1 `unknown-credential` sign-in (button) → the passkey is signalled off the device', async () => {
    const { credentialId } = await registerUser();
    await forgetCredentialOnServer(credentialId);
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${ENDPOINT}></passkey-button>`);
    const rec = recordEvents(el);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'unknown-credential',
      message: MESSAGES['unknown-credential'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['unknown-credential']);
    expect(await signalledDeletion(credentialId)).to.equal(true);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    const next = await registerUser();
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(next.username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('G2 `unknown-credential` sign-in (card) → the passkey is signalled off the device', async () => {
    const { credentialId } = await registerUser();
    await forgetCredentialOnServer(credentialId);
    await setPresence(authenticator.id, false);
    observer = observe();
    const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in endpoint=${ENDPOINT}></passkey-sign-in>`);
    const rec = recordEvents(el);
    await autofillWaiting(observer!);
    await setPresence(authenticator.id, true);

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'unknown-credential',
      message: MESSAGES['unknown-credential'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['unknown-credential']);
    expect(await signalledDeletion(credentialId)).to.equal(true);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);

    // With a passkey the server knows, the card signs in (its renewed autofill may answer first).
    const next = await registerUser();
    const before = rec.events.length;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', before))).to.equal(next.username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('G3 profile list without a passkey the device has → that passkey is signalled away, the others stay', async () => {
    const { username, credentialId } = await registerUser(undefined, { stay: true });
    await seedPasskeys(username, [{ name: 'Phone' }]);
    await forgetCredentialOnServer(credentialId);
    accepted = watchAcceptedSignals();

    const el = await loadedProfile();

    expect(rowNames(el)).to.deep.equal(['Phone']);
    expect(accepted.calls).to.have.length(1);
    expect(accepted.calls[0].allAcceptedCredentialIds).to.have.length(1);
    expect(accepted.calls[0].allAcceptedCredentialIds).to.not.include(credentialId);
    expect(await signalledDeletion(credentialId)).to.equal(true);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);
    // A successful load is silent.
    expect(liveText(el)).to.equal('');

    await el.refresh();
    expect(accepted.calls).to.have.length(2);
    expect(rowNames(el)).to.deep.equal(['Phone']);
    await page.expectClean();
  });

  for (const [row, what, shape] of [
    [
      'G4',
      'passkeys without `credentialId`',
      (list: PasskeyList) => ({ ...list, passkeys: list.passkeys.map(({ credentialId: _, ...p }) => p) }),
    ],
    [
      'G5',
      'one passkey of several without `credentialId`',
      (list: PasskeyList) => ({
        ...list,
        passkeys: list.passkeys.map((p, i) => (i === 0 ? { ...p, credentialId: undefined } : p)),
      }),
    ],
    ['G6', 'a plain array (no rpId, no userHandle)', (list: PasskeyList) => list.passkeys],
  ] as [string, string, (list: PasskeyList) => Passkey[] | PasskeyList][]) {
    it(`${row} an incomplete list (${what}) → \`signalAllAcceptedCredentials\` is never called`, async () => {
      const { username, credentialId } = await registerUser(undefined, { stay: true });
      await seedPasskeys(username, [{ name: 'Phone' }]);
      const { adapter, mode } = reshaping(shape);
      accepted = watchAcceptedSignals();

      const el = await loadedProfile(adapter);
      await sleep(300);

      expect(rowNames(el)).to.have.members(['Passkey', 'Phone']);
      expect(accepted.calls).to.deep.equal([]);
      // Signalling this list as complete would have deleted the device's passkey.
      expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([credentialId]);
      expect(await deletedCredentials()).to.not.include(credentialId);
      expect(liveText(el)).to.equal('');

      // With the complete list the next load signals, and keeps the passkey.
      mode.on = false;
      await el.refresh();
      await until(() => accepted!.calls.length === 1, 'the signal');
      expect(accepted.calls[0].allAcceptedCredentialIds).to.include(credentialId);
      await sleep(300);
      expect(await credentialsOf(authenticator.id)).to.have.length(1);
      await page.expectClean();
    });
  }
});
