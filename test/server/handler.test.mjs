// Node tests of the reference backend (`npm run test:server` after a build).
// The handler is called directly with Fetch API requests; complete ceremonies
// use a small software authenticator.
import { describe, it, beforeEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createMemoryStore, createPasskeyHandler, toNodeListener } from '../../dist/server/index.js';
import { createSoftAuthenticator, encodeClientData } from './soft-authenticator.mjs';

const ORIGIN = 'http://localhost:8000';
const BASE = `${ORIGIN}/api/passkeys`;
const SECRET = 'test-secret-0123456789-0123456789-0123';
const DEFAULT_HEADERS = { Origin: ORIGIN, 'X-Requested-With': 'passkey-elements', 'Content-Type': 'application/json' };

// The ceremony cookies (`pk_c_…`) each handler's replies set, sent back like a browser would;
// session cookies are passed by hand. `jar` gives a request another browser's cookies.
const jars = new WeakMap();
const jarOf = (handler) => (jars.has(handler) ? jars.get(handler) : (jars.set(handler, new Map()), jars.get(handler)));

/** One request to `handler`; `body` is JSON-encoded unless it is already a string. */
async function call(
  handler,
  method,
  path,
  { body, headers = {}, cookie, url = BASE, jar = jarOf(handler), info } = {},
) {
  const init = { method, headers: { ...DEFAULT_HEADERS, ...headers } };
  for (const [name, value] of Object.entries(init.headers)) if (value === undefined) delete init.headers[name];
  const cookies = [...jar].map(([name, value]) => `${name}=${value}`);
  if (cookie) cookies.push(cookie);
  if (cookies.length) init.headers.Cookie = cookies.join('; ');
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await handler(new Request(`${url}${path}`, init), info);
  for (const set of response.headers.getSetCookie()) {
    const [pair] = set.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    if (!/^(__Host-)?pk_c_/.test(name)) continue;
    if (/Max-Age=0/.test(set)) jar.delete(name);
    else jar.set(name, pair.slice(name.length + 1));
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function assertJsonError(result, status, code) {
  assert.equal(result.status, status, result.text);
  assert.match(result.headers.get('content-type'), /^application\/json; charset=utf-8$/);
  assert.equal(result.headers.get('cache-control'), 'no-store');
  assert.equal(result.json.error.code, code);
  assert.equal(typeof result.json.error.message, 'string');
  assert.ok(result.json.error.message.length > 0);
}

/** `pk_session=...` from a Set-Cookie header, for the next request's Cookie header. */
function sessionFrom(result, name = 'pk_session') {
  const header = result.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  assert.ok(header, 'a session cookie is set');
  return header.split(';')[0];
}

let counter = 0;
/** A user and passkeys put straight into the handler's store, and a fresh session cookie for them. */
async function seedUser(handler, username = `user${++counter}`, passkeyCount = 1) {
  const store = handler.store;
  const user = {
    id: `u-${username}`,
    username,
    displayName: username.toUpperCase(),
    webauthnUserId: `handle-${counter}`,
  };
  await store.createUser(user);
  const passkeys = [];
  for (let i = 0; i < passkeyCount; i++) {
    const passkey = {
      id: `pk-${username}-${i}`,
      userId: user.id,
      name: i === 0 ? 'Passkey' : `Passkey ${i + 1}`,
      credentialId: `cred-${username}-${i}`,
      publicKey: 'AAAA',
      counter: 0,
      transports: ['internal'],
      backedUp: false,
      deviceType: 'singleDevice',
      createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    };
    await store.createPasskey(passkey);
    passkeys.push(passkey);
  }
  const cookie = (await handler.createSession(user.id)).cookie.split(';')[0];
  return { user, passkeys, cookie };
}

/** A response carrying a real issued challenge but no valid signature. */
function fakeAssertion(challenge, credentialId = 'unknown-credential-id', type = 'webauthn.get') {
  credentialId = credentialId.replace(/[^A-Za-z0-9_-]/g, '');
  return {
    id: credentialId,
    rawId: credentialId,
    type: 'public-key',
    response: {
      clientDataJSON: encodeClientData({ type, challenge, origin: ORIGIN }),
      authenticatorData: 'AAAA',
      signature: 'AAAA',
    },
    clientExtensionResults: {},
  };
}

describe('authentication options', () => {
  let handler;
  beforeEach(() => {
    handler = createPasskeyHandler({ secret: SECRET });
  });

  it('issues discoverable options without a username, storing nothing', async () => {
    const result = await call(handler, 'POST', '/authentication/options', { body: {} });
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.equal(result.json.rpId, 'localhost');
    assert.equal(result.json.userVerification, 'required');
    assert.match(result.json.challenge, /^[A-Za-z0-9_-]{32,}$/);
    assert.deepEqual(result.json.allowCredentials, []);
    const { users, sessions, usedChallenges, rateLimitWindows } = handler.store.snapshot();
    assert.deepEqual([users.length, sessions.length, usedChallenges], [0, 0, 0]);
    assert.equal(rateLimitWindows, 0, 'no client address given: no per-client count either');
    // The challenge is bound to this browser by a cookie of its own.
    const [binding] = result.headers.getSetCookie();
    assert.match(
      binding,
      /^pk_c_[0-9a-z]{9}[A-Za-z0-9_-]{12}=[A-Za-z0-9_-]{22}; Max-Age=300; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it('accepts an empty body and uses the configured rpID', async () => {
    const custom = createPasskeyHandler({ rpID: 'example.com', origins: ORIGIN });
    const result = await call(custom, 'POST', '/authentication/options', { headers: { 'Content-Type': undefined } });
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.rpId, 'example.com');
  });

  it('answers the same for a known and an unknown username', async () => {
    await seedUser(handler, 'known', 3);
    const known = (await call(handler, 'POST', '/authentication/options', { body: { username: 'known' } })).json;
    const unknown = (await call(handler, 'POST', '/authentication/options', { body: { username: 'nobody' } })).json;
    // The name is only inside the signed challenge: no credential ids, counts or transports to compare.
    const { challenge: a, ...knownRest } = known;
    const { challenge: b, ...unknownRest } = unknown;
    assert.deepEqual(knownRest, unknownRest);
    assert.deepEqual(known.allowCredentials, []);
    assert.notEqual(a, b);
  });

  it('makes no store call for a username', async () => {
    const store = createMemoryStore();
    const calls = [];
    const recording = new Proxy(store, {
      get(target, key) {
        const value = target[key];
        return typeof value === 'function' ? (...args) => (calls.push(key), value.apply(target, args)) : value;
      },
    });
    const recorded = createPasskeyHandler({ store: recording, secret: SECRET, rateLimits: false });
    await store.createUser({ id: 'u-present', username: 'present', displayName: 'P', webauthnUserId: 'h' });
    await call(recorded, 'POST', '/authentication/options', { body: { username: 'present' } });
    await call(recorded, 'POST', '/authentication/options', { body: { username: 'absent' } });
    assert.deepEqual(
      calls.filter((name) => name !== 'purge'),
      [],
    );
  });

  it('refuses a username that is not a string, too long or unreadable', async () => {
    for (const username of [42, 'x'.repeat(65), 'bob\u200B', 'admin\u202E', 'a b']) {
      const result = await call(handler, 'POST', '/authentication/options', { body: { username } });
      assertJsonError(result, 400, 'invalid-username');
    }
  });
});

describe('authentication verify', () => {
  let handler;
  beforeEach(() => {
    handler = createPasskeyHandler({ secret: SECRET });
  });

  async function issueChallenge(h = handler, path = '/authentication/options', body = {}) {
    const result = await call(h, 'POST', path, { body });
    assert.equal(result.status, 200, result.text);
    return result.json.challenge;
  }

  it('keeps a challenge usable after a failed answer, and takes it once answered', async () => {
    const { passkeys } = await seedUser(handler);
    const challenge = await issueChallenge();
    const response = fakeAssertion(challenge, passkeys[0].credentialId);
    for (let i = 0; i < 2; i++) {
      const failed = await call(handler, 'POST', '/authentication/verify', { body: response });
      assertJsonError(failed, 400, 'verification-failed');
      assert.equal(failed.json.error.reason, undefined, 'the signature failed, not the challenge');
    }
    assert.equal(handler.store.snapshot().usedChallenges, 0, 'failures write nothing');
  });

  it('refuses an expired challenge', async () => {
    let time = Date.UTC(2025, 0, 1);
    const timed = createPasskeyHandler({ secret: SECRET, now: () => time, challengeTtlMs: 1000 });
    const { passkeys } = await seedUser(timed);
    const challenge = await issueChallenge(timed);
    time += 1001;
    const result = await call(timed, 'POST', '/authentication/verify', {
      body: fakeAssertion(challenge, passkeys[0].credentialId),
    });
    assertJsonError(result, 400, 'verification-failed');
    assert.equal(result.json.error.reason, 'challenge-expired');
  });

  it('expires challenges after 5 minutes by default', async () => {
    let time = Date.UTC(2025, 0, 1);
    const timed = createPasskeyHandler({ secret: SECRET, now: () => time });
    const { passkeys } = await seedUser(timed);
    const fresh = await issueChallenge(timed);
    const stale = await issueChallenge(timed);
    time += 5 * 60 * 1000 - 1;
    const ok = await call(timed, 'POST', '/authentication/verify', {
      body: fakeAssertion(fresh, passkeys[0].credentialId),
    });
    assert.equal(ok.json.error.reason, undefined, 'still valid just before 5 minutes');
    time += 1;
    const late = await call(timed, 'POST', '/authentication/verify', {
      body: fakeAssertion(stale, passkeys[0].credentialId),
    });
    assert.equal(late.json.error.reason, 'challenge-expired');
  });

  it('refuses an unknown challenge and one issued for registration', async () => {
    const { passkeys } = await seedUser(handler);
    const made = await call(handler, 'POST', '/authentication/verify', {
      body: fakeAssertion('bm90LWlzc3VlZA', passkeys[0].credentialId),
    });
    assertJsonError(made, 400, 'verification-failed');
    assert.equal(made.json.error.reason, 'challenge-expired', 'never issued (as after a restart): fresh options help');
    // Signed by another server (another secret).
    const other = createPasskeyHandler({ secret: 'another-secret-another-secret-another' });
    const foreign = (await call(other, 'POST', '/authentication/options', { body: {} })).json.challenge;
    const forged = await call(handler, 'POST', '/authentication/verify', {
      body: fakeAssertion(foreign, passkeys[0].credentialId),
    });
    assertJsonError(forged, 400, 'verification-failed');
    assert.equal(forged.json.error.reason, 'challenge-expired');

    const registration = await issueChallenge(handler, '/registration/options', { username: 'newcomer' });
    const wrongKind = await call(handler, 'POST', '/authentication/verify', {
      body: fakeAssertion(registration, passkeys[0].credentialId),
    });
    assertJsonError(wrongKind, 400, 'verification-failed');
    assert.equal(wrongKind.json.error.reason, 'challenge-expired');
  });

  it('reports an unknown credential', async () => {
    const challenge = await issueChallenge();
    // 'unknown-credential-id' is not base64url-only: use an id that is.
    assertJsonError(
      await call(handler, 'POST', '/authentication/verify', { body: fakeAssertion(challenge) }),
      404,
      'unknown-credential',
    );
  });

  it('reports unreadable client data as a verification failure', async () => {
    const response = fakeAssertion('x');
    response.response.clientDataJSON = 'bm90IGpzb24'; // "not json"
    assertJsonError(
      await call(handler, 'POST', '/authentication/verify', { body: response }),
      400,
      'verification-failed',
    );
  });
});

describe('registration options', () => {
  let handler;
  beforeEach(() => {
    handler = createPasskeyHandler({ secret: SECRET });
  });

  it('offers sign-up for a new username without storing the user yet', async () => {
    const result = await call(handler, 'POST', '/registration/options', {
      body: { username: ' ada ', displayName: 'Ada L.' },
    });
    assert.equal(result.status, 200, result.text);
    const options = result.json;
    assert.equal(options.rp.id, 'localhost');
    assert.equal(options.rp.name, 'passkey-elements');
    assert.equal(options.user.name, 'ada');
    assert.equal(options.user.displayName, 'Ada L.');
    assert.match(options.user.id, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(options.attestation, 'none');
    assert.equal(options.timeout, 60000);
    assert.deepEqual(options.excludeCredentials, []);
    assert.equal(options.authenticatorSelection.residentKey, 'required');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.equal(handler.store.snapshot().users.length, 0);
    assert.equal(handler.store.snapshot().usedChallenges, 0);
  });

  it('defaults the display name to the username', async () => {
    const result = await call(handler, 'POST', '/registration/options', { body: { username: 'grace' } });
    assert.equal(result.json.user.displayName, 'grace');
  });

  it('answers a taken username with 409 username-taken, whatever its case or form', async () => {
    await seedUser(handler, 'taken');
    for (const username of ['taken', 'TAKEN', ' Taken ', 'ｔａｋｅｎ']) {
      const result = await call(handler, 'POST', '/registration/options', { body: { username } });
      assertJsonError(result, 409, 'username-taken');
    }
  });

  it('refuses without a session and without a username', async () => {
    assertJsonError(await call(handler, 'POST', '/registration/options', { body: {} }), 400, 'invalid-username');
    assertJsonError(
      await call(handler, 'POST', '/registration/options', { body: { username: '   ' } }),
      400,
      'invalid-username',
    );
  });

  it('refuses sign-up when it is disabled', async () => {
    const closed = createPasskeyHandler({ secret: SECRET, allowSignUp: false });
    assertJsonError(
      await call(closed, 'POST', '/registration/options', { body: { username: 'new' } }),
      401,
      'unauthorized',
    );
  });

  it('refuses a username over 64 characters', async () => {
    const result = await call(handler, 'POST', '/registration/options', { body: { username: 'x'.repeat(65) } });
    assertJsonError(result, 400, 'invalid-username');
  });

  it('registers for the signed-in user, excluding their passkeys', async () => {
    const { user, passkeys, cookie } = await seedUser(handler, 'member', 2);
    const result = await call(handler, 'POST', '/registration/options', { cookie, body: { username: 'ignored' } });
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.user.name, user.username);
    assert.equal(result.json.user.id, user.webauthnUserId);
    assert.deepEqual(
      result.json.excludeCredentials.map((c) => c.id),
      passkeys.map((p) => p.credentialId),
    );
  });
});

describe('complete ceremonies (software authenticator)', () => {
  it('signs up, adds a passkey, signs in, and refuses replays', async () => {
    const handler = createPasskeyHandler({ secret: SECRET, redirectTo: '/account' });
    const phone = await createSoftAuthenticator();
    const laptop = await createSoftAuthenticator();

    // Sign-up: the account is created with its first passkey.
    const regOptions = (
      await call(handler, 'POST', '/registration/options', { body: { username: 'eve', displayName: 'Eve' } })
    ).json;
    const registered = await call(handler, 'POST', '/registration/verify', { body: await phone.register(regOptions) });
    assert.equal(registered.status, 200, registered.text);
    assert.deepEqual(Object.keys(registered.json).sort(), [
      'backedUp',
      'createdAt',
      'credentialId',
      'deviceType',
      'id',
      'name',
      'transports',
      'user',
    ]);
    assert.deepEqual(Object.keys(registered.json.user).sort(), ['displayName', 'id', 'username']);
    assert.deepEqual([registered.json.user.username, registered.json.user.displayName], ['eve', 'Eve']);
    assert.equal(registered.json.name, 'Passkey');
    assert.equal(registered.json.credentialId, phone.id);
    assert.equal(registered.json.backedUp, true);
    assert.equal(registered.json.deviceType, 'multiDevice');
    assert.deepEqual(registered.json.transports, ['hybrid', 'internal']);
    assert.equal(registered.json.aaguid, undefined, 'the all-zero AAGUID names no provider');
    const setCookie = registered.headers.getSetCookie().find((c) => c.startsWith('pk_session='));
    assert.match(setCookie, /^pk_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.ok(
      registered.headers.getSetCookie().some((c) => /^pk_c_[^=]+=; Max-Age=0/.test(c)),
      'the ceremony cookie is cleared',
    );
    let cookie = sessionFrom(registered);

    const { users } = handler.store.snapshot();
    assert.equal(users.length, 1);
    assert.equal(users[0].username, 'eve');
    assert.equal(users[0].webauthnUserId, regOptions.user.id);

    // A second passkey for the signed-in user.
    const moreOptions = (await call(handler, 'POST', '/registration/options', { cookie, body: {} })).json;
    assert.deepEqual(
      moreOptions.excludeCredentials.map((c) => c.id),
      [phone.id],
    );
    const second = await call(handler, 'POST', '/registration/verify', {
      cookie,
      body: await laptop.register(moreOptions),
    });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.json.name, 'Passkey 2');

    // The same authenticator again (exclusion bypassed): already registered.
    const againOptions = (await call(handler, 'POST', '/registration/options', { cookie, body: {} })).json;
    const again = await call(handler, 'POST', '/registration/verify', {
      cookie,
      body: await laptop.register(againOptions),
    });
    assertJsonError(again, 409, 'already-registered');

    const list = await call(handler, 'GET', '/passkeys', { cookie });
    assert.equal(list.status, 200);
    assert.equal(list.json.rpId, 'localhost');
    assert.equal(list.json.userHandle, regOptions.user.id);
    assert.deepEqual(
      list.json.passkeys.map((p) => p.name),
      ['Passkey', 'Passkey 2'],
    );
    for (const passkey of list.json.passkeys) {
      assert.equal(passkey.publicKey, undefined);
      assert.equal(passkey.counter, undefined);
      assert.equal(passkey.userId, undefined);
    }

    // Sign out, then sign in with the phone.
    const out = await call(handler, 'POST', '/session/sign-out', { cookie, headers: { 'Content-Type': undefined } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /^pk_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);

    const authOptions = (await call(handler, 'POST', '/authentication/options', { body: { username: 'Eve' } })).json;
    assert.deepEqual(authOptions.allowCredentials, []);
    const assertion = await phone.authenticate(authOptions);
    const signedIn = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.deepEqual(signedIn.json, {
      user: { id: users[0].id, username: 'eve', displayName: 'Eve' },
      redirectTo: '/account',
    });
    cookie = sessionFrom(signedIn);

    const stored = handler.store.snapshot().passkeys.find((p) => p.credentialId === phone.id);
    assert.equal(stored.counter, 1);
    assert.ok(stored.lastUsedAt);
    const session = await call(handler, 'GET', '/session', { cookie });
    assert.equal(session.json.user.username, 'eve');

    // Replaying the same assertion fails: its challenge was used.
    const replay = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(replay.json.error.reason, 'challenge-expired');

    // Discoverable sign-in with the laptop.
    const discoverable = (await call(handler, 'POST', '/authentication/options', { body: {} })).json;
    const viaLaptop = await call(handler, 'POST', '/authentication/verify', {
      body: await laptop.authenticate(discoverable),
    });
    assert.equal(viaLaptop.status, 200, viaLaptop.text);
  });

  it('refuses a response from another origin', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const key = await createSoftAuthenticator();
    const options = (await call(handler, 'POST', '/registration/options', { body: { username: 'mallory' } })).json;
    const response = await key.register(options, { clientOrigin: 'https://evil.example' });
    assertJsonError(
      await call(handler, 'POST', '/registration/verify', { body: response }),
      400,
      'verification-failed',
    );
    assert.equal(handler.store.snapshot().users.length, 0);
  });

  it('refuses a sign-in whose user handle names another account', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const key = await createSoftAuthenticator();
    const options = (await call(handler, 'POST', '/registration/options', { body: { username: 'victor' } })).json;
    await call(handler, 'POST', '/registration/verify', { body: await key.register(options) });
    const authOptions = (await call(handler, 'POST', '/authentication/options', { body: {} })).json;
    const response = await key.authenticate(authOptions);
    response.response.userHandle = 'c29tZW9uZS1lbHNl';
    assertJsonError(
      await call(handler, 'POST', '/authentication/verify', { body: response }),
      400,
      'verification-failed',
    );
  });

  it('refuses a sign-up when the username was taken meanwhile', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const first = (await call(handler, 'POST', '/registration/options', { body: { username: 'race' } })).json;
    const second = (await call(handler, 'POST', '/registration/options', { body: { username: 'race' } })).json;
    const a = await createSoftAuthenticator();
    const b = await createSoftAuthenticator();
    assert.equal((await call(handler, 'POST', '/registration/verify', { body: await a.register(first) })).status, 200);
    const late = await call(handler, 'POST', '/registration/verify', { body: await b.register(second) });
    assertJsonError(late, 409, 'username-taken');
    assert.equal(handler.store.snapshot().users.length, 1);
    assert.equal(handler.store.snapshot().passkeys.length, 1);
  });

  it("needs the account's session again to finish adding a passkey", async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { cookie } = await seedUser(handler, 'owner');
    const options = (await call(handler, 'POST', '/registration/options', { cookie, body: {} })).json;
    const key = await createSoftAuthenticator();
    assertJsonError(
      await call(handler, 'POST', '/registration/verify', { body: await key.register(options) }),
      401,
      'unauthorized',
    );
  });
});

describe('request rules', () => {
  let handler;
  beforeEach(() => {
    handler = createPasskeyHandler({ secret: SECRET });
  });

  it('answers malformed JSON with a 400 JSON error', async () => {
    assertJsonError(await call(handler, 'POST', '/authentication/options', { body: '{"username":' }), 400, 'server');
    assertJsonError(await call(handler, 'POST', '/authentication/verify', { body: 'not json' }), 400, 'server');
  });

  it('answers JSON of the wrong shape with a 400 JSON error', async () => {
    assertJsonError(await call(handler, 'POST', '/authentication/options', { body: ['alice'] }), 400, 'server');
    assertJsonError(await call(handler, 'POST', '/authentication/options', { body: 'null' }), 400, 'server');
    assertJsonError(await call(handler, 'POST', '/authentication/verify', { body: { id: 'x' } }), 400, 'server');
    assertJsonError(
      await call(handler, 'POST', '/registration/verify', {
        body: { id: 'x', rawId: 'x', type: 'public-key', response: {} },
      }),
      400,
      'server',
    );
    assertJsonError(
      await call(handler, 'POST', '/registration/options', { body: { username: 'a', displayName: {} } }),
      400,
      'server',
    );
  });

  it('requires a body for verification', async () => {
    assertJsonError(
      await call(handler, 'POST', '/authentication/verify', { headers: { 'Content-Type': undefined } }),
      400,
      'server',
    );
    assertJsonError(await call(handler, 'POST', '/registration/verify', { body: '' }), 400, 'server');
  });

  it('refuses a body that is not application/json with 415', async () => {
    const result = await call(handler, 'POST', '/authentication/options', {
      body: '{}',
      headers: { 'Content-Type': 'text/plain' },
    });
    assertJsonError(result, 415, 'server');
    const form = await call(handler, 'POST', '/authentication/verify', {
      body: 'a=b',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assertJsonError(form, 415, 'server');
    const withCharset = await call(handler, 'POST', '/authentication/options', {
      body: '{}',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    assert.equal(withCharset.status, 200);
  });

  it('refuses bodies over 64 KB', async () => {
    const big = JSON.stringify({ username: 'a', padding: 'x'.repeat(64 * 1024) });
    assertJsonError(await call(handler, 'POST', '/authentication/options', { body: big }), 413, 'server');
  });

  it('refuses state-changing requests without the expected Origin', async () => {
    for (const [method, path, body] of [
      ['POST', '/authentication/options', {}],
      ['POST', '/registration/verify', {}],
      ['PATCH', '/passkeys/x', { name: 'n' }],
      ['DELETE', '/passkeys/x', undefined],
      ['POST', '/session/sign-out', undefined],
    ]) {
      assertJsonError(await call(handler, method, path, { body, headers: { Origin: undefined } }), 403, 'unauthorized');
      assertJsonError(
        await call(handler, method, path, { body, headers: { Origin: 'https://evil.example' } }),
        403,
        'unauthorized',
      );
      assertJsonError(await call(handler, method, path, { body, headers: { Origin: 'null' } }), 403, 'unauthorized');
    }
  });

  it('refuses state-changing requests without X-Requested-With', async () => {
    const result = await call(handler, 'POST', '/authentication/options', {
      body: {},
      headers: { 'X-Requested-With': undefined },
    });
    assertJsonError(result, 403, 'unauthorized');
    const del = await call(handler, 'DELETE', '/passkeys/x', { headers: { 'X-Requested-With': undefined } });
    assertJsonError(del, 403, 'unauthorized');
  });

  it('accepts each configured origin', async () => {
    const multi = createPasskeyHandler({ origins: ['https://a.example', 'https://b.example/'], rpID: 'example' });
    // Configured: the request's own host no longer matters (here it is localhost).
    for (const origin of ['https://a.example', 'https://b.example']) {
      const result = await call(multi, 'POST', '/authentication/options', { body: {}, headers: { Origin: origin } });
      assert.equal(result.status, 200, result.text);
    }
    const result = await call(multi, 'POST', '/authentication/options', { body: {} }); // Origin: http://localhost:8000
    assertJsonError(result, 403, 'unauthorized');
  });

  it('answers unknown paths with a 404 JSON error', async () => {
    assertJsonError(await call(handler, 'GET', '/nope'), 404, 'server');
    assertJsonError(await call(handler, 'POST', '/authentication/options/extra', { body: {} }), 404, 'server');
    assertJsonError(await call(handler, 'GET', ''), 404, 'server');
    assertJsonError(await call(handler, 'GET', '/passkeys/a/b'), 404, 'server');
    assertJsonError(await call(handler, 'GET', '/elsewhere', { url: ORIGIN }), 404, 'server');
  });

  it('answers a wrong method with 405', async () => {
    const result = await call(handler, 'GET', '/authentication/options');
    assertJsonError(result, 405, 'server');
    assert.equal(result.headers.get('allow'), 'POST');
    assert.equal((await call(handler, 'PUT', '/passkeys/x', { body: {} })).headers.get('allow'), 'PATCH, DELETE');
  });

  it('honours a custom base path', async () => {
    const mounted = createPasskeyHandler({ basePath: '/auth/passkeys/', secret: SECRET });
    const result = await call(mounted, 'POST', '/authentication/options', { body: {}, url: `${ORIGIN}/auth/passkeys` });
    assert.equal(result.status, 200);
    assertJsonError(await call(mounted, 'POST', '/authentication/options', { body: {} }), 404, 'server');
  });

  it('turns unexpected errors into a 500 JSON error', async () => {
    const store = createMemoryStore();
    store.hit = async () => {
      throw new Error('database is down');
    };
    const broken = createPasskeyHandler({ store, secret: SECRET });
    const logged = mock.method(console, 'error', () => {});
    try {
      const result = await call(broken, 'POST', '/authentication/options', {
        body: { username: 'secret-body' },
        info: { clientAddress: '192.0.2.1' },
      });
      assertJsonError(result, 500, 'server');
      assert.equal(result.json.error.message, 'Internal error');
      assert.equal(logged.mock.callCount(), 1);
      assert.ok(!JSON.stringify(logged.mock.calls[0].arguments.map(String)).includes('secret-body'));
    } finally {
      logged.mock.restore();
    }
  });
});

describe('session and passkey management', () => {
  let handler;
  beforeEach(() => {
    handler = createPasskeyHandler({ secret: SECRET });
  });

  it('requires a session to list, rename and delete', async () => {
    const { passkeys } = await seedUser(handler);
    assertJsonError(await call(handler, 'GET', '/passkeys'), 401, 'unauthorized');
    assertJsonError(
      await call(handler, 'PATCH', `/passkeys/${passkeys[0].id}`, { body: { name: 'x' } }),
      401,
      'unauthorized',
    );
    assertJsonError(await call(handler, 'DELETE', `/passkeys/${passkeys[0].id}`), 401, 'unauthorized');
    assert.equal(handler.store.snapshot().passkeys[0].name, 'Passkey');
  });

  it('refuses tampered, unknown and expired session cookies', async () => {
    let time = Date.now();
    const timed = createPasskeyHandler({ secret: SECRET, now: () => time });
    const { cookie } = await seedUser(timed);
    assert.equal((await call(timed, 'GET', '/passkeys', { cookie })).status, 200);

    const tampered = cookie.slice(0, -2) + (cookie.endsWith('AA') ? 'BB' : 'AA');
    assertJsonError(await call(timed, 'GET', '/passkeys', { cookie: tampered }), 401, 'unauthorized');
    // Another server's session (same store shape, another store).
    const other = createPasskeyHandler({ secret: SECRET });
    const { cookie: elsewhere } = await seedUser(other, 'elsewhere');
    assertJsonError(await call(timed, 'GET', '/passkeys', { cookie: elsewhere }), 401, 'unauthorized');
    for (const junk of ['pk_session=', 'pk_session=abc', 'pk_session=a.b.c', 'pk_session=%E0.1.2']) {
      assertJsonError(await call(timed, 'GET', '/passkeys', { cookie: junk }), 401, 'unauthorized');
    }
    time += 8 * 24 * 3600 * 1000;
    assertJsonError(await call(timed, 'GET', '/passkeys', { cookie }), 401, 'unauthorized');
  });

  it('finds the session cookie among others and honours a custom name', async () => {
    const { cookie } = await seedUser(handler);
    assert.equal((await call(handler, 'GET', '/passkeys', { cookie: `a=1; ${cookie}; b=2` })).status, 200);
    const custom = createPasskeyHandler({ secret: SECRET, sessionCookie: 'sid', store: handler.store });
    assert.equal((await call(custom, 'GET', '/passkeys', { cookie })).status, 401);
    assert.equal((await call(custom, 'GET', '/passkeys', { cookie: cookie.replace('pk_session', 'sid') })).status, 200);
  });

  it('lists the passkeys oldest first with the Signal API data', async () => {
    const { user, passkeys, cookie } = await seedUser(handler, 'lister', 3);
    // Insert out of order: the newest first.
    await handler.store.deletePasskey(passkeys[0].id);
    await handler.store.createPasskey(passkeys[0]);
    const result = await call(handler, 'GET', '/passkeys', { cookie });
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.deepEqual(
      result.json.passkeys.map((p) => p.id),
      passkeys.map((p) => p.id),
    );
    assert.equal(result.json.rpId, 'localhost');
    assert.equal(result.json.userHandle, user.webauthnUserId);
    assert.deepEqual(result.json.passkeys[0], {
      id: passkeys[0].id,
      name: 'Passkey',
      createdAt: passkeys[0].createdAt,
      credentialId: passkeys[0].credentialId,
      backedUp: false,
      deviceType: 'singleDevice',
      transports: ['internal'],
    });
  });

  it('renames a passkey, trimming the name', async () => {
    const { passkeys, cookie } = await seedUser(handler);
    const result = await call(handler, 'PATCH', `/passkeys/${passkeys[0].id}`, {
      cookie,
      body: { name: '  Work laptop  ' },
    });
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.name, 'Work laptop');
    assert.equal(result.json.id, passkeys[0].id);
    assert.equal(result.json.publicKey, undefined);
    assert.equal(handler.store.snapshot().passkeys[0].name, 'Work laptop');
    const unicode = await call(handler, 'PATCH', `/passkeys/${passkeys[0].id}`, {
      cookie,
      body: { name: '🔑'.repeat(64) },
    });
    assert.equal(unicode.status, 200, 'length counts characters, not UTF-16 units');
  });

  it('validates the new name', async () => {
    const { passkeys, cookie } = await seedUser(handler);
    const path = `/passkeys/${passkeys[0].id}`;
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(65) },
      { name: 42 },
      { name: null },
      { name: 'a\nb' },
    ]) {
      assertJsonError(await call(handler, 'PATCH', path, { cookie, body }), 400, 'server');
    }
    assertJsonError(await call(handler, 'PATCH', path, { cookie, body: 'oops' }), 400, 'server');
    assertJsonError(
      await call(handler, 'PATCH', path, { cookie, headers: { 'Content-Type': undefined } }),
      400,
      'server',
    );
    assert.equal(handler.store.snapshot().passkeys[0].name, 'Passkey');
  });

  it("treats another user's passkey like a missing one", async () => {
    const alice = await seedUser(handler, 'alice-owner');
    const bob = await seedUser(handler, 'bob-other');
    const path = `/passkeys/${alice.passkeys[0].id}`;
    const rename = await call(handler, 'PATCH', path, { cookie: bob.cookie, body: { name: 'mine now' } });
    assertJsonError(rename, 404, 'unknown-credential');
    const missing = await call(handler, 'PATCH', '/passkeys/does-not-exist', {
      cookie: bob.cookie,
      body: { name: 'x' },
    });
    assert.deepEqual(rename.json, missing.json, 'same reply as for an id that does not exist');
    assertJsonError(await call(handler, 'DELETE', path, { cookie: bob.cookie }), 404, 'unknown-credential');
    assertJsonError(
      await call(handler, 'DELETE', '/passkeys/does-not-exist', { cookie: bob.cookie }),
      404,
      'unknown-credential',
    );
    const stored = handler.store.snapshot().passkeys.find((p) => p.id === alice.passkeys[0].id);
    assert.equal(stored.name, 'Passkey');
  });

  it('deletes a passkey with 204 and an empty body', async () => {
    const { passkeys, cookie } = await seedUser(handler, 'deleter', 2);
    const result = await call(handler, 'DELETE', `/passkeys/${encodeURIComponent(passkeys[1].id)}`, {
      cookie,
      headers: { 'Content-Type': undefined },
    });
    assert.equal(result.status, 204);
    assert.equal(result.text, '');
    assert.equal(result.headers.get('cache-control'), 'no-store');
    const list = await call(handler, 'GET', '/passkeys', { cookie });
    assert.deepEqual(
      list.json.passkeys.map((p) => p.id),
      [passkeys[0].id],
    );
    assertJsonError(
      await call(handler, 'DELETE', `/passkeys/${passkeys[1].id}`, { cookie }),
      404,
      'unknown-credential',
    );
  });

  it('reports the session and signs out', async () => {
    // (and the old cookie is then refused: see the review tests)
    const { user, cookie } = await seedUser(handler);
    assert.deepEqual((await call(handler, 'GET', '/session')).json, { user: null });
    const current = await call(handler, 'GET', '/session', { cookie });
    assert.deepEqual(current.json, { user: { id: user.id, username: user.username, displayName: user.displayName } });
    const out = await call(handler, 'POST', '/session/sign-out', { cookie, headers: { 'Content-Type': undefined } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /pk_session=;.*Max-Age=0/);
  });

  it('marks the cookie Secure, with the __Host- prefix, over https', async () => {
    const secure = createPasskeyHandler({ secret: SECRET, rpID: 'example.com', origins: 'https://example.com' });
    const result = await call(secure, 'POST', '/session/sign-out', {
      url: 'https://example.com/api/passkeys',
      headers: { Origin: 'https://example.com', 'Content-Type': undefined },
    });
    assert.equal(result.status, 204);
    assert.match(
      result.headers.get('set-cookie'),
      /^__Host-pk_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
    );
  });
});

describe('toNodeListener', () => {
  async function withServer(handler, run) {
    const server = createServer(toNodeListener(handler, { maxBodyBytes: 1024 }));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      await run(origin);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('serves the passkey handler over HTTP', async () => {
    const handler = createPasskeyHandler({ secret: SECRET, rpID: 'localhost', origins: 'http://127.0.0.1' });
    const { user, cookie } = await seedUser(handler, 'http-user');
    await withServer(handler, async (address) => {
      const origin = 'http://127.0.0.1';
      const options = await fetch(`${address}/api/passkeys/authentication/options`, {
        method: 'POST',
        headers: { Origin: origin, 'X-Requested-With': 'passkey-elements', 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'http-user' }),
      });
      assert.equal(options.status, 200);
      assert.equal(options.headers.get('content-type'), 'application/json; charset=utf-8');
      const json = await options.json();
      assert.equal(json.rpId, 'localhost');

      const session = await fetch(`${address}/api/passkeys/session`, { headers: { Cookie: cookie } });
      assert.equal((await session.json()).user.id, user.id);

      const sneaky = await fetch(`${address}//evil.example/api/passkeys/session`);
      assert.equal(sneaky.status, 404, 'a path starting with // does not change the host');
    });
  });

  it('copies every Set-Cookie header, the status and the body', async () => {
    const handler = async (request) => {
      const body = await request.text();
      const headers = new Headers({ 'Content-Type': 'text/plain', 'X-Method': request.method, 'X-Url': request.url });
      headers.append('Set-Cookie', 'a=1; Path=/');
      headers.append('Set-Cookie', 'b=2; Path=/; HttpOnly');
      return new Response(`echo:${body}`, { status: 201, headers });
    };
    await withServer(handler, async (origin) => {
      const response = await fetch(`${origin}/x?y=1`, { method: 'PUT', body: 'hello' });
      assert.equal(response.status, 201);
      assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
      assert.equal(response.headers.get('x-method'), 'PUT');
      assert.equal(response.headers.get('x-url'), `${origin}/x?y=1`);
      assert.equal(await response.text(), 'echo:hello');
    });
  });

  it('answers 500 when the handler throws, and 413 for a huge body', async () => {
    const logged = mock.method(console, 'error', () => {});
    try {
      await withServer(
        async () => {
          throw new Error('boom');
        },
        async (origin) => {
          const failed = await fetch(`${origin}/x`);
          assert.equal(failed.status, 500);
          assert.equal((await failed.json()).error.code, 'server');

          const huge = await fetch(`${origin}/x`, { method: 'POST', body: 'x'.repeat(4096) });
          assert.equal(huge.status, 413);
          assert.equal((await huge.json()).error.code, 'server');

          // The server is still up.
          assert.equal((await fetch(`${origin}/x`)).status, 500);
        },
      );
      assert.equal(logged.mock.callCount(), 2);
    } finally {
      logged.mock.restore();
    }
  });
});
