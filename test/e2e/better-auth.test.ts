import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-user-profile.js';
import { createBetterAuthAdapter } from '../../src/adapters/better-auth.js';
import type {
  PasskeyButtonElement,
  PasskeyDeletedDetail,
  PasskeyError,
  PasskeyErrorDetail,
  PasskeyRegisteredDetail,
  PasskeyRenamedDetail,
  PasskeySignedInDetail,
} from '../../src/index.js';
import {
  credentialsOf,
  setPresence,
  signalledDeletion,
  uniqueUsername,
  until,
  newDeviceAfterConfirm,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { loadedProfile, readyCard } from '../helpers/elements.js';
import { ButtonHarness, ProfileHarness, SignInHarness } from '../helpers/harness.js';

// ---- Better Auth, as a page using it would call it ----

interface StoredPasskey {
  id: string;
  name: string | null;
  credentialID: string;
  deviceType: string;
  backedUp: boolean;
  transports: string;
  aaguid: string;
  createdAt: string;
}

/** What Better Auth stored for the account (read on the test server). */
const storedPasskeys = (email: string) =>
  executeServerCommand<StoredPasskey[] | null, { email: string }>('better-auth:passkeys', { email });

/** Forgets a passkey on the server only, as if it was deleted from another device. */
const forgetOnServer = (credentialId: string) =>
  executeServerCommand<boolean, { credentialId: string }>('better-auth:forget-passkey', { credentialId });

async function authPost(path: string, body: unknown): Promise<Response> {
  return fetch(`/api/auth${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Creates an account with email and password; Better Auth signs it in. */
async function signUp(name = 'Alice Example'): Promise<string> {
  const email = uniqueUsername('better-auth');
  const response = await authPost('/sign-up/email', { email, password: 'correct horse battery', name });
  if (!response.ok) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return email;
}

async function signOut(): Promise<void> {
  await authPost('/sign-out', {});
}

async function session(): Promise<{ user: { email: string } } | null> {
  return (await (await fetch('/api/auth/get-session')).json()) as { user: { email: string } } | null;
}

// ---- the elements ----

const adapter = createBetterAuthAdapter();

async function registerButton() {
  return new ButtonHarness(
    await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" .adapter=${adapter}>Add a passkey</passkey-button>`,
    ),
  );
}

/** Adds a passkey to the signed-in account with `<passkey-button action="register">`. */
async function registerPasskey(): Promise<{ id: string; credentialId: string }> {
  const button = await registerButton();
  const registered = oneEvent(button.element, 'passkey-registered');
  button.mainButton.click();
  const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;
  button.element.remove();
  return { id: detail.passkey.id, credentialId: detail.passkey.credentialId! };
}

