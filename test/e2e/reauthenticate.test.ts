import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/passkey-user-profile.js';
import '../../src/passkey-button.js';
import type {
  PasskeyAdapter,
  PasskeyButtonElement,
  PasskeyErrorDetail,
  PasskeyReauthenticatedDetail,
  PasskeyRegisteredDetail,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  addAuthenticator,
  backendUser,
  registerUser,
  removeAuthenticator,
  seedPasskeys,
  signOut,
  currentUser,
  setPresence,
  signInWithPasskey,
  staleSessions,
  until,
  newDeviceAfterConfirm,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { ENDPOINT, loadedProfile } from '../helpers/elements.js';
import { ProfileHarness, findButton } from '../helpers/harness.js';

/** The REST adapter, recording the input of each authentication-options request. */
function recording(extra: Partial<PasskeyAdapter> = {}) {
  const rest = createRestAdapter({ endpoint: ENDPOINT });
  const asked: object[] = [];
  const adapter: PasskeyAdapter = {
    ...rest,
    getAuthenticationOptions: (input, ctx) => {
      asked.push(input);
      return rest.getAuthenticationOptions(input, ctx);
    },
    ...extra,
  };
  return { adapter, asked, rest };
}

/** Options for any passkey, as a backend that does not narrow the confirmation to the signed-in user's would send. */
const unnarrowed = (rest: PasskeyAdapter): Partial<PasskeyAdapter> => ({
  getAuthenticationOptions: async (input, ctx) => ({
    ...(await rest.getAuthenticationOptions(input, ctx)),
    allowCredentials: [],
  }),
});

describe('re-authentication', () => {
  const authenticator = useVirtualAuthenticator();
  let username: string;

  beforeEach(async () => {
    ({ username } = await registerUser(undefined, { stay: true }));
    await staleSessions(username);
  });

  /** The profile's "Confirm it's you" notice, once shown. */
  const notice = async (profile: ProfileHarness) => {
    await until(() => Boolean(profile.part('reauth')), 'the “Confirm it’s you” notice');
    return profile.part('reauth')!;
  };

  describe('<passkey-user-profile> deleting', () => {
    it('asks to confirm it’s you, then deletes the passkey', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const { adapter, asked } = recording();
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      await profile.confirmDelete('Old phone');
      const box = await notice(profile);

      expect(box.textContent).to.contain('Please confirm it’s you with your passkey to continue.');
      expect(profile.names).to.deep.equal(['Old phone', 'Passkey']);
      expect(profile.root.activeElement).to.equal(profile.button('Confirm it’s you', box));
      const deleted = oneEvent(el, 'passkey-deleted');
      profile.button('Confirm it’s you', box).click();
      await deleted;

      expect(asked).to.deep.equal([{ reauthenticate: true }]);
      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.part('reauth')).to.equal(null);
      expect(profile.status).to.equal('Passkey “Old phone” deleted.');
      expect((await backendUser(username))!.passkeys.map((p) => p.name)).not.to.include('Old phone');
    });

    it('changes nothing on Cancel', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const el = await loadedProfile();
      const profile = new ProfileHarness(el);

      await profile.confirmDelete('Old phone');
      const box = await notice(profile);
      await profile.click('Cancel', box);

      expect(profile.part('reauth')).to.equal(null);
      expect(profile.names).to.deep.equal(['Old phone', 'Passkey']);
      expect(profile.status).to.equal('');
      expect((await backendUser(username))!.passkeys).to.have.length(2);
    });
  });

  describe('with another account’s passkey', () => {
    let strangerAuthenticator: string | undefined;
    afterEach(async () => {
      if (strangerAuthenticator) await removeAuthenticator(strangerAuthenticator);
      strangerAuthenticator = undefined;
    });

    /**
     * A security key holding another account's passkey answers; the signed-in
     * user's own authenticator stays silent.
     */
    async function strangerAnswers(): Promise<string> {
      await setPresence(authenticator.id, false);
      strangerAuthenticator = await addAuthenticator({ transport: 'usb' });
      await signOut();
      const { username: stranger } = await registerUser();
      // Back to the user's own session, made with the user's own passkey, and stale again.
      await setPresence(strangerAuthenticator, false);
      await setPresence(authenticator.id, true);
      await signInWithPasskey();
      await staleSessions(username);
      await setPresence(authenticator.id, false);
      await setPresence(strangerAuthenticator, true);
      expect((await currentUser())?.username).to.equal(username);
      return stranger;
    }

    it('refuses the confirmation, deletes nothing, and the session stays the user’s', async () => {
      await seedPasskeys(username, [{ name: 'Old phone' }]);
      const stranger = await strangerAnswers();
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const el = await loadedProfile({ ...rest, ...unnarrowed(rest) });
      const profile = new ProfileHarness(el);
      const errors: PasskeyErrorDetail[] = [];
      el.addEventListener('passkey-error', (e) => errors.push((e as CustomEvent<PasskeyErrorDetail>).detail));
      let deleted = 0;
      el.addEventListener('passkey-deleted', () => deleted++);

      await profile.confirmDelete('Old phone');
      profile.button('Confirm it’s you', await notice(profile)).click();
      await until(() => errors.length > 1, 'the refusal');

      // The first is the server asking for the confirmation, the second its refusal.
      expect(errors.map((e) => e.code)).to.deep.equal(['reauthentication-required', 'verification-failed']);
      expect(profile.status).to.equal('Your passkey couldn’t be verified. Please try again.');
      expect(deleted).to.equal(0);
      expect(profile.names).to.deep.equal(['Old phone', 'Passkey']);
      expect((await backendUser(username))!.passkeys).to.have.length(2);
      expect((await currentUser())?.username).to.equal(username);
      expect((await currentUser())?.username).not.to.equal(stranger);
    });

    it('on <passkey-button action="reauthenticate">: no passkey-reauthenticated, and the session stays the user’s', async () => {
      await strangerAnswers();
      const rest = createRestAdapter({ endpoint: ENDPOINT });
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="reauthenticate" .adapter=${{ ...rest, ...unnarrowed(rest) }}></passkey-button>`,
      );
      let confirmed = 0;
      el.addEventListener('passkey-reauthenticated', () => confirmed++);
      const event = oneEvent(el, 'passkey-error');
      findButton(el.shadowRoot!, 'Confirm it’s you')!.click();
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;

      expect(detail).to.include({ code: 'verification-failed', action: 'reauthenticate' });
      expect(confirmed).to.equal(0);
      expect((await currentUser())?.username).to.equal(username);
      // Still stale: the refused confirmation made nothing fresh.
      const [seeded] = await seedPasskeys(username, [{ name: 'Old phone' }]);
      const refused = await rest.deletePasskey!(seeded!, { signal: new AbortController().signal }).catch(
        (e: { code: string }) => e.code,
      );
      expect(refused).to.equal('reauthentication-required');
    });
  });

  describe('<passkey-user-profile> adding', () => {
    it('asks to confirm it’s you, then adds the passkey without another click', async () => {
      const moved = newDeviceAfterConfirm(recording().adapter, authenticator);
      const el = await loadedProfile(moved.adapter);
      const profile = new ProfileHarness(el);

      profile.addButton.click();
      const box = await notice(profile);
      const registered = oneEvent(el, 'passkey-registered');
      profile.button('Confirm it’s you', box).click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      expect(moved.calls).to.equal(2);
      await until(() => profile.rows.length === 2, 'the new row');
      expect(profile.part('reauth')).to.equal(null);
      expect(profile.status).to.equal(`Passkey “${detail.passkey.name}” added.`);
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).to.include(detail.passkey.id);
    });
    it('leaves the user one click away when the browser refuses a second prompt for the click', async () => {
      const create = navigator.credentials.create.bind(navigator.credentials);
      let registrationOptions = 0;
      const { adapter, rest } = recording({
        getRegistrationOptions: (input, ctx) => {
          // What Safari does once the confirmation's prompt took the click's user activation.
          if (++registrationOptions === 2) {
            navigator.credentials.create = () => {
              navigator.credentials.create = create;
              return Promise.reject(new DOMException('No user activation', 'NotAllowedError'));
            };
          }
          return rest.getRegistrationOptions(input, ctx);
        },
      });
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      profile.addButton.click();
      profile.button('Confirm it’s you', await notice(profile)).click();
      await until(() => profile.status.startsWith('Thanks'), 'the message');

      expect(profile.status).to.equal('Thanks, that’s confirmed. Select “Add a passkey” to continue.');
      expect(profile.root.querySelector('[part="status"]')!.classList.contains('error')).to.equal(false);
      expect(profile.part('reauth')).to.equal(null);
    });
  });

  describe('<passkey-button action="reauthenticate">', () => {
    it('confirms it’s you and makes the session fresh', async () => {
      const [seeded] = await seedPasskeys(username, [{ name: 'Old phone' }]);
      const { adapter, asked, rest } = recording();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="reauthenticate" .adapter=${adapter}></passkey-button>`,
      );
      // Stale: the server refuses the delete before the confirmation.
      const refused = await rest.deletePasskey!(seeded!, { signal: new AbortController().signal }).catch(
        (e: { code: string }) => e.code,
      );
      expect(refused).to.equal('reauthentication-required');

      const button = findButton(el.shadowRoot!, 'Confirm it’s you')!;
      const event = oneEvent(el, 'passkey-reauthenticated');
      button.click();
      const { detail } = (await event) as CustomEvent<PasskeyReauthenticatedDetail>;

      expect(asked).to.deep.equal([{ reauthenticate: true }]);
      expect(detail.result.user?.username).to.equal(username);
      await el.updateComplete;
      expect(el.state).to.equal('success');
      await rest.deletePasskey!(seeded!, { signal: new AbortController().signal });
      expect((await backendUser(username))!.passkeys.map((p) => p.id)).not.to.include(seeded);
    });

    it('reports a failure as for sign-in, with its own action', async () => {
      await signOut();
      const el = await fixture<PasskeyButtonElement>(
        html`<passkey-button action="reauthenticate" endpoint=${ENDPOINT}></passkey-button>`,
      );
      const event = oneEvent(el, 'passkey-error');
      findButton(el.shadowRoot!, 'Confirm it’s you')!.click();
      const { detail } = (await event) as CustomEvent<PasskeyErrorDetail>;

      expect(detail).to.include({ code: 'unauthorized', action: 'reauthenticate' });
    });
  });
});
