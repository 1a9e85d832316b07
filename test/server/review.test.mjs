// The security review's findings, one test (at least) each: every one failed
// against the backend before the review's fixes. Complete ceremonies with the
// software authenticator, each "browser" with its own cookie jar and address.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createMemoryStore, createPasskeyHandler, toNodeListener } from '../../dist/server/index.js';
import { createBrowser, ORIGIN } from './browser.mjs';
import { createSoftAuthenticator, FLAGS } from './soft-authenticator.mjs';

const SECRET = 'review-secret-review-secret-review-secret';
const MINUTE = 60_000;

function assertError(result, status, code) {
  assert.equal(result.status, status, result.text);
  assert.equal(result.json?.error?.code, code, result.text);
}

/** A handler on a clock the test moves. */
function timedHandler(options = {}) {
  const clock = { time: Date.UTC(2026, 0, 1) };
  const handler = createPasskeyHandler({ secret: SECRET, now: () => clock.time, ...options });
  return { handler, clock };
}

describe('sessions live in the store', () => {
  it('sign-out ends the session on the server: the old cookie lists, deletes and adds nothing', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    const { key } = await browser.signUp('alice');
    await browser.addPasskey();
    const old = browser.sessionCookie();
    const passkeys = (await browser.call('GET', '/passkeys')).json.passkeys;

    assert.equal((await browser.call('POST', '/session/sign-out')).status, 204);
    assert.equal(handler.store.snapshot().sessions.length, 0);

    const attacker = createBrowser(handler);
    assertError(await attacker.call('GET', '/passkeys', { cookie: old }), 401, 'unauthorized');
    assertError(await attacker.call('DELETE', `/passkeys/${passkeys[0].id}`, { cookie: old }), 401, 'unauthorized');
    assert.deepEqual((await attacker.call('GET', '/session', { cookie: old })).json, { user: null });
    // Without a session, registration is sign-up: alice's name is taken, nothing is added to her account.
    const add = await attacker.call('POST', '/registration/options', { cookie: old, body: { username: 'alice' } });
    assertError(add, 409, 'username-taken');
    assert.equal(handler.store.snapshot().passkeys.length, 2);
    assert.equal((await browser.signIn(key)).status, 200, 'alice herself signs in again');
  });

  it('a session older than 10 minutes must confirm with a passkey to add or delete one', async () => {
    const { handler, clock } = timedHandler();
    const browser = createBrowser(handler);
    const { key } = await browser.signUp('bob');
    await browser.addPasskey();
    const [first] = (await browser.call('GET', '/passkeys')).json.passkeys;

    clock.time += 10 * MINUTE + 1;
    assertError(await browser.call('POST', '/registration/options', { body: {} }), 403, 'reauthentication-required');
    assertError(await browser.call('DELETE', `/passkeys/${first.id}`), 403, 'reauthentication-required');
    assert.equal(handler.store.snapshot().passkeys.length, 2);
    // Listing and renaming stay open to the session.
    assert.equal((await browser.call('GET', '/passkeys')).status, 200);
    assert.equal((await browser.call('PATCH', `/passkeys/${first.id}`, { body: { name: 'Phone' } })).status, 200);

    const confirmed = await browser.signIn(key, { reauthenticate: true });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.equal(confirmed.json.reauthenticated, true);
    assert.equal(confirmed.headers.getSetCookie().filter((c) => c.startsWith('pk_session=')).length, 0);
    assert.equal((await browser.call('DELETE', `/passkeys/${first.id}`)).status, 204);
    assert.equal((await browser.addPasskey()).status, 200);
  });

  it('re-authentication options list only the signed-in user’s passkeys, and refuse anyone else’s', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const alice = createBrowser(handler);
    const bob = createBrowser(handler);
    const { key: aliceKey } = await alice.signUp('alice');
    const { key: bobKey } = await bob.signUp('bob');

    assertError(
      await createBrowser(handler).call('POST', '/authentication/options', { body: { reauthenticate: true } }),
      401,
      'unauthorized',
    );
    const options = await alice.call('POST', '/authentication/options', { body: { reauthenticate: true } });
    assert.deepEqual(
      options.json.allowCredentials.map((c) => c.id),
      [aliceKey.id],
    );
    // Bob's passkey answering alice's re-authentication: refused, and alice's session is not refreshed.
    const response = await bobKey.authenticate(options.json);
    assertError(await alice.call('POST', '/authentication/verify', { body: response }), 400, 'verification-failed');
  });

  it('deleting a passkey ends the other sessions it signed in', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const owner = createBrowser(handler);
    const { key: phone } = await owner.signUp('carol');
    const { key: laptop } = await owner.addPasskey();
    const thief = createBrowser(handler);
    assert.equal((await thief.signIn(laptop)).status, 200);
    const other = createBrowser(handler);
    assert.equal((await other.signIn(phone)).status, 200);

    const laptopRow = (await owner.call('GET', '/passkeys')).json.passkeys.find((p) => p.credentialId === laptop.id);
    // The owner signed in with the phone in a fresh browser, then deletes the stolen laptop's passkey.
    assert.equal((await other.call('DELETE', `/passkeys/${laptopRow.id}`)).status, 204);
    assertError(await thief.call('GET', '/passkeys'), 401, 'unauthorized');
    assert.equal((await other.call('GET', '/passkeys')).status, 200, 'the session deleting it stays');
    assert.equal((await owner.call('GET', '/passkeys')).status, 200, "the phone's sign-up session stays");

    const keep = createPasskeyHandler({ secret: SECRET, endSessionsOnPasskeyDelete: false });
    const a = createBrowser(keep);
    await a.signUp('dave');
    const { key } = await a.addPasskey();
    const b = createBrowser(keep);
    await b.signIn(key);
    const row = (await a.call('GET', '/passkeys')).json.passkeys.find((p) => p.credentialId === key.id);
    assert.equal((await a.call('DELETE', `/passkeys/${row.id}`)).status, 204);
    assert.equal((await b.call('GET', '/passkeys')).status, 200, 'kept when the app says so');
  });

  it('ends a session after 24 idle hours, and after 7 days whatever the activity', async () => {
    const { handler, clock } = timedHandler();
    const browser = createBrowser(handler);
    await browser.signUp('erin');
    for (let day = 0; day < 6; day++) {
      clock.time += 23 * 60 * MINUTE;
      assert.equal((await browser.call('GET', '/passkeys')).status, 200, `active on day ${day + 1}`);
    }
    clock.time += 23 * 60 * MINUTE; // 6 × 23 h + 23 h = 161 h < 168 h
    assert.equal((await browser.call('GET', '/passkeys')).status, 200);
    clock.time += 7 * 60 * MINUTE; // 168 h: the absolute limit
    assertError(await browser.call('GET', '/passkeys'), 401, 'unauthorized');

    const idle = createBrowser(handler);
    await idle.signUp('frank');
    clock.time += 24 * 60 * MINUTE;
    assertError(await idle.call('GET', '/passkeys'), 401, 'unauthorized');
  });

  it('lists the user’s sessions and ends another one', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const laptop = createBrowser(handler);
    const { key } = await laptop.signUp('gina');
    const phone = createBrowser(handler);
    await phone.signIn(key);
    const { sessions } = (await laptop.call('GET', '/sessions')).json;
    assert.equal(sessions.length, 2);
    assert.deepEqual(sessions.map((s) => s.current).sort(), [false, true]);
    for (const s of sessions) assert.match(s.id, /^[A-Za-z0-9_-]{22}$/);
    const other = sessions.find((s) => !s.current);
    assert.equal((await laptop.call('DELETE', `/sessions/${other.id}`)).status, 204);
    assertError(await phone.call('GET', '/passkeys'), 401, 'unauthorized');
    assert.equal((await laptop.call('GET', '/passkeys')).status, 200);
    assertError(await laptop.call('DELETE', '/sessions/nope'), 404, 'server');
  });

  it('a sign-in replaces the browser’s previous session (no fixation)', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    const { key } = await browser.signUp('hana');
    const before = browser.sessionCookie();
    await browser.signIn(key);
    assert.notEqual(browser.sessionCookie(), before);
    assertError(await createBrowser(handler).call('GET', '/passkeys', { cookie: before }), 401, 'unauthorized');
    assert.equal(handler.store.snapshot().sessions.length, 1);
  });

  it('keeps only a hash of the session token in the store', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('ivan');
    const token = browser.sessionCookie().split('=')[1];
    const stored = JSON.stringify(handler.store.snapshot());
    assert.ok(!stored.includes(token));
  });

  it('getSession(request) gives the app’s routes the signed-in user, from a Request or Node headers', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('Jules');
    const cookie = browser.sessionCookie();
    const fromRequest = await handler.getSession(new Request(`${ORIGIN}/account`, { headers: { Cookie: cookie } }));
    assert.equal(fromRequest.user.username, 'jules');
    assert.equal(fromRequest.user.displayName, 'Jules');
    assert.ok(fromRequest.expiresAt > fromRequest.authenticatedAt);
    const fromNode = await handler.getSession({ headers: { cookie: `theme=dark; ${cookie}` } });
    assert.equal(fromNode.user.id, fromRequest.user.id);
    assert.equal(await handler.getSession({ headers: {} }), null);
    await browser.call('POST', '/session/sign-out');
    assert.equal(await handler.getSession({ headers: { cookie } }), null);

    const made = await handler.createSession(fromRequest.user.id);
    assert.match(made.cookie, /^pk_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal((await handler.getSession({ headers: { cookie: made.cookie.split(';')[0] } })).user.username, 'jules');
  });
});

