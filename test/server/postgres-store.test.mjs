// The PostgreSQL store against the shared store contract and its own
// guarantees: on PGlite (Postgres in WebAssembly) always, and on a real server
// (a throwaway cluster the helper starts, or PG_URL) where there is one, with
// several pools at once for what only real concurrency shows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStore } from '../../dist/server/index.js';
import { runStoreContract } from './store-contract.mjs';
import { runHandlerOnStores } from './store-handler.mjs';
import { startPostgres } from '../helpers/postgres.mjs';

// Every store gets tables of its own in one database.
let stores = 0;
const freshPrefix = () => `t${++stores}_`;

const adaUser = { id: 'u-ada', username: 'ada', displayName: 'Ada', webauthnUserId: 'handle-ada' };
const passkey = (n, extra = {}) => ({
  id: `pk-${n}`,
  userId: 'u-ada',
  name: `Passkey ${n}`,
  credentialId: `cred-${n}`,
  publicKey: 'AAAA',
  counter: 0,
  transports: ['internal', 'hybrid'],
  backedUp: true,
  deviceType: 'multiDevice',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});
const adaSession = {
  id: 's-1',
  userId: 'u-ada',
  createdAt: 1_735_689_600_000,
  authenticatedAt: 1_735_689_600_000,
  lastSeenAt: 1_735_689_600_000,
  expiresAt: 1_736_294_400_000,
};

/** What holds on any Postgres: `client()` is read when a test runs. */
function postgresTests(name, client) {
  describe(`${name}: postgres store`, () => {
    it('creates its tables once, records the schema version, and finds the data again', async () => {
      const tablePrefix = freshPrefix();
      await (await createPostgresStore(client(), { tablePrefix })).createUser(adaUser);
      const again = await createPostgresStore(client(), { tablePrefix });
      assert.deepEqual(await again.getUser('u-ada'), adaUser);
      const { rows } = await client().query(
        `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name LIKE $1 ORDER BY table_name`,
        [`${tablePrefix}%`],
      );
      assert.deepEqual(
        rows.map((r) => r.table_name),
        ['passkeys', 'rate_limits', 'schema_version', 'sessions', 'used_challenges', 'users'].map(
          (table) => tablePrefix + table,
        ),
      );
      assert.deepEqual((await client().query(`SELECT id, version FROM ${tablePrefix}schema_version`)).rows, [
        { id: 1, version: 1 },
      ]);
    });

    it('keeps transports as text[], booleans as boolean, times as bigint', async () => {
      const tablePrefix = freshPrefix();
      const store = await createPostgresStore(client(), { tablePrefix });
      await store.createUser(adaUser);
      await store.createPasskey(passkey(1, { counter: 2 ** 32 - 1 }));
      await store.createSession(adaSession);
      const { rows } = await client().query(
        `SELECT transports, backed_up, counter::text AS counter, pg_typeof(counter)::text AS counter_type,
          pg_typeof(created_at)::text AS created_at_type FROM ${tablePrefix}passkeys`,
      );
      assert.deepEqual(rows, [
        {
          transports: ['internal', 'hybrid'],
          backed_up: true,
          counter: '4294967295',
          counter_type: 'bigint',
          created_at_type: 'text',
        },
      ]);
      const [times] = (await client().query(`SELECT expires_at::text AS expires_at FROM ${tablePrefix}sessions`)).rows;
      assert.equal(times.expires_at, '1736294400000');
      assert.deepEqual(await store.getSession('s-1'), adaSession, 'read back as numbers');
    });

    it('binds values as parameters', async () => {
      const tablePrefix = freshPrefix();
      const store = await createPostgresStore(client(), { tablePrefix });
      const sneaky = `x'); DROP TABLE ${tablePrefix}users; --`;
      await store.createUser({ ...adaUser, username: sneaky, displayName: `"; DELETE FROM ${tablePrefix}users; --` });
      assert.equal((await store.getUserByUsername(sneaky)).id, 'u-ada');
      assert.equal(await store.getUserByUsername(`' OR 1=1 --`), undefined);
      await store.createSession({ ...adaSession, id: `s' OR '1'='1` });
      assert.equal(await store.deleteSessions('u-ada', { exceptId: `x' OR 1=1 --`, passkeyId: `$1' OR 1=1 --` }), 0);
      assert.equal(await store.useChallenge(`c'); DELETE FROM ${tablePrefix}sessions; --`, 1), true);
      assert.equal((await store.listSessions('u-ada')).length, 1);
    });

    it('keeps stores with different table prefixes apart, and checks the prefix', async () => {
      const one = await createPostgresStore(client(), { tablePrefix: freshPrefix() });
      const two = await createPostgresStore(client(), { tablePrefix: freshPrefix() });
      await one.createUser(adaUser);
      await two.createUser({ ...adaUser, displayName: 'Other Ada' });
      assert.equal((await one.getUser('u-ada')).displayName, 'Ada');
      assert.equal((await two.getUser('u-ada')).displayName, 'Other Ada');
      await assert.rejects(createPostgresStore(client(), { tablePrefix: 'x"; DROP TABLE t1_users; --' }), TypeError);
      await assert.rejects(createPostgresStore(client(), { tablePrefix: 'pk-' }), TypeError);
      await assert.rejects(createPostgresStore(client(), { tablePrefix: 'p'.repeat(33) }), TypeError);
    });

    it('refuses tables a newer version made', async () => {
      const tablePrefix = freshPrefix();
      await createPostgresStore(client(), { tablePrefix });
      await client().query(`UPDATE ${tablePrefix}schema_version SET version = 99`);
      await assert.rejects(
        createPostgresStore(client(), { tablePrefix }),
        /schema version 99.*upgrade passkey-elements/,
      );
    });
  });
}