/** A sign-in card whose options prefetch has finished. */
async function signInCard() {
  // Its autofill request waiting in the authenticator: presence turned on next answers only the click.
  const card = new SignInHarness(await readyCard(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`));
  await until(() => card.hasPrefetched(), 'the sign-in options');
  return card;
}

describe('createBetterAuthAdapter() against a Better Auth server', () => {
  beforeEach(() => signOut());
  // A new authenticator per test: a second passkey on one would be refused as already registered.
  const authenticator = useVirtualAuthenticator();

  describe('when a signed-in user adds a passkey', () => {
    it('creates it on the device, stores it in Better Auth and reports it', async () => {
      const email = await signUp();
      const button = await registerButton();

      const registered = oneEvent(button.element, 'passkey-registered');
      button.mainButton.click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      const [stored] = (await storedPasskeys(email))!;
      expect(detail.passkey).to.deep.equal({
        id: stored.id,
        name: 'Passkey',
        createdAt: stored.createdAt,
        credentialId: stored.credentialID,
        aaguid: stored.aaguid,
        backedUp: stored.backedUp,
        deviceType: stored.deviceType,
        transports: stored.transports.split(',').filter(Boolean),
      });
      expect(new Date(detail.passkey.createdAt).getTime()).to.be.closeTo(Date.now(), 60_000);
      expect(detail.passkey.deviceType).to.equal('singleDevice');
      expect((await credentialsOf(authenticator.id)).map((c) => c.credentialId)).to.deep.equal([stored.credentialID]);
      expect(button.element.getAttribute('state')).to.equal('success');
      expect(button.status).to.equal('Your passkey was created.');
    });
  });

  describe('when the session is older than Better Auth’s freshAge', () => {
    it('the profile asks to confirm it’s you with a passkey, then adds the new one', async () => {
      const email = await signUp();
      await registerPasskey();
      expect(
        await executeServerCommand<number, { email: string }>('better-auth:stale-sessions', { email }),
      ).to.be.greaterThan(0);
      const moved = newDeviceAfterConfirm(adapter, authenticator);
      const el = await loadedProfile(moved.adapter);
      const profile = new ProfileHarness(el);

      profile.addButton.click();
      await until(() => Boolean(profile.part('reauth')), 'the “Confirm it’s you” notice');
      const registered = oneEvent(el, 'passkey-registered');
      profile.button('Confirm it’s you', profile.part('reauth')!).click();
      const { detail } = (await registered) as CustomEvent<PasskeyRegisteredDetail>;

      expect(moved.calls).to.equal(2);
      expect((await storedPasskeys(email))!.map((p) => p.id)).to.include(detail.passkey.id);
      expect((await session())?.user.email).to.equal(email);
      await until(() => profile.rows.length === 2, 'the new row');
      expect(profile.part('reauth')).to.equal(null);
    });
  });

  describe('when signing in with the passkey', () => {
    it('signs in and Better Auth opens a session for the account', async () => {
      const email = await signUp('Alice Example');
      const { credentialId } = await registerPasskey();
      await signOut();
      expect(await session()).to.equal(null);
      // Without presence the card's passkey autofill stays pending, as it would for a real user.
      await setPresence(authenticator.id, false);
      const card = await signInCard();
      await setPresence(authenticator.id, true);

      const signedIn = oneEvent(card.element, 'passkey-signed-in');
      card.mainButton.click();
      const { detail } = (await signedIn) as CustomEvent<PasskeySignedInDetail>;

      expect(detail.result.user).to.deep.include({ username: email, displayName: 'Alice Example' });
      expect(detail.result.user?.id).to.be.a('string');
      expect(detail.result).not.to.have.property('session');
      expect((await session())?.user.email).to.equal(email);
      expect(card.status).to.equal('You’re signed in.');
      expect((await storedPasskeys(email))!.map((p) => p.credentialID)).to.deep.equal([credentialId]);
    });
  });

  describe('when managing passkeys in the profile', () => {
    let email: string;
    let passkeyId: string;

    beforeEach(async () => {
      email = await signUp();
      ({ id: passkeyId } = await registerPasskey());
    });

    it('lists the passkey Better Auth stored', async () => {
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      expect(profile.names).to.deep.equal(['Passkey']);
      expect(profile.rows[0].dataset.id).to.equal(passkeyId);
      expect(profile.rows[0].querySelector('[part="badge"]')!.textContent.trim()).to.equal('On one device only');
      expect(profile.rows[0].querySelector('time')!.textContent).to.match(/^Created /);
    });

    it('renames it, and Better Auth stores the new name', async () => {
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      const renamed = oneEvent(el, 'passkey-renamed');
      await profile.rename('Passkey', 'Work laptop');
      const { detail } = (await renamed) as CustomEvent<PasskeyRenamedDetail>;
      await el.updateComplete;

      expect(detail.passkey).to.include({ id: passkeyId, name: 'Work laptop' });
      expect(profile.names).to.deep.equal(['Work laptop']);
      expect((await storedPasskeys(email))!.map((p) => p.name)).to.deep.equal(['Work laptop']);
    });

    it('deletes it after confirmation, and Better Auth forgets it', async () => {
      const el = await loadedProfile(adapter);
      const profile = new ProfileHarness(el);

      const deleted = oneEvent(el, 'passkey-deleted');
      await profile.confirmDelete('Passkey');
      const { detail } = (await deleted) as CustomEvent<PasskeyDeletedDetail>;
      await el.updateComplete;

      expect(detail.id).to.equal(passkeyId);
      expect(profile.rows).to.have.length(0);
      expect(await storedPasskeys(email)).to.deep.equal([]);
    });
  });

  describe('when Better Auth refuses', () => {
    it('reports `unauthorized` when adding a passkey without a session', async () => {
      const button = await registerButton();

      const failed = oneEvent(button.element, 'passkey-error');
      button.mainButton.click();
      const { detail } = (await failed) as CustomEvent<PasskeyErrorDetail>;

      expect(detail).to.include({ code: 'unauthorized', action: 'register' });
      expect(button.status).to.equal('Your session has expired. Please sign in again.');
      expect(await credentialsOf(authenticator.id)).to.deep.equal([]);
    });

    it('reports `unknown-credential` for a passkey it no longer knows, and signals it to the device', async () => {
      await signUp();
      const { credentialId } = await registerPasskey();
      await forgetOnServer(credentialId);
      await signOut();
      await setPresence(authenticator.id, false);
      const card = await signInCard();
      await setPresence(authenticator.id, true);

      const failed = oneEvent(card.element, 'passkey-error');
      card.mainButton.click();
      const { detail } = (await failed) as CustomEvent<PasskeyErrorDetail>;

      expect(detail).to.include({ code: 'unknown-credential', action: 'sign-in' });
      expect(card.status).to.contain('no longer valid for this site');
      expect(await signalledDeletion(credentialId)).to.equal(true);
      expect(await session()).to.equal(null);
    });

    it('reports `unknown-credential` when renaming a passkey deleted elsewhere', async () => {
      await signUp();
      const { id, credentialId } = await registerPasskey();
      await forgetOnServer(credentialId);

      const error = await adapter.renamePasskey!(id, 'Gone', { signal: new AbortController().signal }).catch(
        (e: PasskeyError) => e,
      );

      expect((error as PasskeyError).code).to.equal('unknown-credential');
    });
  });
});

describe('createBetterAuthAdapter() error mapping', () => {
  const signal = () => new AbortController().signal;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  /** An adapter whose server answers `reply` (or what `routes` has for the path); records the requests. */
  function answering(
    reply: () => Response | Promise<Response>,
    routes: Record<string, (init: RequestInit) => Response> = {},
  ) {
    const requests: { url: string; init: RequestInit }[] = [];
    const fake: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requests.push({ url, init: init ?? {} });
      const route = routes[url.split('?')[0]];
      return Promise.resolve(route ? route(init ?? {}) : reply());
    };
    return { adapter: createBetterAuthAdapter({ fetch: fake, baseURL: '/auth/' }), requests };
  }
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (e: PasskeyError) => e.code,
    );

  it('sends credentialed JSON requests to the plugin’s endpoints', async () => {
    const { adapter, requests } = answering(() => json(200, { passkey: { id: 'p1', name: 'Key', createdAt: '' } }));

    await adapter.renamePasskey!('p1', 'Key', { signal: signal() });
    await codeOf(adapter.getRegistrationOptions({ username: 'alice@example.com' }, { signal: signal() }));

    expect(requests[0].url).to.equal('/auth/passkey/update-passkey');
    expect(requests[0].init).to.include({ method: 'POST', credentials: 'include' });
    expect(JSON.parse(requests[0].init.body as string)).to.deep.equal({ id: 'p1', name: 'Key' });
    expect(new Headers(requests[0].init.headers).get('Content-Type')).to.equal('application/json');
    const options = requests.find((r) => r.url.startsWith('/auth/passkey/generate-register-options'))!;
    expect(new URL(options.url, location.href).searchParams.get('name')).to.equal('alice@example.com');
    expect(options.init.method).to.equal('GET');
  });

  describe('passkey-first sign-up', () => {
    const challenge = 'c2lnbi11cC1jaGFsbGVuZ2U';
    /** A registration response whose client data signed `signed`. */
    const responseFor = (signed: string) =>
      ({
        id: 'cred',
        rawId: 'cred',
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          clientDataJSON: btoa(JSON.stringify({ type: 'webauthn.create', challenge: signed, origin: location.origin }))
            .replace(/\+/g, '-')
            .replace(/\//g, '_')
            .replace(/=+$/, ''),
          attestationObject: '',
        },
      }) as never;
    const user = { id: 'u1', email: 'ada@example.com', name: 'Ada', emailVerified: false };
    /** Better Auth with `session` as `/get-session`'s answer (null: nobody signed in). */
    function server(session: unknown) {
      return answering(() => json(200, {}), {
        '/auth/passkey/generate-register-options': () => json(200, { challenge, user: { id: 'x', name: 'ada' } }),
        '/auth/get-session': () => json(200, session),
        '/auth/passkey/verify-registration': (init) =>
          json(
            200,
            (JSON.parse(init.body as string) as { createSession?: boolean }).createSession
              ? { id: 'p1', name: null, createdAt: '', session: { token: 'secret' }, user }
              : { id: 'p1', name: null, createdAt: '' },
          ),
      });
    }
    const bodyOf = (requests: { url: string; init: RequestInit }[], path: string) =>
      JSON.parse(requests.find((r) => r.url === path)!.init.body as string) as Record<string, unknown>;

    it('sends the names as `context`, and asks whether someone is signed in alongside', async () => {
      const { adapter, requests } = server(null);

      await adapter.getRegistrationOptions({ username: 'ada@example.com', displayName: 'Ada' }, { signal: signal() });

      const options = new URL(requests[0].url, location.href);
      expect(options.pathname).to.equal('/auth/passkey/generate-register-options');
      expect(JSON.parse(options.searchParams.get('context')!)).to.deep.equal({
        username: 'ada@example.com',
        displayName: 'Ada',
      });
      expect(requests.map((r) => r.url)).to.include('/auth/get-session');
    });

    it('gives the options when `/get-session` does not answer, and then asks for no session', async () => {
      const { adapter, requests } = answering(() => json(200, {}), {
        '/auth/passkey/generate-register-options': () => json(200, { challenge, user: { id: 'x', name: 'ada' } }),
        '/auth/get-session': () => new Response('Not found', { status: 404 }),
        '/auth/passkey/verify-registration': () => json(200, { id: 'p1', name: null, createdAt: '' }),
      });

      const options = await adapter.getRegistrationOptions({ username: 'ada@example.com' }, { signal: signal() });
      await adapter.verifyRegistration(responseFor(challenge), { signal: signal() });

      expect(options.challenge).to.equal(challenge);
      expect(bodyOf(requests, '/auth/passkey/verify-registration')).not.to.have.property('createSession');
    });

    it('sends neither without a username', async () => {
      const { adapter, requests } = server(null);

      await adapter.getRegistrationOptions({}, { signal: signal() });

      expect(requests.map((r) => r.url)).to.deep.equal(['/auth/passkey/generate-register-options']);
    });

    it('signs a new account in (`createSession`) and reports its user, without the session', async () => {
      const { adapter, requests } = server(null);
      await adapter.getRegistrationOptions({ username: 'ada@example.com' }, { signal: signal() });

      const passkey = await adapter.verifyRegistration(responseFor(challenge), { signal: signal() });

      expect(bodyOf(requests, '/auth/passkey/verify-registration')).to.include({ createSession: true });
      expect(passkey).to.deep.include({
        id: 'p1',
        user: { id: 'u1', username: 'ada@example.com', displayName: 'Ada' },
      });
      expect(passkey).not.to.have.property('session');
    });

    it('asks for no session when someone is signed in, or for a ceremony of other options', async () => {
      const signedIn = server({ session: { id: 's1' }, user });
      await signedIn.adapter.getRegistrationOptions({ username: 'ada@example.com' }, { signal: signal() });
      const other = server(null);
      await other.adapter.getRegistrationOptions({ username: 'ada@example.com' }, { signal: signal() });

      const added = await signedIn.adapter.verifyRegistration(responseFor(challenge), { signal: signal() });
      await other.adapter.verifyRegistration(responseFor('b3RoZXI'), { signal: signal() });

      expect(bodyOf(signedIn.requests, '/auth/passkey/verify-registration')).not.to.have.property('createSession');
      expect(bodyOf(other.requests, '/auth/passkey/verify-registration')).not.to.have.property('createSession');
      expect(added).not.to.have.property('user');
    });

    for (const [what, reply, code] of [
      ['a taken name', () => json(409, { code: 'USERNAME_TAKEN', message: 'Taken' }), 'username-taken'],
      ['a bare 409', () => json(409, { code: 'CONFLICT', message: 'Conflict' }), 'username-taken'],
      ['USERNAME_TAKEN', () => json(400, { code: 'USERNAME_TAKEN', message: 'Taken' }), 'username-taken'],
      ['an unusable name', () => json(400, { code: 'INVALID_USERNAME', message: 'No' }), 'invalid-username'],
      [
        'a server without sign-up (SESSION_REQUIRED)',
        () =>
          json(401, { code: 'SESSION_REQUIRED', message: 'Passkey registration requires an authenticated session' }),
        'unauthorized',
      ],
    ] as const) {
      it(`maps ${what} to \`${code}\` on the calls of a sign-up, not on others`, async () => {
        const { adapter } = answering(reply);
        // A sign-up whose options were given, refused at verification (afterVerification).
        const signUp = answering(reply, {
          '/auth/passkey/generate-register-options': () => json(200, { challenge, user: { id: 'x', name: 'ada' } }),
          '/auth/get-session': () => json(200, null),
        });
        await signUp.adapter.getRegistrationOptions({ username: 'ada' }, { signal: signal() });
        const other = code === 'unauthorized' ? code : 'server';

        expect(await codeOf(adapter.getRegistrationOptions({ username: 'ada' }, { signal: signal() }))).to.equal(code);
        expect(await codeOf(signUp.adapter.verifyRegistration(responseFor(challenge), { signal: signal() }))).to.equal(
          code,
        );
        // No names sent (the profile's add after its session has gone): not about a name.
        expect(await codeOf(adapter.getRegistrationOptions({}, { signal: signal() }))).to.equal(other);
        expect(await codeOf(adapter.verifyRegistration(responseFor(challenge), { signal: signal() }))).to.equal(other);
        expect(await codeOf(adapter.getAuthenticationOptions({}, { signal: signal() }))).to.equal(other);
      });
    }
  });

  for (const [what, reply, code] of [
    [
      'a stale session',
      () => json(403, { code: 'SESSION_NOT_FRESH', message: 'Session is not fresh' }),
      'reauthentication-required',
    ],
    ['no session', () => json(401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }), 'unauthorized'],
    [
      'a spent challenge',
      () => json(400, { code: 'CHALLENGE_NOT_FOUND', message: 'Challenge not found' }),
      'verification-failed',
    ],
    ['too many requests', () => new Response('Too many requests', { status: 429 }), 'rate-limited'],
    ['a forbidden origin', () => json(403, { code: 'INVALID_ORIGIN', message: 'Invalid origin' }), 'server'],
    ['an HTML error page', () => new Response('<h1>502</h1>', { status: 502 }), 'server'],
    ['a reply that is not JSON', () => new Response('{"challenge":', { status: 200 }), 'server'],
    ['options of the wrong shape', () => json(200, ['not', 'options']), 'server'],
  ] as const) {
    it(`maps ${what} to \`${code}\``, async () => {
      const { adapter } = answering(reply);

      expect(await codeOf(adapter.getRegistrationOptions({}, { signal: signal() }))).to.equal(code);
    });
  }

  it('maps a stale session to `reauthentication-required` on every call that can need a fresh one', async () => {
    const { adapter } = answering(() => json(403, { code: 'SESSION_NOT_FRESH', message: 'Session is not fresh' }));

    expect(await codeOf(adapter.verifyRegistration({} as never, { signal: signal() }))).to.equal(
      'reauthentication-required',
    );
    expect(await codeOf(adapter.deletePasskey!('p1', { signal: signal() }))).to.equal('reauthentication-required');
  });

  it('maps PASSKEY_NOT_FOUND to `unknown-credential`, but a bare 404 (a wrong baseURL) to `server`', async () => {
    const notFound = answering(() => json(404, { code: 'PASSKEY_NOT_FOUND', message: 'Passkey not found' }));
    const noRoute = answering(() => new Response(null, { status: 404 }));

    expect(await codeOf(notFound.adapter.deletePasskey!('p1', { signal: signal() }))).to.equal('unknown-credential');
    expect(await codeOf(noRoute.adapter.deletePasskey!('p1', { signal: signal() }))).to.equal('server');
    expect(await codeOf(noRoute.adapter.verifyAuthentication({} as never, { signal: signal() }))).to.equal('server');
  });

  it('maps an unreachable server to `network` and an aborted request to `aborted`', async () => {
    const offline = createBetterAuthAdapter({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const controller = new AbortController();
    const hanging = createBetterAuthAdapter({
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
        ),
    });

    const aborted = codeOf(hanging.listPasskeys!({ signal: controller.signal }));
    controller.abort();

    expect(await codeOf(offline.listPasskeys!({ signal: signal() }))).to.equal('network');
    expect(await aborted).to.equal('aborted');
  });

  describe('when Better Auth never answers', () => {
    /** A server that holds every request until it is aborted. */
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason as Error)),
      );

    it('gives up after `timeout`, as `network`', async () => {
      const adapter = createBetterAuthAdapter({ fetch: silent, timeout: 50 });

      const error = await adapter.listPasskeys!({ signal: signal() }).catch((e: PasskeyError) => e);

      expect((error as PasskeyError).code).to.equal('network');
      expect((error as PasskeyError).message).to.equal('The server did not answer in time.');
    });
  });

  it('names an unnamed passkey with `passkeyName`, else “Passkey”, and splits transports', async () => {
    const raw = {
      id: 'p1',
      name: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      transports: 'internal,hybrid',
      aaguid: 'x',
    };
    const named = createBetterAuthAdapter({
      fetch: () => Promise.resolve(json(200, [raw])),
      passkeyName: (p) => `Key ${p.aaguid}`,
    });
    const plain = createBetterAuthAdapter({ fetch: () => Promise.resolve(json(200, [raw])) });

    const [withName] = (await named.listPasskeys!({ signal: signal() })) as { name: string; transports: string[] }[];
    const [withoutName] = (await plain.listPasskeys!({ signal: signal() })) as { name: string }[];

    expect(withName).to.include({ name: 'Key x' });
    expect(withName.transports).to.deep.equal(['internal', 'hybrid']);
    expect(withoutName.name).to.equal('Passkey');
  });
});
