// Failure matrix, profile rows (docs/reliability.md, R1–R9): the rows shown before and
// after each failure are identical, and no optimistic change is left behind.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-user-profile.js';
import type { Passkey, PasskeyAdapter, PasskeyUserProfileElement } from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  backendUser,
  credentialsOf,
  forgetCredentialOnServer,
  registerUser,
  seedPasskeys,
  setUserVerified,
  signOut,
  signalledDeletion,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { ENDPOINT, loadedProfile } from '../helpers/elements.js';
import { ProfileHarness } from '../helpers/harness.js';
import { MESSAGES, expectAnnounced, recordEvents, usePageWatch } from '../helpers/reliability.js';

/** What the element holds, as plain data (to compare before and after a failure). */
const snapshot = (el: PasskeyUserProfileElement) => JSON.parse(JSON.stringify(el.passkeys)) as Passkey[];

/**
 * The REST adapter, with `method` sent to a fault route of the test server while
 * `mode.fail` is true (the REST adapter reads that route's reply).
 */
function failing(method: keyof PasskeyAdapter, faultEndpoint: string) {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const fault = createRestAdapter({ endpoint: faultEndpoint });
  const mode = { fail: true };
  const adapter = {
    ...rest,
    [method]: (...args: unknown[]) =>
      ((mode.fail ? fault : rest)[method] as (...a: unknown[]) => Promise<unknown>)(...args),
  } as PasskeyAdapter;
  return { adapter, mode };
}

/** Signs the authenticator's passkey in again (a fresh session). */
async function signInAgain() {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const ctx = { signal: new AbortController().signal };
  const optionsJSON = await rest.getAuthenticationOptions({}, ctx);
  await rest.verifyAuthentication(await startAuthentication({ optionsJSON }), ctx);
}

const serverNames = async (username: string) => (await backendUser(username))!.passkeys.map((p) => p.name).sort();