// ---------------------------------------------------------------- PGlite

const lite = new PGlite();

describe('postgres store on PGlite', () => {
  after(() => lite.close());
  runStoreContract('postgres store (PGlite)', () => createPostgresStore(lite, { tablePrefix: freshPrefix() }));
  postgresTests('PGlite', () => lite);
  runHandlerOnStores('PGlite', () => {
    const tablePrefix = freshPrefix();
    return Promise.all([1, 2].map(() => createPostgresStore(lite, { tablePrefix })));
  });
});

// ---------------------------------------------------------------- a real server

const server = await startPostgres();

if (server.skip) {
  it('postgres store on a real PostgreSQL server', { skip: server.skip }, () => {});
} else {
  // A schema of its own, dropped at the end, so a PG_URL database is left as it was.
  const schema = `passkey_elements_test_${randomBytes(4).toString('hex')}`;
  const inSchema = (extra = {}) => ({ ...server.config, options: `-c search_path=${schema}`, ...extra });
  const admin = new pg.Pool(server.config);
  const pools = [];
  const newPool = (extra) => {
    const pool = new pg.Pool(inSchema(extra));
    pools.push(pool);
    return pool;
  };
  let pool;
  let single;

  describe('postgres store on a real PostgreSQL server', () => {
    before(async () => {
      await admin.query(`CREATE SCHEMA ${schema}`);
      pool = newPool();
      single = new pg.Client(inSchema());
      await single.connect();
    });
    after(async () => {
      await single?.end();
      await Promise.all(pools.map((p) => p.end()));
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      await server.stop();
    });

    runStoreContract('postgres store (pg Pool)', () => createPostgresStore(pool, { tablePrefix: freshPrefix() }));
    runStoreContract('postgres store (one pg Client)', () =>
      createPostgresStore(single, { tablePrefix: freshPrefix() }),
    );
    postgresTests('pg Pool', () => pool);

    describe('instances sharing one database', () => {
      const ROUNDS = 20;

      /** Two stores on the same tables, each through a pool of its own, made at once. */
      async function twoInstances(extra) {
        const tablePrefix = freshPrefix();
        return Promise.all([newPool(extra), newPool(extra)].map((p) => createPostgresStore(p, { tablePrefix })));
      }

      runHandlerOnStores('two pg Pools', () => twoInstances());

      it("see each other's writes, after both ran the migrations at once", async () => {
        const [a, b] = await twoInstances();
        await a.createUser(adaUser);
        assert.deepEqual(await b.getUserByUsername('ada'), adaUser);
        await b.createPasskey(passkey(1));
        assert.deepEqual(await a.listPasskeys('u-ada'), [passkey(1)]);
        await a.createSession(adaSession);
        assert.equal(await b.updateSession('s-1', { lastSeenAt: adaSession.lastSeenAt + 1 }), true);
        assert.equal((await a.getSession('s-1')).lastSeenAt, adaSession.lastSeenAt + 1);
        assert.equal(await b.useChallenge('c-1', 1), true);
        assert.equal(await a.useChallenge('c-1', 1), false);
        await a.hit('ip:1', 60_000, 0);
        assert.deepEqual(await b.hit('ip:1', 60_000, 1), { count: 2, resetAt: 60_000 });
        assert.equal(await a.deleteSessions('u-ada'), 1);
        assert.equal(await b.getSession('s-1'), undefined);
      });

      it('all migrate when many start at once', async () => {
        const tablePrefix = freshPrefix();
        const many = newPool({ max: 8 });
        const instances = await Promise.all(
          Array.from({ length: 8 }, () => createPostgresStore(many, { tablePrefix })),
        );
        await instances[0].createUser(adaUser);
        assert.deepEqual(await instances[7].getUser('u-ada'), adaUser);
        assert.deepEqual((await many.query(`SELECT version FROM ${tablePrefix}schema_version`)).rows, [{ version: 1 }]);
      });

      it('leave one of the last two passkeys when each deletes one with keepLast', async () => {
        const [a, b] = await twoInstances();
        for (let round = 0; round < ROUNDS; round++) {
          const user = { ...adaUser, id: `u-${round}`, username: `user${round}`, webauthnUserId: `h-${round}` };
          await a.createUser(user);
          await a.createPasskey(passkey(`${round}-a`, { userId: user.id }));
          await a.createPasskey(passkey(`${round}-b`, { userId: user.id }));
          const results = await Promise.all([
            a.deletePasskey(`pk-${round}-a`, { keepLast: true }),
            b.deletePasskey(`pk-${round}-b`, { keepLast: true }),
          ]);
          assert.deepEqual([...results].sort(), ['deleted', 'last'], `round ${round}`);
          assert.equal((await b.listPasskeys(user.id)).length, 1);
        }
      });

      it('leave one of the last two passkeys also where the database defaults to REPEATABLE READ', async () => {
        const [a, b] = await twoInstances({
          options: `-c search_path=${schema} -c default_transaction_isolation=repeatable\\ read`,
        });
        for (let round = 0; round < ROUNDS; round++) {
          const user = { ...adaUser, id: `u-${round}`, username: `user${round}`, webauthnUserId: `h-${round}` };
          await a.createUser(user);
          await a.createPasskey(passkey(`${round}-a`, { userId: user.id }));
          await a.createPasskey(passkey(`${round}-b`, { userId: user.id }));
          const results = await Promise.all([
            a.deletePasskey(`pk-${round}-a`, { keepLast: true }),
            b.deletePasskey(`pk-${round}-b`, { keepLast: true }),
          ]);
          assert.deepEqual([...results].sort(), ['deleted', 'last'], `round ${round}`);
        }
      });

      it('let one of two sign-ins with the same counter win', async () => {
        const [a, b] = await twoInstances();
        await a.createUser(adaUser);
        await a.createPasskey(passkey(1));
        for (let counter = 0; counter < ROUNDS; counter++) {
          const results = await Promise.all(
            [a, b].map((store) => store.updatePasskey('pk-1', { counter: counter + 1 }, { counter })),
          );
          assert.equal(results.filter(Boolean).length, 1, `counter ${counter}`);
        }
        assert.equal((await b.getPasskey('pk-1')).counter, ROUNDS);
      });

      it('let a challenge be used once', async () => {
        const [a, b] = await twoInstances();
        for (let round = 0; round < ROUNDS; round++) {
          const results = await Promise.all([a, b].map((store) => store.useChallenge(`c-${round}`, 1)));
          assert.deepEqual([...results].sort(), [false, true], `round ${round}`);
        }
      });

      it('count every hit', async () => {
        const [a, b] = await twoInstances();
        const results = await Promise.all(
          Array.from({ length: ROUNDS }, (_, i) => (i % 2 ? a : b).hit('ip:1', 60_000, 0)),
        );
        assert.deepEqual(
          results.map((r) => r.count).sort((x, y) => x - y),
          Array.from({ length: ROUNDS }, (_, i) => i + 1),
        );
      });
    });
  });
}