describe('floods and rate limits', () => {
  it('10,000 options requests neither fail a pending sign-in nor grow the store', async (t) => {
    const handler = createPasskeyHandler({ secret: SECRET, rateLimits: false });
    const victim = createBrowser(handler);
    const { key } = await victim.signUp('victim');
    const pending = await victim.call('POST', '/authentication/options', { body: {} });
    // A script, not a browser: it keeps no cookies.
    const floodRequest = () =>
      new Request(`${ORIGIN}/api/passkeys/authentication/options`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'X-Requested-With': 'x', 'Content-Type': 'application/json' },
        body: '{}',
      });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    let answered = 0;
    for (let i = 0; i < 10_000; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => handler(floodRequest())));
      answered += batch.filter((r) => r.status === 200).length;
    }
    assert.equal(answered, 10_000);
    const seconds = (performance.now() - started) / 1000;
    globalThis.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const snapshot = handler.store.snapshot();
    t.diagnostic(
      `10,000 options in ${seconds.toFixed(1)} s; store after: ${snapshot.usedChallenges} used challenges, ` +
        `${snapshot.rateLimitWindows} windows; heap ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MiB`,
    );
    assert.equal(snapshot.usedChallenges, 1, "only the victim's sign-up");
    assert.equal(snapshot.rateLimitWindows, 0);
    const verified = await victim.call('POST', '/authentication/verify', {
      body: await key.authenticate(pending.json),
    });
    assert.equal(verified.status, 200, verified.text);
  });

  it('keeps at most 16 ceremony cookies in a browser, the oldest going first', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    const { key } = await browser.signUp('many-tabs');
    const first = await browser.call('POST', '/authentication/options', { body: {} });
    for (let i = 0; i < 20; i++) await browser.call('POST', '/authentication/options', { body: {} });
    const ceremonies = [...browser.jar.keys()].filter((name) => name.startsWith('pk_c_'));
    assert.equal(ceremonies.length, 16);
    assert.ok(browser.sessionCookie(), 'the session cookie stays');
    const late = await browser.call('POST', '/authentication/verify', { body: await key.authenticate(first.json) });
    assert.equal(
      late.json.error.reason,
      'challenge-expired',
      'the oldest ceremony was dropped: retried with fresh options',
    );
  });

  it('limits requests per client with 429 and Retry-After, leaving other clients alone', async () => {
    const { handler } = timedHandler({ rateLimits: { requestsPerClient: { limit: 50, windowMs: MINUTE } } });
    const flood = createBrowser(handler);
    const answers = [];
    for (let i = 0; i < 60; i++)
      answers.push((await flood.call('POST', '/authentication/options', { body: {} })).status);
    assert.equal(answers.filter((s) => s === 200).length, 50);
    const limited = await flood.call('POST', '/authentication/options', { body: {} });
    assertError(limited, 429, 'rate-limited');
    assert.equal(limited.headers.get('retry-after'), '60');
    const other = createBrowser(handler);
    assert.equal((await other.signUp('untouched')).status, 200);
  });

  it('answers repeated failures from one client with 429, and counts taken usernames', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const owner = createBrowser(handler);
    await owner.signUp('target');
    const prober = createBrowser(handler);
    const statuses = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await prober.call('POST', '/registration/options', { body: { username: 'target' } })).status);
    }
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(409));
    assert.equal(statuses[30], 429);
    const limited = await prober.call('POST', '/authentication/verify', { body: {} });
    assertError(limited, 429, 'rate-limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await createBrowser(handler).signUp('someone-else')).status, 200);
  });

  it('counts failed verifies per client', async () => {
    const handler = createPasskeyHandler({
      secret: SECRET,
      rateLimits: { failuresPerClient: { limit: 5, windowMs: MINUTE }, failuresPerAccount: false },
    });
    const { key } = await createBrowser(handler).signUp('counted');
    const stranger = await createSoftAuthenticator();
    const prober = createBrowser(handler);
    for (let i = 0; i < 5; i++) assertError(await prober.signIn(stranger), 404, 'unknown-credential');
    const limited = await prober.signIn(key);
    assertError(limited, 429, 'rate-limited');
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.equal((await createBrowser(handler).signIn(key)).status, 200, 'another client is not limited');
  });

  it('answers failed signatures for one account with 429 past its limit, from any client, yet lets its owner in', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const alice = createBrowser(handler);
    const { key } = await alice.signUp('alice');
    const bob = createBrowser(handler);
    const { key: bobKey } = await bob.signUp('bob');
    const junk = { edit: (r) => (r.response.signature = 'MEUCIQ') };
    for (let i = 0; i < 10; i++) {
      // A different client each time, answering with alice's credential id and a bad signature.
      assertError(await createBrowser(handler).signIn(key, junk), 400, 'verification-failed');
    }
    const limited = await createBrowser(handler).signIn(key, junk);
    assertError(limited, 429, 'rate-limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await createBrowser(handler).signIn(key)).status, 200, 'a valid signature still signs alice in');
    assert.equal((await createBrowser(handler).signIn(bobKey)).status, 200);
  });

  it('counts IPv6 clients by their /64, and leaves requests without an address to other limits', async () => {
    const handler = createPasskeyHandler({
      secret: SECRET,
      rateLimits: { requestsPerClient: { limit: 3, windowMs: MINUTE } },
    });
    const statuses = [];
    for (const address of ['2001:db8:1:2::a', '2001:db8:1:2:ffff::1', '2001:0db8:0001:0002::7', '2001:db8:1:2::b']) {
      statuses.push(
        (await createBrowser(handler, { address }).call('POST', '/authentication/options', { body: {} })).status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const odd = createBrowser(handler, { address: '1:2:3:4:5:6:7:8::9:10' });
    assert.equal(
      (await odd.call('POST', '/authentication/options', { body: {} })).status,
      200,
      'an odd address is a key, not a crash',
    );
    const elsewhere = createBrowser(handler, { address: '2001:db8:1:3::a' });
    assert.equal((await elsewhere.call('POST', '/authentication/options', { body: {} })).status, 200);
    // No address (a runtime that did not say): one shared bucket would let anyone lock everyone out.
    const anonymous = (body) =>
      handler(
        new Request(`${ORIGIN}/api/passkeys/authentication/options`, {
          method: 'POST',
          headers: { Origin: ORIGIN, 'X-Requested-With': 'x', 'Content-Type': 'application/json' },
          body,
        }),
      );
    for (let i = 0; i < 5; i++) assert.equal((await anonymous('{}')).status, 200);
  });
});