describe('reliability: profile', () => {
  let username: string;
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();

  beforeEach(async () => {
    ({ username } = await registerUser(undefined, { stay: true }));
    await seedPasskeys(username, [{ name: 'Phone' }, { name: 'Work key' }]);
  });

  it('R1 rename refused by the server (500) → `server`, the old name back, rows unchanged', async () => {
    const { adapter, mode } = failing('renamePasskey', '/fault/status/500/json');
    const el = await loadedProfile(adapter);
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);

    await profile.rename('Phone', 'Old phone');
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'rename' });
    await expectAnnounced(el, MESSAGES.server);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect(profile.root.querySelector('[aria-busy="true"]')).to.equal(null);
    expect(profile.root.querySelector('[part="rename-input"]')).to.equal(null);
    expect(await serverNames(username)).to.deep.equal(['Passkey', 'Phone', 'Work key']);

    mode.fail = false;
    await profile.rename('Phone', 'Old phone');
    await rec.next('passkey-renamed');
    await expectAnnounced(el, 'Passkey renamed to “Old phone”.');
    expect(profile.names).to.deep.equal(before.map((n) => (n === 'Phone' ? 'Old phone' : n)));
    await page.expectClean();
  });

  it('R2 rename refused by the reference backend (control character, 400) → `server`, rows unchanged', async () => {
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);

    await profile.rename('Work key', 'Work\u0007key');
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'rename' });
    await expectAnnounced(el, MESSAGES.server);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect(await serverNames(username)).to.deep.equal(['Passkey', 'Phone', 'Work key']);

    await profile.rename('Work key', 'Work laptop');
    await rec.next('passkey-renamed');
    await expectAnnounced(el, 'Passkey renamed to “Work laptop”.');
    await page.expectClean();
  });

  it('R3 rename of a passkey deleted elsewhere (404) → `unknown-credential`, rows unchanged until a reload', async () => {
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);
    const phone = (await backendUser(username))!.passkeys.find((p) => p.name === 'Phone')!;
    await forgetCredentialOnServer(phone.credentialId);

    await profile.rename('Phone', 'Old phone');
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({
      code: 'unknown-credential',
      message: MESSAGES['unknown-credential'],
      action: 'rename',
    });
    await expectAnnounced(el, MESSAGES['unknown-credential']);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);

    await profile.rename('Work key', 'Desk key');
    await rec.next('passkey-renamed');
    await el.refresh();
    expect(profile.names).to.deep.equal(
      before.filter((n) => n !== 'Phone').map((n) => (n === 'Work key' ? 'Desk key' : n)),
    );
    await page.expectClean();
  });

  it('R4 delete refused by the server (503) → `server`, the row back in place', async () => {
    const { adapter, mode } = failing('deletePasskey', '/fault/status/503/json');
    const el = await loadedProfile(adapter);
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);
    const middle = before[1]!;

    await profile.confirmDelete(middle);
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'delete' });
    await expectAnnounced(el, MESSAGES.server);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect(profile.root.activeElement).to.equal(profile.button('Delete', profile.row(middle)));
    expect(await serverNames(username)).to.deep.equal(['Passkey', 'Phone', 'Work key']);

    mode.fail = false;
    await profile.confirmDelete(middle);
    await rec.next('passkey-deleted');
    await expectAnnounced(el, `Passkey “${middle}” deleted.`);
    expect(profile.names).to.deep.equal(before.filter((n) => n !== middle));
    await page.expectClean();
  });

  it('R5 delete with an expired session (a real 401) → `unauthorized`, the row back; works after signing in', async () => {
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);
    await signOut();

    await profile.confirmDelete(before[0]!);
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'unauthorized', message: MESSAGES.unauthorized, action: 'delete' });
    await expectAnnounced(el, MESSAGES.unauthorized);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect(await serverNames(username)).to.deep.equal(['Passkey', 'Phone', 'Work key']);

    await signInAgain();
    await profile.confirmDelete(before[0]!);
    await rec.next('passkey-deleted');
    expect(profile.names).to.deep.equal(before.slice(1));
    await page.expectClean();
  });

  it('R6 list reload fails after a successful add → `server`, the rows (new one included) unchanged', async () => {
    // A second authenticator: the first one's passkey would exclude it.
    await authenticator.replace();
    const { adapter, mode } = failing('listPasskeys', '/fault/status/503/empty');
    mode.fail = false;
    const el = await loadedProfile(adapter);
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    profile.addButton.click();
    const added = (await rec.next('passkey-registered')).detail as { passkey: Passkey };
    await until(() => profile.rows.length === 4, 'the new row');
    const before = profile.names;
    const held = snapshot(el);
    expect(before.at(-1)).to.equal(added.passkey.name);

    mode.fail = true;
    await el.refresh();
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'list' });
    await expectAnnounced(el, MESSAGES.server);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect((await backendUser(username))!.passkeys).to.have.length(4);

    mode.fail = false;
    await el.refresh();
    expect(profile.names).to.have.members(before as string[]);
    expect(rec.codes()).to.deep.equal(['server']);
    await page.expectClean();
  });

  it('R7 adding cancelled by the user → `cancelled`, no row added; the retry adds', async () => {
    await authenticator.replace({ isUserVerified: false });
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);

    profile.addButton.click();
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'cancelled', message: MESSAGES.cancelled, action: 'register' });
    await expectAnnounced(el, MESSAGES.cancelled);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect(await credentialsOf(authenticator.id)).to.have.length(0);

    await setUserVerified(authenticator.id, true);
    profile.addButton.click();
    const added = (await rec.next('passkey-registered')).detail as { passkey: Passkey };
    await expectAnnounced(el, `Passkey “${added.passkey.name}” added.`);
    expect(profile.names).to.deep.equal([...before, added.passkey.name]);
    await page.expectClean();
  });

  it('R8 adding refused by the server after the ceremony (500) → `server`, no row; the orphan is signalled away', async () => {
    await authenticator.replace();
    const { adapter, mode } = failing('verifyRegistration', '/fault/status/500/json');
    const el = await loadedProfile(adapter);
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const before = profile.names;
    const held = snapshot(el);

    profile.addButton.click();
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'register' });
    await expectAnnounced(el, MESSAGES.server);
    expect(profile.names).to.deep.equal(before);
    expect(snapshot(el)).to.deep.equal(held);
    expect((await backendUser(username))!.passkeys).to.have.length(3);
    // The authenticator made a credential the server never stored.
    const [orphan] = await credentialsOf(authenticator.id);
    expect(orphan).to.not.equal(undefined);

    mode.fail = false;
    profile.addButton.click();
    const added = (await rec.next('passkey-registered')).detail as { passkey: Passkey };
    expect(profile.names).to.deep.equal([...before, added.passkey.name]);
    // The next list load tells the authenticator which passkeys the server accepts: the orphan goes.
    await el.refresh();
    expect(await signalledDeletion(orphan.credentialId)).to.equal(true);
    expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([
      added.passkey.credentialId,
    ]);
    await page.expectClean();
  });

  it('R9 first list load fails (signed out, a real 401) → `unauthorized` shown and announced; retry recovers', async () => {
    await signOut();
    const el = await fixture<PasskeyUserProfileElement>(
      html`<passkey-user-profile endpoint=${ENDPOINT}></passkey-user-profile>`,
    );
    const profile = new ProfileHarness(el);
    const rec = recordEvents(el);
    const failed = await rec.next('passkey-error');
    await el.updateComplete;

    expect(failed.detail).to.deep.equal({ code: 'unauthorized', message: MESSAGES.unauthorized, action: 'list' });
    expect(profile.root.querySelector('[part="error"]')!.textContent).to.contain(MESSAGES.unauthorized);
    await expectAnnounced(el, MESSAGES.unauthorized);
    expect(profile.names).to.deep.equal([]);

    await signInAgain();
    profile.button('Try again').click();
    await until(() => profile.rows.length === 3, 'the list after the retry');
    await page.expectClean();
  });
});
