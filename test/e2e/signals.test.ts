import { expect, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-user-profile.js';
import type { PasskeyAdapter, PasskeyList } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  addAuthenticator,
  credentialsOf,
  registerUser,
  removeAuthenticator,
  seedPasskeys,
  setPresence,
  signalledDeletion,
  signOut,
  until,
} from '../helpers/authenticator.js';
import { ENDPOINT, loadedProfile, readyCard } from '../helpers/elements.js';
import { ProfileHarness, SignInHarness } from '../helpers/harness.js';

// The names a site knows today reach the password manager (WebAuthn Signal
// API, signalCurrentUserDetails): the virtual authenticator's stored
// credential shows what the browser applied.

/** The one stored passkey's names, once they differ from `before` (the browser applies a signal a little later). */
async function namesAfter(authenticatorId: string, before: string): Promise<[string?, string?]> {
  for (let i = 0; i < 40; i++) {
    const [credential] = await credentialsOf(authenticatorId);
    if (credential?.userName !== before) return [credential?.userName, credential?.userDisplayName];
    await new Promise((r) => setTimeout(r, 50));
  }
  const [credential] = await credentialsOf(authenticatorId);
  return [credential?.userName, credential?.userDisplayName];
}

/** The REST adapter, the user renamed on the server since the passkey was made. */
function renamedOnServer(extra: (rest: PasskeyAdapter) => Partial<PasskeyAdapter>): PasskeyAdapter {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  return { ...rest, ...extra(rest) };
}

describe('the account’s names reach the password manager', () => {
  let authenticatorId: string;
  let username: string;
  let credentialId: string;

  beforeEach(async () => {
    await signOut();
    authenticatorId = await addAuthenticator({ automaticPresenceSimulation: false });
    await setPresence(authenticatorId, true);
    ({ username, credentialId } = await registerUser(undefined, { stay: true }));
    await setPresence(authenticatorId, false);
  });

  afterEach(async () => {
    await removeAuthenticator(authenticatorId);
  });

  it('after a sign-in on the card, with the name and display name the server answered', async () => {
    await signOut();
    const adapter = renamedOnServer((rest) => ({
      verifyAuthentication: async (response, ctx) => {
        const result = await rest.verifyAuthentication(response, ctx);
        return { ...result, user: { ...result.user!, username: 'today@example.com', displayName: 'Ada Today' } };
      },
    }));
    const el = await readyCard(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`);
    await setPresence(authenticatorId, true);
    const signedIn = oneEvent(el, 'passkey-signed-in');
    new SignInHarness(el).mainButton.click();
    await signedIn;

    expect(await namesAfter(authenticatorId, username)).to.deep.equal(['today@example.com', 'Ada Today']);
  });

  it('after the profile loads a list that carries the names', async () => {
    const adapter = renamedOnServer((rest) => ({
      listPasskeys: async (ctx) => {
        const list = (await rest.listPasskeys!(ctx)) as PasskeyList;
        expect(list.user?.name, 'the reference backend sends the names').to.equal(username);
        return { ...list, user: { name: 'profile@example.com', displayName: 'Ada Profile' } };
      },
    }));
    await loadedProfile(adapter);

    expect(await namesAfter(authenticatorId, username)).to.deep.equal(['profile@example.com', 'Ada Profile']);
  });

  it('not when the list’s names are unusable', async () => {
    const adapter = renamedOnServer((rest) => ({
      listPasskeys: async (ctx) => ({ ...((await rest.listPasskeys!(ctx)) as PasskeyList), user: { name: '' } }),
    }));
    const el = await loadedProfile(adapter);

    expect(el.shadowRoot!.textContent).to.contain('Passkey');
    expect(await namesAfter(authenticatorId, username)).to.deep.equal([
      username,
      (await credentialsOf(authenticatorId))[0]?.userDisplayName,
    ]);
  });

  it('after a delete: the passkey leaves the password manager at once', async () => {
    await seedPasskeys(username, [{ name: 'Old phone' }]);
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    expect(await signalledDeletion(credentialId), 'the list kept it').to.equal(false);

    const deleted = oneEvent(el, 'passkey-deleted');
    await profile.confirmDelete('Passkey');
    await deleted;

    expect(await signalledDeletion(credentialId)).to.equal(true);
  });

  it('not for a passkey whose delete is still on its way, and then refused', async () => {
    await seedPasskeys(username, [{ name: 'Old phone' }]);
    let refuse: (() => void) | undefined;
    const adapter = renamedOnServer((rest) => ({
      deletePasskey: async (id, ctx) => {
        const { passkeys } = (await rest.listPasskeys!(ctx)) as PasskeyList;
        // This device's passkey: the server answers late, and refuses.
        if (passkeys.find((p) => p.id === id)?.credentialId === credentialId) {
          await new Promise<void>((resolve) => (refuse = resolve));
          throw new Error('refused');
        }
        return rest.deletePasskey!(id, ctx);
      },
    }));
    const el = await loadedProfile(adapter);
    const profile = new ProfileHarness(el);

    await profile.confirmDelete('Passkey');
    await until(() => Boolean(refuse), 'the first delete on its way');
    const deleted = oneEvent(el, 'passkey-deleted');
    await profile.confirmDelete('Old phone');
    await deleted;
    refuse!();
    await until(() => profile.names.includes('Passkey'), 'the refused row back');

    expect(await signalledDeletion(credentialId), 'still accepted by the server').to.equal(false);
  });
});
