// The SQLite store (on sql.js, SQLite in WebAssembly) against the shared store
// contract, with the handler running on it, and its own guarantees: the tables
// it makes, how values are kept, bound parameters, table prefixes, and
// upgrading an earlier version's tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { createSqliteStore, fromSqlJs } from '../../dist/server/index.js';
import { runStoreContract } from './store-contract.mjs';
import { runHandlerOnStores } from './store-handler.mjs';

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

runStoreContract('sqlite store', () => createSqliteStore(openDatabase().db));
runStoreContract('sqlite store (async driver)', () => createSqliteStore(asyncDriver(openDatabase().db)));
runHandlerOnStores('sqlite store', () => {
  const { db } = openDatabase();
  return Promise.all([createSqliteStore(db), createSqliteStore(asyncDriver(db))]);
});

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
const adaSession = {
  id: 's-1',
  userId: 'u-ada',
  passkeyId: 'pk-1',
  createdAt: 1_735_689_600_000,
  authenticatedAt: 1_735_689_600_000,
  lastSeenAt: 1_735_689_600_000,
  expiresAt: 1_736_294_400_000,
};

const TABLES = ['pk_passkeys', 'pk_rate_limits', 'pk_schema_version', 'pk_sessions', 'pk_used_challenges', 'pk_users'];
const tableNames = (rows) =>
  rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);

/** The tables as the first release made them (before sessions, signed challenges and a schema version). */
const FIRST_RELEASE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS "pk_users" (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    webauthn_user_id TEXT NOT NULL UNIQUE
  )`,
  `CREATE TABLE IF NOT EXISTS "pk_passkeys" (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES "pk_users" (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    credential_id TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL,
    counter INTEGER NOT NULL,
    transports TEXT,
    aaguid TEXT,
    backed_up INTEGER NOT NULL CHECK (backed_up IN (0, 1)),
    device_type TEXT NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
    created_at TEXT NOT NULL,
    last_used_at TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS "pk_passkeys_user_id" ON "pk_passkeys" (user_id)`,
  `CREATE TABLE IF NOT EXISTS "pk_challenges" (
    seq INTEGER PRIMARY KEY,
    challenge TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'authentication')),
    expires_at INTEGER NOT NULL,
    user_id TEXT,
    pending_user TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS "pk_challenges_expires_at" ON "pk_challenges" (expires_at)`,
];

/** A database as the first release left it: Ada with two passkeys, and a challenge waiting. */
function firstReleaseDatabase() {
  const opened = openDatabase();
  const { db } = opened;
  for (const statement of FIRST_RELEASE_SCHEMA) db.run(statement);
  db.run(`INSERT INTO pk_users VALUES ('u-ada', 'ada', 'Ada', 'handle-ada')`);
  db.run(
    `INSERT INTO pk_passkeys VALUES ('pk-1', 'u-ada', 'Passkey', 'cred-1', 'AAAA', 7, '["internal","hybrid"]', NULL, 1, 'multiDevice', '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z')`,
  );
  db.run(
    `INSERT INTO pk_passkeys VALUES ('pk-2', 'u-ada', 'Key', 'cred-2', 'BBBB', 0, NULL, 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', 0, 'singleDevice', '2025-01-02T00:00:00.000Z', NULL)`,
  );
  db.run(`INSERT INTO pk_challenges (challenge, kind, expires_at) VALUES ('c', 'authentication', 1)`);
  return opened;
}

