import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-user-profile.js';
import type {
  PasskeyAdapter,
  PasskeyDeletedDetail,
  PasskeyList,
  PasskeyErrorDetail,
  PasskeyRegisteredDetail,
  PasskeyRenamedDetail,
  PasskeyUserProfileElement,
} from '../../src/index.js';
import { ERROR_CODES, PasskeyError, createRestAdapter, loadLocale } from '../../src/index.js';
import { de } from '../../src/locales/de.js';
import {
  addAuthenticator,
  backendUser,
  credentialsOf,
  observe,
  signalledDeletion,
  forgetCredentialOnServer,
  registerUser,
  removeAuthenticator,
  seedPasskeys,
  signOut,
  until,
} from '../helpers/authenticator.js';
import { countingAdapter, ENDPOINT, loadedProfile } from '../helpers/elements.js';
import { ProfileHarness } from '../helpers/harness.js';
import { listAdapter, longPasskeys } from '../helpers/layout.js';

const APPLE = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const YUBIKEY = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

/** A REST adapter whose `method` fails with `code` (the server refusing). */
function refusing(method: 'renamePasskey' | 'deletePasskey' | 'listPasskeys', code: PasskeyError['code'] = 'server') {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  return { ...rest, [method]: () => Promise.reject(new PasskeyError(code, 'Refused')) };
}