describe('the WebAuthn relying-party steps', () => {
  it('enforces allowCredentials: options for alice answered with bob’s passkey do not sign bob in', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    await createBrowser(handler).signUp('alice');
    const { key: bobKey } = await createBrowser(handler).signUp('bob');
    const browser = createBrowser(handler);
    const result = await browser.signIn(bobKey, { username: 'alice' });
    assertError(result, 400, 'verification-failed');
    assert.equal(browser.sessionCookie(), undefined);
    assert.equal((await browser.signIn(bobKey, { username: 'BOB' })).status, 200);
  });

  it('binds a challenge to the browser that asked', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('kim');
    const asked = createBrowser(handler);
    const options = await asked.call('POST', '/authentication/options', { body: {} });
    const response = await key.authenticate(options.json);
    const elsewhere = createBrowser(handler);
    const result = await elsewhere.call('POST', '/authentication/verify', { body: response });
    assertError(result, 400, 'verification-failed');
    assert.equal(result.json.error.reason, 'challenge-expired');
    assert.equal(elsewhere.sessionCookie(), undefined);
    assert.equal((await asked.call('POST', '/authentication/verify', { body: response })).status, 200);
  });

  it('requires the user handle in a discoverable sign-in', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('lena');
    const result = await createBrowser(handler).signIn(key, { edit: (r) => delete r.response.userHandle });
    assertError(result, 400, 'verification-failed');
    // Identified first (a username), the handle may be absent.
    const named = await createBrowser(handler).signIn(key, {
      username: 'lena',
      edit: (r) => delete r.response.userHandle,
    });
    assert.equal(named.status, 200, named.text);
  });

  it('requires user verification by default, and takes presence alone when configured', async () => {
    const presenceOnly = FLAGS.UP | FLAGS.BE | FLAGS.BS;
    const strict = createPasskeyHandler({ secret: SECRET });
    const weakKey = await createSoftAuthenticator({ flags: presenceOnly });
    assertError(await createBrowser(strict).signUp('mia', weakKey), 400, 'verification-failed');
    assert.equal(strict.store.snapshot().users.length, 0);
    const { key } = await createBrowser(strict).signUp('mia');
    assertError(await createBrowser(strict).signIn(key, { flags: presenceOnly }), 400, 'verification-failed');

    const lenient = createPasskeyHandler({ secret: SECRET, userVerification: 'preferred' });
    const options = await createBrowser(lenient).call('POST', '/authentication/options', { body: {} });
    assert.equal(options.json.userVerification, 'preferred');
    const browser = createBrowser(lenient);
    assert.equal((await browser.signUp('noah', await createSoftAuthenticator({ flags: presenceOnly }))).status, 200);
  });

  it('refuses a passkey whose backup eligibility flips', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('olga');
    const result = await createBrowser(handler).signIn(key, { flags: FLAGS.UP | FLAGS.UV });
    assertError(result, 400, 'verification-failed');
  });

  it('refuses a credential id over 1023 bytes, storing nothing', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const key = await createSoftAuthenticator({ credentialIdLength: 1100 });
    assertError(await createBrowser(handler).signUp('pavel', key), 400, 'verification-failed');
    assert.equal(handler.store.snapshot().passkeys.length, 0);
    const longest = await createSoftAuthenticator({ credentialIdLength: 1023 });
    assert.equal((await createBrowser(handler).signUp('pavel', longest)).status, 200);
  });
});

