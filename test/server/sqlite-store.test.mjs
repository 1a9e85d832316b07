// The SQLite store (on sql.js, SQLite in WebAssembly) against the shared store
// contract, its own guarantees, and the handler running on it end to end.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { createPasskeyHandler, createSessionCookie, createSqliteStore, fromSqlJs } from '../../dist/server/index.js';
import { runStoreContract } from './store-contract.mjs';
import { createSoftAuthenticator, encodeClientData } from './soft-authenticator.mjs';

const SQL = await initSqlJs();

/** A new in-memory database, its driver, and a helper to read rows directly. */
function openDatabase() {
  const database = new SQL.Database();
  const db = fromSqlJs(database);
  return { database, db, rows: (sql, params) => db.all(sql, params) };
}

/** The same driver answering with promises a tick later, like D1 or libsql. */
function asyncDriver(db) {
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    run: async (sql, params) => (await tick(), db.run(sql, params)),
    all: async (sql, params) => (await tick(), db.all(sql, params)),
  };
}

runStoreContract('sqlite store', (options) => createSqliteStore(openDatabase().db, options));
runStoreContract('sqlite store (async driver)', (options) =>
  createSqliteStore(asyncDriver(openDatabase().db), options),
);

const adaUser = { id: 'u-ada', username: 'ada', displayName: 'Ada', webauthnUserId: 'handle-ada' };
const adaPasskey = {
  id: 'pk-1',
  userId: 'u-ada',
  name: 'Passkey',
  credentialId: 'cred-1',
  publicKey: 'AAAA',
  counter: 0,
  transports: ['internal', 'hybrid'],
  backedUp: true,
  deviceType: 'multiDevice',
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('sqlite store', () => {
  it('creates its tables once and finds the data again', async () => {
    const { db, rows } = openDatabase();
    await (await createSqliteStore(db)).createUser(adaUser);
    const again = await createSqliteStore(db);
    assert.deepEqual(await again.getUser('u-ada'), adaUser);
    const tables = rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
    assert.deepEqual(tables, ['pk_challenges', 'pk_passkeys', 'pk_users']);
  });

  it('stores transports as JSON and booleans as integers', async () => {
    const { db, rows } = openDatabase();
    const store = await createSqliteStore(db);
    await store.createUser(adaUser);
    await store.createPasskey(adaPasskey);
    assert.deepEqual(rows('SELECT transports, backed_up, aaguid, last_used_at FROM pk_passkeys'), [
      { transports: '["internal","hybrid"]', backed_up: 1, aaguid: null, last_used_at: null },
    ]);
  });

  it('rejects a second passkey with the same credential id', async () => {
    const store = await createSqliteStore(openDatabase().db);
    await store.createUser(adaUser);
    await store.createPasskey(adaPasskey);
    await assert.rejects(store.createPasskey({ ...adaPasskey, id: 'pk-2' }), /UNIQUE/);
    assert.equal((await store.listPasskeys('u-ada')).length, 1);
  });

  it('binds values as parameters', async () => {
    const store = await createSqliteStore(openDatabase().db);
    const sneaky = `x'); DROP TABLE pk_users; --`;
    await store.createUser({ ...adaUser, username: sneaky, displayName: `"; DELETE FROM pk_users; --` });
    assert.equal((await store.getUserByUsername(sneaky)).id, 'u-ada');
    assert.equal(await store.getUserByUsername(`' OR 1=1 --`), undefined);
  });

  it('keeps stores with different table prefixes apart, and checks the prefix', async () => {
    const { db } = openDatabase();
    const one = await createSqliteStore(db, { tablePrefix: 'app1_' });
    const two = await createSqliteStore(db, { tablePrefix: 'app2_' });
    await one.createUser(adaUser);
    await two.createUser({ ...adaUser, displayName: 'Other Ada' });
    assert.equal((await one.getUser('u-ada')).displayName, 'Ada');
    assert.equal((await two.getUser('u-ada')).displayName, 'Other Ada');
    await assert.rejects(createSqliteStore(db, { tablePrefix: 'x"; DROP TABLE app1_users; --' }), TypeError);
    await assert.rejects(createSqliteStore(db, { maxChallenges: 0 }), TypeError);
  });

  it('purges expired challenges when saving', async () => {
    let time = Date.UTC(2025, 0, 1);
    const { db, rows } = openDatabase();
    const store = await createSqliteStore(db, { now: () => time });
    await store.saveChallenge({ challenge: 'old', kind: 'authentication', expiresAt: time + 1000 });
    time += 1000;
    await store.saveChallenge({ challenge: 'new', kind: 'authentication', expiresAt: time + 1000 });
    assert.deepEqual(
      rows('SELECT challenge FROM pk_challenges').map((r) => r.challenge),
      ['new'],
    );
  });

  it('reads integers that a driver returns as bigint', async () => {
    const { db } = openDatabase();
    const bigints = {
      run: db.run,
      all: (sql, params) =>
        db
          .all(sql, params)
          .map((row) =>
            Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? BigInt(v) : v])),
          ),
    };
    const store = await createSqliteStore(bigints);
    await store.createUser(adaUser);
    await store.createPasskey({ ...adaPasskey, counter: 41 });
    assert.deepEqual(await store.getPasskey('pk-1'), { ...adaPasskey, counter: 41 });
    await store.saveChallenge({ challenge: 'c', kind: 'registration', expiresAt: Date.now() + 1000, userId: 'u' });
    assert.equal(typeof (await store.takeChallenge('c')).expiresAt, 'number');
  });
});

// ---------------------------------------------------------------- the handler on SQLite