describe('sqlite store', () => {
  it('creates its tables once and finds the data again', async () => {
    const { db, rows } = openDatabase();
    await (await createSqliteStore(db)).createUser(adaUser);
    const again = await createSqliteStore(db);
    assert.deepEqual(await again.getUser('u-ada'), adaUser);
    assert.deepEqual(tableNames(rows), TABLES);
    assert.deepEqual(rows('SELECT id, version FROM pk_schema_version'), [{ id: 1, version: 2 }]);
  });

  it('stores transports as JSON, booleans as integers and times as numbers', async () => {
    const { db, rows } = openDatabase();
    const store = await createSqliteStore(db);
    await store.createUser(adaUser);
    await store.createPasskey(adaPasskey);
    await store.updatePasskey('pk-1', { suspendedAt: '2025-03-01T00:00:00.000Z' });
    await store.createSession(adaSession);
    await store.useChallenge('c-1', 1_735_690_000_000);
    await store.hit('ip:192.0.2.1', 60_000, 1_735_689_600_000);
    assert.deepEqual(rows('SELECT transports, backed_up, aaguid, last_used_at, suspended_at FROM pk_passkeys'), [
      {
        transports: '["internal","hybrid"]',
        backed_up: 1,
        aaguid: null,
        last_used_at: null,
        suspended_at: '2025-03-01T00:00:00.000Z',
      },
    ]);
    assert.deepEqual(rows('SELECT passkey_id, expires_at, user_agent FROM pk_sessions'), [
      { passkey_id: 'pk-1', expires_at: 1_736_294_400_000, user_agent: null },
    ]);
    assert.deepEqual(rows('SELECT id, expires_at FROM pk_used_challenges'), [
      { id: 'c-1', expires_at: 1_735_690_000_000 },
    ]);
    assert.deepEqual(rows('SELECT id, hits, reset_at FROM pk_rate_limits'), [
      { id: 'ip:192.0.2.1', hits: 1, reset_at: 1_735_689_660_000 },
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
    await store.createSession({ ...adaSession, id: `s' OR '1'='1` });
    assert.equal(await store.deleteSessions('u-ada', { exceptId: `x' OR 1=1 --`, passkeyId: `' OR 1=1 --` }), 0);
    assert.equal(await store.useChallenge(`c'); DELETE FROM pk_sessions; --`, 1), true);
    assert.equal((await store.listSessions('u-ada')).length, 1);
  });

  it('keeps stores with different table prefixes apart, and checks the prefix', async () => {
    const { db, rows } = openDatabase();
    const one = await createSqliteStore(db, { tablePrefix: 'app1_' });
    const two = await createSqliteStore(db, { tablePrefix: 'app2_' });
    await one.createUser(adaUser);
    await two.createUser({ ...adaUser, displayName: 'Other Ada' });
    await one.useChallenge('c', 1);
    assert.equal((await one.getUser('u-ada')).displayName, 'Ada');
    assert.equal((await two.getUser('u-ada')).displayName, 'Other Ada');
    assert.equal(await two.useChallenge('c', 1), true);
    assert.deepEqual(
      tableNames(rows).filter((name) => name.startsWith('app1_')),
      TABLES.map((name) => name.replace('pk_', 'app1_')),
    );
    await assert.rejects(createSqliteStore(db, { tablePrefix: 'x"; DROP TABLE app1_users; --' }), TypeError);
    await assert.rejects(createSqliteStore(db, { tablePrefix: 'pk-' }), TypeError);
    assert.ok(tableNames(rows).includes('app1_users'));
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
    await store.createSession(adaSession);
    assert.deepEqual(await store.getSession('s-1'), adaSession);
    assert.deepEqual(await store.hit('k', 1000, 5000), { count: 1, resetAt: 6000 });
    assert.deepEqual(await store.getHits('k', 5000), { count: 1, resetAt: 6000 });
  });

  describe('tables from an earlier version', () => {
    it('upgrades them in place, keeping users and passkeys', async () => {
      const { db, rows } = firstReleaseDatabase();
      const store = await createSqliteStore(db);
      assert.deepEqual(tableNames(rows), TABLES, 'the issued-challenges table is gone');
      assert.deepEqual(rows('SELECT version FROM pk_schema_version'), [{ version: 2 }]);
      assert.deepEqual(await store.getUserByUsername('ada'), adaUser);
      assert.deepEqual(await store.listPasskeys('u-ada'), [
        { ...adaPasskey, counter: 7, lastUsedAt: '2025-02-01T00:00:00.000Z' },
        {
          id: 'pk-2',
          userId: 'u-ada',
          name: 'Key',
          credentialId: 'cred-2',
          publicKey: 'BBBB',
          counter: 0,
          aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
          backedUp: false,
          deviceType: 'singleDevice',
          createdAt: '2025-01-02T00:00:00.000Z',
        },
      ]);
      // The new parts work on the upgraded tables.
      const suspendedAt = '2025-03-01T00:00:00.000Z';
      assert.equal(
        (await store.updatePasskey('pk-1', { suspendedAt, counter: 8 }, { counter: 7 })).suspendedAt,
        suspendedAt,
      );
      assert.equal(await store.deletePasskey('pk-2', { keepLast: true }), 'deleted');
      assert.equal(await store.deletePasskey('pk-1', { keepLast: true }), 'last');
      await store.createSession(adaSession);
      assert.deepEqual(await store.listSessions('u-ada'), [adaSession]);
    });

    it('upgrades once, however many stores open the database at once', async () => {
      const { db, rows } = firstReleaseDatabase();
      const driver = asyncDriver(db);
      const stores = await Promise.all([1, 2, 3].map(() => createSqliteStore(driver)));
      assert.deepEqual(tableNames(rows), TABLES);
      assert.equal(rows('SELECT count(*) AS n FROM pk_passkeys')[0].n, 2);
      await stores[0].createSession(adaSession);
      assert.deepEqual(await stores[2].getSession('s-1'), adaSession);
      assert.deepEqual(await (await createSqliteStore(db)).getUser('u-ada'), adaUser, 'opening again changes nothing');
      assert.deepEqual(rows('SELECT version FROM pk_schema_version'), [{ version: 2 }]);
    });

    it('refuses tables a newer version made', async () => {
      const { db } = openDatabase();
      await createSqliteStore(db);
      db.run('UPDATE pk_schema_version SET version = 99');
      await assert.rejects(createSqliteStore(db), /schema version 99.*upgrade passkey-elements/);
    });
  });
});