describe('signature counters', () => {
  it('accepts only one of two concurrent sign-ins presenting the same counter', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('quinn');
    assert.equal((await createBrowser(handler).signIn(key, { counter: 5 })).status, 200);
    const [a, b] = [createBrowser(handler), createBrowser(handler)];
    const [optionsA, optionsB] = await Promise.all(
      [a, b].map((browser) => browser.call('POST', '/authentication/options', { body: {} })),
    );
    const responseA = await key.authenticate(optionsA.json, { counter: 6 });
    const responseB = await key.authenticate(optionsB.json, { counter: 6 });
    const results = await Promise.all([
      a.call('POST', '/authentication/verify', { body: responseA }),
      b.call('POST', '/authentication/verify', { body: responseB }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
  });

  it('suspends a passkey whose counter goes back, without telling anyone the counter', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('rosa');
    assert.equal((await createBrowser(handler).signIn(key, { counter: 50 })).status, 200);
    const cloned = await createBrowser(handler).signIn(key, { counter: 3 });
    assertError(cloned, 400, 'verification-failed');
    assert.doesNotMatch(cloned.json.error.message, /50|3|counter/i);
    const stored = handler.store.snapshot().passkeys[0];
    assert.ok(stored.suspendedAt, 'flagged as possibly cloned');
    assert.equal(stored.counter, 50);
    // Suspended: even a higher counter no longer signs in.
    assertError(await createBrowser(handler).signIn(key, { counter: 51 }), 400, 'verification-failed');
  });

  it('answers a replayed sign-in as a used challenge, and does not suspend the passkey', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const { key } = await createBrowser(handler).signUp('replayed');
    const browser = createBrowser(handler);
    const options = await browser.call('POST', '/authentication/options', { body: {} });
    const response = await key.authenticate(options.json);
    const cookies = new Map(browser.jar);
    assert.equal((await browser.call('POST', '/authentication/verify', { body: response })).status, 200);
    // The captured request, cookie and all, sent again.
    const attacker = createBrowser(handler);
    for (const [name, value] of cookies) attacker.jar.set(name, value);
    const replay = await attacker.call('POST', '/authentication/verify', { body: response });
    assertError(replay, 400, 'verification-failed');
    assert.equal(replay.json.error.reason, 'challenge-expired');
    assert.equal(handler.store.snapshot().passkeys[0].suspendedAt, undefined);
    assert.equal((await createBrowser(handler).signIn(key)).status, 200);
  });

  it('does not disclose the configured origins', async () => {
    const handler = createPasskeyHandler({
      secret: SECRET,
      rpID: 'localhost',
      origins: [ORIGIN, 'https://secret.example'],
    });
    const { key } = await createBrowser(handler).signUp('sam');
    const browser = createBrowser(handler);
    const options = await browser.call('POST', '/authentication/options', { body: {} });
    const response = await key.authenticate(options.json);
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url'));
    data.origin = 'https://phish.example';
    response.response.clientDataJSON = Buffer.from(JSON.stringify(data)).toString('base64url');
    const result = await browser.call('POST', '/authentication/verify', { body: response });
    assertError(result, 400, 'verification-failed');
    assert.doesNotMatch(result.text, /secret\.example|localhost:8000|phish/);
  });
});