describe('<passkey-user-profile>', () => {
  let authenticatorId: string;
  let username: string;

  beforeEach(async () => {
    await signOut();
    authenticatorId = await addAuthenticator();
    ({ username } = await registerUser(undefined, { stay: true }));
  });

  afterEach(async () => {
    await removeAuthenticator(authenticatorId);
  });

  describe('when the list loads', () => {
    it('shows each passkey with its provider, badge and dates', async () => {
      await seedPasskeys(username, [
        {
          name: 'iPhone',
          aaguid: APPLE,
          backedUp: true,
          deviceType: 'multiDevice',
          lastUsedAt: new Date(Date.now() - 86_400_000).toISOString(),
        },
        { name: 'Work key', aaguid: YUBIKEY, transports: ['usb', 'nfc'] },
      ]);

      const el = await loadedProfile();

      const profile = new ProfileHarness(el);
      await until(() => profile.rows.some((r) => r.textContent.includes('Apple Passwords')), 'provider names');

      expect(profile.names).to.have.members(['Passkey', 'iPhone', 'Work key']);
      const iphone = profile.row('iPhone');
      expect(iphone.querySelector('[part="meta"]')!.textContent).to.contain('Apple Passwords');
      expect(iphone.querySelector('[part="meta"]')!.textContent).to.contain('Last used yesterday');
      expect(iphone.querySelector('[part="badge"]'), 'a synced passkey needs no marker').to.equal(null);
      const key = profile.row('Work key');
      expect(key.querySelector('[part="meta"]')!.textContent).to.contain('YubiKey 5 Series');
      expect(key.querySelector('[part="meta"]')!.textContent).to.contain('Never used');
      expect(key.querySelector('[part="badge"]')!.textContent.trim()).to.equal('Security key');
      expect(profile.row('Passkey').querySelector('[part="badge"]')!.textContent.trim()).to.equal('On one device only');
      // Its provider is unknown: the line under the name does not say the marker again.
      expect(profile.row('Passkey').querySelector('[part="meta"] > span')!.textContent.trim()).to.equal('Passkey');
      const created = key.querySelector('time')!;
      expect(created.textContent).to.match(/^Created /);
      expect(created.getAttribute('title')).to.match(/\d{4}/);
      await expect(el).to.be.accessible();
    });

    it('uses page-supplied provider names and icons', async () => {
      await seedPasskeys(username, [{ name: 'Vault', aaguid: APPLE }]);
      const icon = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';

      const el = await fixture<PasskeyUserProfileElement>(
        html`<passkey-user-profile
          endpoint=${ENDPOINT}
          theme="light"
          .authenticators=${{ [APPLE]: { name: 'My Vault', icon_light: icon, icon_dark: icon } }}
        ></passkey-user-profile>`,
      );
      const profile = new ProfileHarness(el);
      await until(() => Boolean(profile.rows.length), 'rows');

      const row = profile.row('Vault');
      expect(row.querySelector('[part="meta"]')!.textContent).to.contain('My Vault');
      expect(row.querySelector('img')!.getAttribute('src')).to.equal(icon);
    });

    it('signals the accepted passkeys, so one deleted elsewhere leaves the device', async () => {
      const stale = await registerUserOnSameAccount();
      await forgetCredentialOnServer(stale);

      await loadedProfile();

      expect(await signalledDeletion(stale)).to.equal(true);
    });

    it('renders and scrolls through 100 passkeys', async () => {
      await seedPasskeys(
        username,
        Array.from({ length: 99 }, (_, i) => ({ name: `Key ${i + 1}` })),
      );

      const el = await loadedProfile();

      const profile = new ProfileHarness(el);

      expect(profile.rows).to.have.length(100);
      const last = profile.rows.at(-1)!;
      last.scrollIntoView();
      expect(last.getBoundingClientRect().top).to.be.lessThan(window.innerHeight);
    });
  });

  describe('when adding a passkey', () => {
    it('adds a row, focuses it and announces it', async () => {
      await removeAuthenticator(authenticatorId);
      authenticatorId = await addAuthenticator();
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      const add = profile.root.querySelector('passkey-button')!;

      const event = oneEvent(el, 'passkey-registered');
      add.shadowRoot!.querySelector('button')!.click();
      const { detail } = (await event) as CustomEvent<PasskeyRegisteredDetail>;
      await until(() => profile.rows.length === 2, 'the new row');

      expect(profile.names).to.deep.equal(['Passkey', detail.passkey.name]);
      expect(profile.status).to.equal(`Passkey “${detail.passkey.name}” added.`);
      expect(profile.root.activeElement?.textContent).to.equal(detail.passkey.name);
      expect((await backendUser(username))!.passkeys).to.have.length(2);
    });

    it('explains kindly when this device already has a passkey', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      const add = profile.root.querySelector('passkey-button')!;

      const event = oneEvent(el, 'passkey-error');
      add.shadowRoot!.querySelector('button')!.click();
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;

      expect(detail.code).to.equal('already-registered');
      await el.updateComplete;
      expect(profile.status).to.equal('This device already has a passkey for your account.');
      expect(profile.root.querySelector('[part="status"]')!.classList.contains('error')).to.equal(false);
      expect(profile.names).to.deep.equal(['Passkey']);
    });

    it('adds a security key with "Add a security key": the browser is asked for one', async () => {
      // This device already has a passkey for the account: only the security key can take a new one.
      const key = await addAuthenticator({ transport: 'usb' });
      const watch = observe();
      try {
        const el = await loadedProfile();
        const profile = new ProfileHarness(el);
        const buttons = [...profile.root.querySelectorAll('passkey-button')].map((b) => b.textContent!.trim());
        expect(buttons).to.deep.equal(['Add a passkey', 'Add a security key']);

        const event = oneEvent(el, 'passkey-registered');
        profile.root.querySelectorAll('passkey-button')[1]!.shadowRoot!.querySelector('button')!.click();
        const { detail } = (await event) as CustomEvent<PasskeyRegisteredDetail>;
        await until(() => profile.rows.length === 2, 'the new row');

        const create = watch.calls.find((c) => c.kind === 'create')!;
        expect((create.publicKey as { hints?: string[] }).hints).to.deep.equal(['security-key']);
        expect((await credentialsOf(key)).map((c) => c.credentialId)).to.deep.equal([detail.passkey.credentialId]);
        expect(profile.row(detail.passkey.name).querySelector('[part="badge"]')!.textContent.trim()).to.equal(
          'Security key',
        );
        expect(profile.status).to.equal(`Passkey “${detail.passkey.name}” added.`);
      } finally {
        watch.restore();
        await removeAuthenticator(key);
      }
    });

    it('adds back a passkey just deleted from this device: options fetched before the delete are dropped', async () => {
      const counting = countingAdapter();
      const el = await loadedProfile(counting.adapter);
      const profile = new ProfileHarness(el);
      const add = profile.root.querySelector('passkey-button')!.shadowRoot!.querySelector('button')!;
      // Focus fetches options whose exclude list still holds this device's passkey.
      add.focus();
      await until(() => counting.answered === 1, 'the prefetched options');

      profile.button('Delete', profile.row('Passkey')).click();
      await until(() => Boolean(profile.popover), 'the popover');
      const deleted = oneEvent(el, 'passkey-deleted');
      profile.button('Delete', profile.popover!).click();
      await deleted;
      const registered = oneEvent(el, 'passkey-registered');
      add.click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      expect(counting.asked).to.have.length(2);
      await until(() => profile.rows.length === 1, 'the new row');
      expect(profile.names).to.deep.equal([detail.passkey.name]);
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).to.deep.equal([detail.passkey.id]);
    });
  });

  describe('when renaming', () => {
    it('saves the new name on Enter', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);

      const event = oneEvent(el, 'passkey-renamed');
      await profile.rename('Passkey', '  Laptop  ');
      const { detail } = (await event) as CustomEvent<PasskeyRenamedDetail>;

      expect(detail.passkey.name).to.equal('Laptop');
      await el.updateComplete;
      expect(profile.names).to.deep.equal(['Laptop']);
      expect(profile.status).to.equal('Passkey renamed to “Laptop”.');
      expect((await backendUser(username))!.passkeys[0].name).to.equal('Laptop');
    });

    for (const [what, value, message] of [
      ['empty', '', 'Enter a name for this passkey.'],
      ['whitespace-only', '   ', 'Enter a name for this passkey.'],
      ['too long', 'x'.repeat(65), 'Use 64 characters or fewer.'],
    ] as const) {
      it(`refuses a ${what} name with a message`, async () => {
        const el = await loadedProfile();
        const profile = new ProfileHarness(el);

        const input = await profile.rename('Passkey', value);

        expect(input.isConnected).to.equal(true);
        expect(input.getAttribute('aria-invalid')).to.equal('true');
        expect(profile.root.querySelector('#name-error')!.textContent).to.equal(message);
        expect((await backendUser(username))!.passkeys[0].name).to.equal('Passkey');
      });
    }

    it('cancels on Escape and returns focus to Rename', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      profile.button('Rename', profile.row('Passkey')).click();
      await el.updateComplete;
      const input = profile.root.querySelector<HTMLInputElement>('[part="rename-input"]')!;
      input.value = 'Something';

      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await el.updateComplete;

      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.root.activeElement?.textContent?.trim()).to.equal('Rename');
    });

    it('rolls back when the server refuses, keeping every row', async () => {
      await seedPasskeys(username, [{ name: 'Other' }]);
      const el = await loadedProfile(refusing('renamePasskey'));
      const profile = new ProfileHarness(el);
      const before = profile.names;

      const event = oneEvent(el, 'passkey-error');
      await profile.rename('Passkey', 'Laptop');
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;
      await el.updateComplete;

      expect(detail).to.include({ code: 'server', action: 'rename' });
      expect(profile.names).to.deep.equal(before);
      expect(profile.status).to.equal('Something went wrong on the server. Please try again.');
    });
  });

  it('keeps a name being typed, and its focus, when a row above it goes away', async () => {
    await seedPasskeys(username, [{ name: 'Phone' }, { name: 'Work key' }]);
    const el = await loadedProfile();
    const profile = new ProfileHarness(el);
    const [above] = el.passkeys;
    const last = profile.names.at(-1)!;
    await profile.click('Rename', profile.row(last));
    const input = profile.renameInput!;
    input.value = 'Desk key';
    input.dispatchEvent(new Event('input', { bubbles: true }));

    // Deleted in another tab; this page reloads its list.
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    await rest.deletePasskey!(above!.id, { signal: new AbortController().signal });
    await el.refresh();
    await el.updateComplete;

    expect(profile.rows).to.have.length(2);
    expect(profile.names).to.not.include(above!.name);
    expect(profile.renameInput).to.equal(input);
    expect(profile.root.activeElement).to.equal(input);
    expect(input.value).to.equal('Desk key');
  });

  describe('with sloppy or odd input', () => {
    it('a string where a function is expected (`strings.deleted`) still deletes, and says so', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      el.strings = { deleted: 'Deleted!', errors: { server: () => 'Server trouble.' } };
      await el.updateComplete;
      const errors: unknown[] = [];
      el.addEventListener('passkey-error', (e) => errors.push(e.detail));
      const deleted = oneEvent(el, 'passkey-deleted');

      profile.button('Delete', profile.row('Old phone')).click();
      await until(() => Boolean(profile.popover), 'the popover');
      profile.button('Delete', profile.popover!).click();
      await deleted;
      await el.updateComplete;

      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.status).to.equal('Deleted!');
      expect(errors).to.deep.equal([]);
    });

    it('shows a list whose server sends `transports: "usb"`, numeric ids and epoch dates', async () => {
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const odd = {
        ...rest,
        listPasskeys: async () => [
          { id: 7, name: 'YubiKey', createdAt: Date.parse('2026-01-05T10:00:00Z'), transports: 'usb', backedUp: 'no' },
          { id: 'p2', name: 'Phone', createdAt: '2026-02-01T10:00:00Z', transports: ['hybrid', 1] },
        ],
      } as unknown as Parameters<typeof loadedProfile>[0];
      const errors: unknown[] = [];
      document.addEventListener('passkey-error', (e) => errors.push(e.detail), { once: true });
      const el = await loadedProfile(odd);
      const profile = new ProfileHarness(el);

      expect(profile.names).to.deep.equal(['YubiKey', 'Phone']);
      expect(profile.row('YubiKey').querySelector('time')!.getAttribute('datetime')).to.equal(
        '2026-01-05T10:00:00.000Z',
      );
      expect(errors).to.deep.equal([]);
      expect(el.passkeys.map((p) => p.id)).to.deep.equal(['7', 'p2']);
    });

    it('every failure, even a TypeError from a custom adapter, reaches the page with a spec code', async () => {
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const broken = {
        ...rest,
        deletePasskey: async () => {
          throw new TypeError('e.transports?.some is not a function');
        },
      };
      const el = await loadedProfile(broken);
      const profile = new ProfileHarness(el);
      const event = oneEvent(el, 'passkey-error');
      profile.button('Delete', profile.row('Passkey')).click();
      await until(() => Boolean(profile.popover), 'the popover');
      profile.button('Delete', profile.popover!).click();
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;

      expect(detail).to.include({ action: 'delete' });
      expect(ERROR_CODES).to.include(detail.code);
      expect(detail.message).to.be.a('string').and.not.equal('');
      expect(profile.names).to.deep.equal(['Passkey']);
    });
  });

  describe('when deleting', () => {
    it('asks in a popover anchored to the button, then deletes', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      const remove = profile.button('Delete', profile.row('Old phone'));

      remove.click();
      await until(() => Boolean(profile.popover?.style.top), 'the popover');

      const box = profile.popover!.getBoundingClientRect();
      const anchor = remove.getBoundingClientRect();
      expect(box.top).to.be.closeTo(anchor.bottom + 6, 2);
      expect(profile.popover!.getAttribute('role')).to.equal('alertdialog');
      expect(profile.popover!.textContent).to.contain('You won’t be able to sign in with “Old phone” anymore.');
      expect(profile.popover!.textContent).not.to.contain('only passkey');
      const event = oneEvent(el, 'passkey-deleted');
      profile.button('Delete', profile.popover!).click();
      const { detail } = (await event) as CustomEvent<PasskeyDeletedDetail>;

      expect(profile.names).to.deep.equal(['Passkey']);
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).not.to.include(detail.id);
      expect(profile.status).to.equal('Passkey “Old phone” deleted.');
    });

    it('says the passkey stays in the password manager only where the browser cannot remove it', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const note = 'It stays in your password manager until you remove it there.';
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      // A backend that sends a plain array: no rpId or user handle for the Signal API.
      const plain: PasskeyAdapter = {
        ...rest,
        listPasskeys: async (ctx) => ((await rest.listPasskeys!(ctx)) as PasskeyList).passkeys,
      };
      for (const [adapter, expected] of [
        [rest, false],
        [plain, true],
      ] as const) {
        const el = await loadedProfile(adapter);
        const profile = new ProfileHarness(el);
        profile.button('Delete', profile.row('Old phone')).click();
        await until(() => Boolean(profile.popover), 'the popover');
        expect(profile.popover!.textContent!.includes(note), adapter === rest ? 'reference backend' : 'plain').to.equal(
          expected,
        );
      }
    });

    it('warns when it is the last passkey', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);

      profile.button('Delete', profile.row('Passkey')).click();
      await until(() => Boolean(profile.popover), 'the popover');

      expect(profile.popover!.textContent).to.contain('This is your only passkey.');
    });

    it('keeps everything on Cancel and returns focus', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      const remove = profile.button('Delete', profile.row('Passkey'));
      remove.click();
      await until(() => Boolean(profile.popover), 'the popover');

      profile.button('Cancel', profile.popover!).click();
      await el.updateComplete;

      expect(profile.popover).to.equal(null);
      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.root.activeElement).to.equal(remove);
    });

    it('traps focus in the popover and closes on Escape', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      const remove = profile.button('Delete', profile.row('Passkey'));
      remove.click();
      await until(() => Boolean(profile.popover), 'the popover');
      const focused = () => profile.root.activeElement?.textContent?.trim();
      const press = (key: string, shiftKey = false) =>
        profile.root.activeElement!.dispatchEvent(
          new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true }),
        );

      expect(focused()).to.equal('Cancel');
      press('Tab');
      expect(focused()).to.equal('Delete');
      press('Tab');
      expect(focused()).to.equal('Cancel');
      press('Tab', true);
      expect(focused()).to.equal('Delete');
      press('Escape');
      await el.updateComplete;

      expect(profile.popover).to.equal(null);
      expect(profile.root.activeElement).to.equal(remove);
    });

    it('closes on a click outside', async () => {
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);
      profile.button('Delete', profile.row('Passkey')).click();
      await until(() => Boolean(profile.popover), 'the popover');

      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      await el.updateComplete;

      expect(profile.popover).to.equal(null);
    });

    it('puts the row back in place when the server refuses', async () => {
      await seedPasskeys(username, [{ name: 'A' }, { name: 'B' }]);
      const el = await loadedProfile(refusing('deletePasskey'));
      const profile = new ProfileHarness(el);
      const before = profile.names;

      profile.button('Delete', profile.row('A')).click();
      await until(() => Boolean(profile.popover), 'the popover');
      const event = oneEvent(el, 'passkey-error');
      profile.button('Delete', profile.popover!).click();
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;
      await el.updateComplete;

      expect(detail).to.include({ code: 'server', action: 'delete' });
      expect(profile.names).to.deep.equal(before);
    });
  });

  describe('states', () => {
    it('invites adding the first passkey when there are none', async () => {
      const id = (await backendUser(username))!.passkeys[0].id;
      await fetch(`${ENDPOINT}/passkeys/${id}`, {
        method: 'DELETE',
        headers: { 'X-Requested-With': 'passkey-elements' },
      });

      const el = await loadedProfile();

      const profile = new ProfileHarness(el);

      expect(profile.root.querySelector('[part="empty"]')!.textContent).to.contain('No passkeys yet');
      expect(profile.root.querySelector('passkey-button')!.textContent).to.equal('Add a passkey');
      await expect(el).to.be.accessible();
    });

    it('shows the error with a retry that recovers', async () => {
      let fail = true;
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const adapter = {
        ...rest,
        listPasskeys: (ctx: { signal: AbortSignal }) =>
          fail ? Promise.reject(new TypeError('offline')) : rest.listPasskeys!(ctx),
      };

      const el = await loadedProfile(adapter);

      const profile = new ProfileHarness(el);
      expect(profile.root.querySelector('[part="error"]')!.textContent).to.contain('Can’t reach the server');

      fail = false;
      profile.button('Try again').click();
      await until(() => profile.rows.length === 1, 'the list after retry');
      expect(profile.names).to.deep.equal(['Passkey']);
    });

    it('is read-only when the adapter cannot rename or delete', async () => {
      const readOnly = {
        ...createRestAdapter({ endpoint: ENDPOINT }),
        renamePasskey: undefined,
        deletePasskey: undefined,
      };

      const el = await loadedProfile(readOnly);

      const profile = new ProfileHarness(el);

      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.buttonNames).to.not.include('Rename');
      expect(profile.buttonNames).to.not.include('Delete');
    });

    it('keeps the shown list when a reload fails', async () => {
      let fail = false;
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const adapter = {
        ...rest,
        listPasskeys: (ctx: { signal: AbortSignal }) =>
          fail ? Promise.reject(new Error('boom')) : rest.listPasskeys!(ctx),
      };
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);
      const before = profile.names;

      fail = true;
      const event = oneEvent(el, 'passkey-error');
      void el.refresh();
      await event;
      await el.updateComplete;

      expect(profile.names).to.deep.equal(before);
    });
  });

  /** A second passkey for the signed-in user, on a second authenticator; returns its credential id. */
  async function registerUserOnSameAccount(): Promise<string> {
    await removeAuthenticator(authenticatorId);
    authenticatorId = await addAuthenticator();
    const { startRegistration } = await import('@simplewebauthn/browser');
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(`${ENDPOINT}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'passkey-elements' },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    const optionsJSON = await post('/registration/options', {});
    const response = await startRegistration({ optionsJSON: optionsJSON as never });
    const passkey = await post('/registration/verify', response);
    return passkey.credentialId as string;
  }
});

describe('<passkey-user-profile> when the server refuses to delete the only passkey', () => {
  // No backend: the list comes from a stub, and the delete goes through the
  // REST adapter to a server answering as the reference backend does.
  const refusing: typeof fetch = async () =>
    new Response(JSON.stringify({ error: { code: 'last-passkey', message: 'The only passkey.' } }), {
      status: 409,
      headers: { 'Content-Type': 'application/json' },
    });
  const keepingTheLast = () => ({
    ...listAdapter(longPasskeys().slice(1, 2)),
    deletePasskey: createRestAdapter({ endpoint: ENDPOINT, fetch: refusing }).deletePasskey,
  });

  async function refuseDelete(profile: ProfileHarness, label: string) {
    const el = profile.element;
    profile.button(label, profile.row('Work laptop')).click();
    await until(() => Boolean(profile.popover), 'the popover');
    const event = oneEvent(el, 'passkey-error');
    profile.button(label, profile.popover!).click();
    const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;
    await el.updateComplete;
    return detail;
  }

  it('says why (`last-passkey`) and keeps the row', async () => {
    const el = await loadedProfile(keepingTheLast());
    const profile = new ProfileHarness(el);
    const before = el.passkeys;

    const detail = await refuseDelete(profile, 'Delete');

    const message = 'This is your only passkey. Add another one before you remove it.';
    expect(detail).to.deep.equal({ code: 'last-passkey', message, action: 'delete' });
    expect(profile.status).to.equal(message);
    expect(profile.root.querySelector('[part="status"]')!.classList.contains('error')).to.equal(true);
    expect(el.passkeys).to.deep.equal(before);
    expect(profile.names).to.deep.equal(['Work laptop']);
    expect(profile.root.activeElement).to.equal(profile.button('Delete', profile.row('Work laptop')));
  });

  it('says why in the page’s language', async () => {
    await loadLocale('de');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de"><passkey-user-profile .adapter=${keepingTheLast()}></passkey-user-profile></div>`,
    );
    const profile = new ProfileHarness(wrapper.querySelector('passkey-user-profile')!);
    await until(() => profile.rows.length === 1, 'the list');

    const detail = await refuseDelete(profile, 'Löschen');

    expect(detail).to.include({ code: 'last-passkey', message: de.errors['last-passkey'] });
    expect(profile.status).to.equal(de.errors['last-passkey']);
    expect(profile.names).to.deep.equal(['Work laptop']);
  });
});