const ORIGIN = 'http://localhost:8000';
const SECRET = 'test-secret-0123456789';
const HEADERS = { Origin: ORIGIN, 'X-Requested-With': 'passkey-elements', 'Content-Type': 'application/json' };

async function call(handler, method, path, { body, cookie } = {}) {
  const headers = { ...HEADERS, ...(cookie ? { Cookie: cookie } : {}) };
  const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const response = await handler(new Request(`${ORIGIN}/api/passkeys${path}`, init));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

const sessionFrom = (result) => result.headers.getSetCookie()[0].split(';')[0];

async function sqliteHandler() {
  const { db, rows } = openDatabase();
  const handler = createPasskeyHandler({ secret: SECRET, store: await createSqliteStore(db) });
  return { handler, rows, count: (table) => rows(`SELECT COUNT(*) AS n FROM ${table}`)[0].n };
}

describe('handler on the sqlite store', () => {
  it('issues options, refuses a reused challenge, and manages passkeys with a session', async () => {
    const { handler, count } = await sqliteHandler();
    await handler.store.createUser(adaUser);
    // Stored newest first: the list still comes oldest first.
    const passkeys = ['2025-01-03', '2025-01-01', '2025-01-02'].map((day, i) => ({
      ...adaPasskey,
      id: `pk-${i}`,
      name: `Key ${i}`,
      credentialId: `cred-${i}`,
      createdAt: `${day}T00:00:00.000Z`,
    }));
    for (const p of passkeys) await handler.store.createPasskey(p);

    const signUp = await call(handler, 'POST', '/registration/options', { body: { username: 'newcomer' } });
    assert.equal(signUp.status, 200, signUp.text);
    assert.equal(signUp.json.user.name, 'newcomer');
    assert.equal(count('pk_users'), 1, 'the account only exists once its passkey is verified');
    assert.equal(count('pk_challenges'), 1);

    const options = await call(handler, 'POST', '/authentication/options', { body: { username: 'ada' } });
    assert.equal(options.status, 200, options.text);
    assert.deepEqual(options.json.allowCredentials.map((c) => c.id).sort(), ['cred-0', 'cred-1', 'cred-2']);
    const assertion = {
      id: 'cred-0',
      rawId: 'cred-0',
      type: 'public-key',
      response: {
        clientDataJSON: encodeClientData({ type: 'webauthn.get', challenge: options.json.challenge, origin: ORIGIN }),
        authenticatorData: 'AAAA',
        signature: 'AAAA',
      },
      clientExtensionResults: {},
    };
    const first = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(first.status, 400);
    assert.equal(first.json.error.reason, undefined, 'the first attempt fails on the signature');
    const second = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(second.json.error.reason, 'challenge-expired');

    const cookie = `pk_session=${await createSessionCookie(SECRET, 'u-ada')}`;
    const list = await call(handler, 'GET', '/passkeys', { cookie });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(
      list.json.passkeys.map((p) => p.id),
      ['pk-1', 'pk-2', 'pk-0'],
    );
    assert.deepEqual(list.json.passkeys[0].transports, ['internal', 'hybrid']);
    assert.equal(list.json.userHandle, 'handle-ada');

    const renamed = await call(handler, 'PATCH', '/passkeys/pk-1', { cookie, body: { name: 'Phone' } });
    assert.equal(renamed.json.name, 'Phone');
    assert.equal((await call(handler, 'DELETE', '/passkeys/pk-2', { cookie })).status, 204);
    assert.equal((await call(handler, 'DELETE', '/passkeys/pk-2', { cookie })).status, 404);
    assert.equal(count('pk_passkeys'), 2);
  });

  it('signs up and signs in with a software authenticator', async () => {
    const { handler, rows } = await sqliteHandler();
    const phone = await createSoftAuthenticator();

    const regOptions = await call(handler, 'POST', '/registration/options', {
      body: { username: 'eve', displayName: 'Eve' },
    });
    const registered = await call(handler, 'POST', '/registration/verify', {
      body: await phone.register(regOptions.json),
    });
    assert.equal(registered.status, 200, registered.text);
    assert.equal(registered.json.credentialId, phone.id);
    assert.deepEqual(rows('SELECT username, display_name, webauthn_user_id FROM pk_users'), [
      { username: 'eve', display_name: 'Eve', webauthn_user_id: regOptions.json.user.id },
    ]);
    assert.deepEqual(rows('SELECT credential_id, counter, transports, backed_up, device_type FROM pk_passkeys'), [
      {
        credential_id: phone.id,
        counter: 0,
        transports: '["hybrid","internal"]',
        backed_up: 1,
        device_type: 'multiDevice',
      },
    ]);
    const cookie = sessionFrom(registered);
    assert.equal((await call(handler, 'GET', '/session', { cookie })).json.user.username, 'eve');

    // The same authenticator again: already registered.
    const more = await call(handler, 'POST', '/registration/options', { cookie, body: {} });
    const again = await call(handler, 'POST', '/registration/verify', {
      cookie,
      body: await phone.register(more.json),
    });
    assert.equal(again.status, 409, again.text);

    const authOptions = await call(handler, 'POST', '/authentication/options', { body: {} });
    const assertion = await phone.authenticate(authOptions.json);
    const signedIn = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.equal(signedIn.json.user.username, 'eve');
    const [stored] = rows('SELECT counter, last_used_at FROM pk_passkeys');
    assert.equal(stored.counter, 1);
    assert.ok(stored.last_used_at);

    const replay = await call(handler, 'POST', '/authentication/verify', { body: assertion });
    assert.equal(replay.json.error.reason, 'challenge-expired');
    assert.deepEqual(rows('SELECT COUNT(*) AS n FROM pk_challenges'), [{ n: 0 }], 'every challenge was used up');
  });
});