describe('input', () => {
  it('makes one account of names that look alike, and refuses invisible and bidi characters', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    assert.equal((await createBrowser(handler).signUp('Alice')).status, 200);
    assert.equal((await createBrowser(handler).signUp('Jose\u0301')).status, 200); // NFD
    for (const same of ['alice', 'ALICE', 'ａｌｉｃｅ', 'Jos\u00e9', 'JOSÉ']) {
      assertError(await createBrowser(handler).signUp(same), 409, 'username-taken');
    }
    for (const refused of ['bob\u200B', 'admin\u202E', 'a\u0000b', 'two words', '\uD800x', 'x'.repeat(65)]) {
      assertError(await createBrowser(handler).signUp(refused), 400, 'invalid-username');
    }
    assert.deepEqual(
      handler.store
        .snapshot()
        .users.map((u) => u.username)
        .sort(),
      ['alice', 'josé'],
    );
  });

  it('refuses passkey names with bidi overrides, only invisible characters or lone surrogates', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('tara');
    const [row] = (await browser.call('GET', '/passkeys')).json.passkeys;
    for (const name of ['evil\u202Etxt', '\u200B\u200B', '\u2066x', 'a\uD800', ' \u00A0 ']) {
      assertError(await browser.call('PATCH', `/passkeys/${row.id}`, { body: { name } }), 400, 'server');
    }
    const family = '👨‍👩‍👧 Family iPad';
    assert.equal((await browser.call('PATCH', `/passkeys/${row.id}`, { body: { name: family } })).json.name, family);
  });

  it('keeps only WebAuthn’s transport values', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    const key = await createSoftAuthenticator();
    const options = await browser.call('POST', '/registration/options', { body: { username: 'uma' } });
    const response = await key.register(options.json);
    response.response.transports = ['usb', '<img src=x onerror=alert(1)>', 'x'.repeat(62_000), 'internal', 'usb', 7];
    const created = await browser.call('POST', '/registration/verify', { body: response });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.json.transports, ['internal', 'usb']);
    assert.deepEqual(handler.store.snapshot().passkeys[0].transports, ['internal', 'usb']);
  });

  it('caps the passkeys of one account', async () => {
    const handler = createPasskeyHandler({ secret: SECRET, maxPasskeysPerUser: 2 });
    const browser = createBrowser(handler);
    await browser.signUp('vera');
    assert.equal((await browser.addPasskey()).status, 200);
    assertError(await browser.addPasskey(), 409, 'server');
  });

  it('refuses a weak secret', () => {
    for (const secret of ['a', 'x'.repeat(31), new Uint8Array(16)]) {
      assert.throws(() => createPasskeyHandler({ secret }), /at least 32/);
    }
    createPasskeyHandler({ secret: 'x'.repeat(32) });
  });

  it('answers bodies between 64 KB and 1 MiB with 413', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const body = JSON.stringify({ padding: 'x'.repeat(100_000) });
    assertError(await createBrowser(handler).call('POST', '/authentication/options', { body }), 413, 'server');
  });
});

describe('the last passkey', () => {
  it('is kept unless the app says the user has another way in', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('wes');
    const [only] = (await browser.call('GET', '/passkeys')).json.passkeys;
    const refused = await browser.call('DELETE', `/passkeys/${only.id}`);
    assertError(refused, 409, 'last-passkey');
    assert.equal(handler.store.snapshot().passkeys.length, 1);

    const withPassword = createPasskeyHandler({
      secret: SECRET,
      hasOtherSignInMethod: (user) => user.username === 'xena',
    });
    const other = createBrowser(withPassword);
    await other.signUp('xena');
    const [row] = (await other.call('GET', '/passkeys')).json.passkeys;
    assert.equal((await other.call('DELETE', `/passkeys/${row.id}`)).status, 204);
  });

  it('survives two concurrent deletes of the last two', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('yuri');
    await browser.addPasskey();
    const rows = (await browser.call('GET', '/passkeys')).json.passkeys;
    const results = await Promise.all(rows.map((p) => browser.call('DELETE', `/passkeys/${p.id}`)));
    assert.deepEqual(results.map((r) => r.status).sort(), [204, 409]);
    assert.equal(handler.store.snapshot().passkeys.length, 1);
  });
});

describe('deployment defaults', () => {
  it('serves only localhost without rpID and origins, and says so at start-up', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const evil = createBrowser(handler, { origin: 'http://evil.example', url: 'http://evil.example/api/passkeys' });
    const result = await evil.call('POST', '/registration/options', { body: { username: 'zoe' } });
    assertError(result, 421, 'server');
    assert.doesNotMatch(result.text, /evil\.example/);
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import('${new URL('../../dist/server/index.js', import.meta.url)}').then((m) => m.createPasskeyHandler())`,
      ],
      { encoding: 'utf8' },
    );
    assert.match(child.stderr, /only requests to localhost are served/);
    const configured = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import('${new URL('../../dist/server/index.js', import.meta.url)}').then((m) => m.createPasskeyHandler({ rpID: 'example.com' }))`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(configured.stderr, '');
  });

  it('refuses an absolute-form request target naming another host', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const server = createServer(toNodeListener(handler));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    try {
      const reply = await new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST http://evil.example/api/passkeys/registration/options HTTP/1.1\r\n' +
              `Host: localhost:${port}\r\nOrigin: http://evil.example\r\nX-Requested-With: x\r\n` +
              'Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
          );
        });
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      assert.match(reply, /^HTTP\/1\.1 400 /);
      assert.doesNotMatch(reply, /"rp"/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('marks cookies Secure with the __Host- prefix when the origins are https, even behind a TLS proxy', async () => {
    const handler = createPasskeyHandler({ secret: SECRET, rpID: 'example.com', origins: 'https://example.com' });
    // The proxy speaks http to the handler.
    const browser = createBrowser(handler, { origin: 'https://example.com', url: 'http://example.com/api/passkeys' });
    const key = await createSoftAuthenticator({ origin: 'https://example.com' });
    const created = await browser.signUp('ada', key);
    assert.equal(created.status, 200, created.text);
    const cookies = created.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('__Host-pk_session='));
    assert.match(session, /; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    assert.ok(cookies.every((c) => c.startsWith('__Host-') && c.endsWith('; Secure')));
    assert.equal((await browser.call('GET', '/passkeys')).status, 200);
    assert.equal((await handler.getSession({ headers: { cookie: browser.sessionCookie() } })).user.username, 'ada');
  });

  it('serves the well-known passkey documents when configured', async () => {
    const handler = createPasskeyHandler({
      secret: SECRET,
      rpID: 'example.com',
      wellKnown: {
        enroll: 'https://example.com/account/passkeys/new',
        manage: 'https://example.com/account/passkeys',
        relatedOrigins: ['https://example.co.uk/'],
      },
    });
    const get = async (path) => {
      const response = await handler(new Request(`https://example.com${path}`));
      return { status: response.status, json: await response.json() };
    };
    assert.deepEqual(await get('/.well-known/passkey-endpoints'), {
      status: 200,
      json: { enroll: 'https://example.com/account/passkeys/new', manage: 'https://example.com/account/passkeys' },
    });
    assert.deepEqual(await get('/.well-known/webauthn'), { status: 200, json: { origins: ['https://example.co.uk'] } });
    const plain = createPasskeyHandler({ secret: SECRET, rpID: 'example.com' });
    assert.equal((await plain(new Request('https://example.com/.well-known/webauthn'))).status, 404);
  });

  it('logs an unexpected store failure without the request', async () => {
    const store = createMemoryStore();
    store.getSession = async () => {
      throw new Error('database is down');
    };
    const handler = createPasskeyHandler({ secret: SECRET, store });
    const logged = mock.method(console, 'error', () => {});
    try {
      const result = await createBrowser(handler).call('GET', '/passkeys', { cookie: `pk_session=${'a'.repeat(43)}` });
      assertError(result, 500, 'server');
      assert.ok(!JSON.stringify(logged.mock.calls.map((c) => c.arguments.map(String))).includes('a'.repeat(43)));
    } finally {
      logged.mock.restore();
    }
  });
});

describe('after the second review', () => {
  it('getSession reads only the cookie name the handler sets', async () => {
    const handler = createPasskeyHandler({ secret: SECRET, rpID: 'example.com', origins: 'https://example.com' });
    const mallory = createBrowser(handler, { origin: 'https://example.com', url: 'https://example.com/api/passkeys' });
    await mallory.signUp('mallory', await createSoftAuthenticator({ origin: 'https://example.com' }));
    const token = mallory.sessionCookie().split('=')[1];
    // Planted by a sibling subdomain without the prefix: ignored.
    assert.equal(await handler.getSession({ headers: { cookie: `pk_session=${token}` } }), null);
    assert.equal(
      (await handler.getSession({ headers: { cookie: `__Host-pk_session=${token}` } })).user.username,
      'mallory',
    );

    const local = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(local, {
      origin: 'https://localhost:8443',
      url: 'https://localhost:8443/api/passkeys',
    });
    await browser.signUp('local', await createSoftAuthenticator({ origin: 'https://localhost:8443' }));
    const request = new Request('https://localhost:8443/account', { headers: { Cookie: browser.sessionCookie() } });
    assert.equal((await local.getSession(request)).user.username, 'local', 'https on localhost');
  });

  it('stores the credential id of the authenticator data, and refuses one that differs from the response’s', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    const key = await createSoftAuthenticator({ credentialIdLength: 1100 });
    const options = await browser.call('POST', '/registration/options', { body: { username: 'swap' } });
    const response = await key.register(options.json);
    response.id = response.rawId = 'c2hvcnQtaWQ';
    assertError(await browser.call('POST', '/registration/verify', { body: response }), 400, 'verification-failed');
    assert.equal(handler.store.snapshot().passkeys.length, 0);
  });

  it('checks the passkey cap and freshness again at the verify', async () => {
    const { handler, clock } = timedHandler({ maxPasskeysPerUser: 2 });
    const browser = createBrowser(handler);
    await browser.signUp('held');
    const open = await Promise.all([1, 2, 3].map(() => browser.call('POST', '/registration/options', { body: {} })));
    const results = [];
    for (const options of open) {
      const key = await createSoftAuthenticator();
      results.push(
        (await browser.call('POST', '/registration/verify', { body: await key.register(options.json) })).status,
      );
    }
    assert.deepEqual(results, [200, 409, 409]);
    assert.equal(handler.store.snapshot().passkeys.length, 2);

    const fresh = timedHandler({ challengeTtlMs: 20 * MINUTE });
    const late = createBrowser(fresh.handler);
    await late.signUp('late');
    const options = await late.call('POST', '/registration/options', { body: {} });
    fresh.clock.time += 10 * MINUTE + 1;
    const key = await createSoftAuthenticator();
    const result = await late.call('POST', '/registration/verify', { body: await key.register(options.json) });
    assertError(result, 403, 'reauthentication-required');
  });

  it('answers odd path ids with 404, before any store', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const browser = createBrowser(handler);
    await browser.signUp('paths');
    for (const id of ['%00', 'a%20b', '%E2%80%AE', 'x'.repeat(129), '%ZZ']) {
      assertError(await browser.call('PATCH', `/passkeys/${id}`, { body: { name: 'n' } }), 404, 'unknown-credential');
      assertError(await browser.call('DELETE', `/passkeys/${id}`), 404, 'unknown-credential');
    }
  });

  it('refuses usernames with invisible or stylised characters', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    for (const name of [
      'alice\u034F',
      'alice\uFE0F',
      'alice\u3164',
      '\u{1D41A}\u{1D425}\u{1D422}\u{1D41C}\u{1D41E}',
      'al\u2170ce',
      'o\uFB03ce',
    ]) {
      assertError(await createBrowser(handler).signUp(name), 400, 'invalid-username');
    }
  });

  it('keeps at most 20 sessions per account, the least recently used going first', async () => {
    const handler = createPasskeyHandler({ secret: SECRET });
    const first = createBrowser(handler);
    const { key } = await first.signUp('busy');
    for (let i = 0; i < 25; i++) await createBrowser(handler).signIn(key);
    assert.equal(handler.store.snapshot().sessions.length, 20);
    assertError(await first.call('GET', '/passkeys'), 401, 'unauthorized');
  });
});
