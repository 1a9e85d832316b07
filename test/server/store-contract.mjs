// The behaviour every PasskeyStore must have, whatever keeps the data.
// `runStoreContract(name, makeStore)` defines one suite; `makeStore()` returns
// (or resolves to) a new, empty store. Stores have no clock: every time is
// passed in, as the handler does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const user = (name, extra = {}) => ({
  id: `u-${name}`,
  username: name,
  displayName: `${name} (display)`,
  webauthnUserId: `handle-${name}`,
  ...extra,
});

/** A passkey with every field, or with only the required ones when `minimal`. */
const passkey = (userId, n, { minimal = false, ...extra } = {}) => ({
  id: `pk-${userId}-${n}`,
  userId,
  name: n === 0 ? 'Passkey' : `Passkey ${n + 1}`,
  credentialId: `cred-${userId}-${n}`,
  publicKey: `pub-${userId}-${n}`,
  counter: n,
  ...(minimal
    ? {}
    : {
        transports: ['hybrid', 'internal'],
        aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
        lastUsedAt: '2025-02-01T00:00:00.000Z',
      }),
  backedUp: !minimal,
  deviceType: minimal ? 'singleDevice' : 'multiDevice',
  createdAt: new Date(Date.UTC(2025, 0, 1 + n)).toISOString(),
  ...extra,
});

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;

/** A session with every field, or with only the required ones when `minimal`. */
const session = (id, userId, { minimal = false, ...extra } = {}) => ({
  id,
  userId,
  ...(minimal ? {} : { passkeyId: `pk-${userId}-0`, userAgent: 'Mozilla/5.0 (test)' }),
  createdAt: T0,
  authenticatedAt: T0,
  lastSeenAt: T0,
  expiresAt: T0 + 24 * HOUR,
  ...extra,
});

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A store holding the users `names` (sessions and passkeys belong to someone). */
async function storeWith(makeStore, ...names) {
  const store = await makeStore();
  for (const name of names) await store.createUser(user(name));
  return store;
}

export function runStoreContract(name, makeStore) {
  describe(`${name}: store contract`, () => {
    describe('users', () => {
      it('creates and finds users by id and by username', async () => {
        const store = await makeStore();
        const ada = user('ada');
        await store.createUser(ada);
        await store.createUser(user('grace'));
        assert.deepEqual(await store.getUser('u-ada'), ada);
        assert.deepEqual(await store.getUserByUsername('grace'), user('grace'));
        assert.equal(await store.getUser('u-nobody'), undefined);
        assert.equal(await store.getUserByUsername('nobody'), undefined);
      });

      it('rejects a taken username and keeps the first account', async () => {
        const store = await storeWith(makeStore, 'ada');
        await assert.rejects(store.createUser(user('ada', { id: 'u-other', webauthnUserId: 'handle-other' })));
        assert.equal(await store.getUser('u-other'), undefined);
        assert.deepEqual(await store.getUserByUsername('ada'), user('ada'));
      });

      it('gives a username to only one of two simultaneous sign-ups', async () => {
        const store = await makeStore();
        const results = await Promise.allSettled([
          store.createUser(user('ada')),
          store.createUser(user('ada', { id: 'u-other', webauthnUserId: 'handle-other' })),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      });

      it('matches usernames exactly', async () => {
        const store = await storeWith(makeStore, 'ada');
        assert.equal(await store.getUserByUsername('Ada'), undefined);
        assert.equal(await store.getUserByUsername("ada' OR '1'='1"), undefined);
        await store.createUser(user('Ada'));
        assert.equal((await store.getUserByUsername('Ada')).id, 'u-Ada');
      });

      it('hands out copies', async () => {
        const store = await makeStore();
        const ada = user('ada');
        await store.createUser(ada);
        ada.displayName = 'changed after create';
        const read = await store.getUser('u-ada');
        read.username = 'changed after read';
        assert.deepEqual(await store.getUser('u-ada'), user('ada'));
      });
    });

    describe('passkeys', () => {
      it('creates and finds passkeys by id and by credential id, with or without optional fields', async () => {
        const store = await storeWith(makeStore, 'ada');
        const full = passkey('u-ada', 0, { suspendedAt: '2025-03-01T00:00:00.000Z' });
        const minimal = passkey('u-ada', 1, { minimal: true });
        await store.createPasskey(full);
        await store.createPasskey(minimal);
        assert.deepEqual(await store.getPasskey(full.id), full);
        assert.deepEqual(await store.getPasskey(minimal.id), minimal);
        assert.deepEqual(await store.getPasskeyByCredentialId(full.credentialId), full);
        assert.deepEqual(await store.getPasskeyByCredentialId(minimal.credentialId), minimal);
        assert.equal(await store.getPasskey('missing'), undefined);
        assert.equal(await store.getPasskeyByCredentialId('missing'), undefined);
      });

      it('keeps an empty transports list apart from none', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createPasskey(passkey('u-ada', 0, { transports: [] }));
        assert.deepEqual((await store.getPasskey('pk-u-ada-0')).transports, []);
      });

      it('keeps signature counters up to 2^32 - 1', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createPasskey(passkey('u-ada', 0, { counter: 2 ** 32 - 2 }));
        const updated = await store.updatePasskey('pk-u-ada-0', { counter: 2 ** 32 - 1 }, { counter: 2 ** 32 - 2 });
        assert.equal(updated.counter, 2 ** 32 - 1);
        assert.equal((await store.getPasskey('pk-u-ada-0')).counter, 2 ** 32 - 1);
      });

      it('rejects a second passkey with the same credential id and keeps the first', async () => {
        const store = await storeWith(makeStore, 'ada', 'bob');
        await store.createPasskey(passkey('u-ada', 0));
        const copycat = passkey('u-bob', 0, { credentialId: 'cred-u-ada-0' });
        await assert.rejects(store.createPasskey(copycat));
        assert.equal(await store.getPasskey(copycat.id), undefined);
        assert.equal((await store.getPasskeyByCredentialId('cred-u-ada-0')).userId, 'u-ada');
        assert.deepEqual(await store.listPasskeys('u-bob'), []);
      });

      it("lists exactly the user's passkeys", async () => {
        const store = await storeWith(makeStore, 'ada', 'bob');
        // Created newest first: the handler sorts, the store may return any order.
        const adas = [passkey('u-ada', 2), passkey('u-ada', 0, { minimal: true }), passkey('u-ada', 1)];
        for (const p of adas) await store.createPasskey(p);
        await store.createPasskey(passkey('u-bob', 0));
        assert.deepEqual((await store.listPasskeys('u-ada')).sort(byId), [...adas].sort(byId));
        assert.deepEqual(await store.listPasskeys('u-bob'), [passkey('u-bob', 0)]);
        assert.deepEqual(await store.listPasskeys('u-nobody'), []);
      });

      it('updates the given fields and returns the updated passkey', async () => {
        const store = await storeWith(makeStore, 'ada');
        const original = passkey('u-ada', 0, { minimal: true });
        await store.createPasskey(original);

        const renamed = await store.updatePasskey(original.id, { name: 'Work laptop' });
        assert.deepEqual(renamed, { ...original, name: 'Work laptop' });

        const patch = {
          counter: 7,
          lastUsedAt: '2025-03-01T12:00:00.000Z',
          backedUp: true,
          deviceType: 'multiDevice',
        };
        const used = await store.updatePasskey(original.id, patch);
        assert.deepEqual(used, { ...original, name: 'Work laptop', ...patch });
        assert.deepEqual(await store.getPasskey(original.id), used);

        // false and 0 are values, not "unchanged".
        const reset = await store.updatePasskey(original.id, { backedUp: false, counter: 0 });
        assert.equal(reset.backedUp, false);
        assert.equal(reset.counter, 0);
        assert.equal(reset.name, 'Work laptop');
      });

      it('suspends a passkey and keeps the time', async () => {
        const store = await storeWith(makeStore, 'ada');
        const original = passkey('u-ada', 0);
        await store.createPasskey(original);
        const suspendedAt = '2025-04-01T08:30:00.000Z';
        assert.deepEqual(await store.updatePasskey(original.id, { suspendedAt }), { ...original, suspendedAt });
        assert.equal((await store.getPasskey(original.id)).suspendedAt, suspendedAt);
        assert.equal((await store.getPasskeyByCredentialId(original.credentialId)).suspendedAt, suspendedAt);
        assert.equal((await store.listPasskeys('u-ada'))[0].suspendedAt, suspendedAt);
        assert.equal((await store.updatePasskey(original.id, { name: 'Renamed' })).suspendedAt, suspendedAt);
      });

      it('answers undefined when updating a missing passkey, and creates nothing', async () => {
        const store = await storeWith(makeStore, 'ada');
        assert.equal(await store.updatePasskey('missing', { name: 'x' }), undefined);
        assert.equal(await store.updatePasskey('missing', { counter: 1 }, { counter: 0 }), undefined);
        assert.equal(await store.getPasskey('missing'), undefined);
        assert.deepEqual(await store.listPasskeys('u-ada'), []);
      });

      it('hands out copies', async () => {
        const store = await storeWith(makeStore, 'ada');
        const created = passkey('u-ada', 0);
        await store.createPasskey(created);
        created.transports.push('usb');
        const read = await store.getPasskey(created.id);
        read.name = 'changed after read';
        read.transports.push('nfc');
        assert.deepEqual(await store.getPasskey(created.id), passkey('u-ada', 0));
      });

      describe('counter compare-and-set', () => {
        it('updates when the stored counter is the expected one', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 3));
          const patch = { counter: 4, lastUsedAt: '2025-05-01T00:00:00.000Z' };
          assert.deepEqual(await store.updatePasskey('pk-u-ada-3', patch, { counter: 3 }), {
            ...passkey('u-ada', 3),
            ...patch,
          });
          assert.equal((await store.getPasskey('pk-u-ada-3')).counter, 4);
        });

        it('changes nothing when the stored counter is another one', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 3));
          const patch = { counter: 9, name: 'Not this time' };
          assert.equal(await store.updatePasskey('pk-u-ada-3', patch, { counter: 2 }), undefined);
          assert.equal(await store.updatePasskey('pk-u-ada-3', patch, { counter: 4 }), undefined);
          assert.deepEqual(await store.getPasskey('pk-u-ada-3'), passkey('u-ada', 3));
        });

        it('lets only one of two sign-ins presenting the same counter win', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 0));
          const results = await Promise.all([
            store.updatePasskey('pk-u-ada-0', { counter: 1, name: 'first' }, { counter: 0 }),
            store.updatePasskey('pk-u-ada-0', { counter: 1, name: 'second' }, { counter: 0 }),
          ]);
          const winners = results.filter(Boolean);
          assert.equal(winners.length, 1);
          assert.deepEqual(await store.getPasskey('pk-u-ada-0'), winners[0]);
        });

        it('takes an expected counter of 0 as a value', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 5));
          assert.equal(await store.updatePasskey('pk-u-ada-5', { counter: 6 }, { counter: 0 }), undefined);
          assert.equal((await store.getPasskey('pk-u-ada-5')).counter, 5);
        });
      });

      describe('delete', () => {
        it('deletes a passkey once, leaving the others', async () => {
          const store = await storeWith(makeStore, 'ada');
          const [a, b] = [passkey('u-ada', 0), passkey('u-ada', 1)];
          await store.createPasskey(a);
          await store.createPasskey(b);
          assert.equal(await store.deletePasskey(a.id), 'deleted');
          assert.equal(await store.deletePasskey(a.id), 'missing');
          assert.equal(await store.deletePasskey('missing'), 'missing');
          assert.equal(await store.getPasskey(a.id), undefined);
          assert.equal(await store.getPasskeyByCredentialId(a.credentialId), undefined);
          assert.deepEqual(await store.listPasskeys('u-ada'), [b]);
        });

        it('deletes the only passkey without keepLast', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 0));
          assert.equal(await store.deletePasskey('pk-u-ada-0', { keepLast: false }), 'deleted');
          assert.deepEqual(await store.listPasskeys('u-ada'), []);
        });

        it('refuses to delete the only passkey with keepLast', async () => {
          const store = await storeWith(makeStore, 'ada', 'bob');
          await store.createPasskey(passkey('u-ada', 0));
          await store.createPasskey(passkey('u-bob', 0)); // another account's passkey does not count
          assert.equal(await store.deletePasskey('pk-u-ada-0', { keepLast: true }), 'last');
          assert.deepEqual(await store.listPasskeys('u-ada'), [passkey('u-ada', 0)]);
          assert.equal(await store.deletePasskey('missing', { keepLast: true }), 'missing');
        });

        it('deletes with keepLast while another passkey remains', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 0));
          await store.createPasskey(passkey('u-ada', 1));
          assert.equal(await store.deletePasskey('pk-u-ada-0', { keepLast: true }), 'deleted');
          assert.equal(await store.deletePasskey('pk-u-ada-1', { keepLast: true }), 'last');
          assert.deepEqual(await store.listPasskeys('u-ada'), [passkey('u-ada', 1)]);
        });

        it('leaves one of the last two passkeys when both are deleted at once with keepLast', async () => {
          const store = await storeWith(makeStore, 'ada');
          await store.createPasskey(passkey('u-ada', 0));
          await store.createPasskey(passkey('u-ada', 1));
          const results = await Promise.all([
            store.deletePasskey('pk-u-ada-0', { keepLast: true }),
            store.deletePasskey('pk-u-ada-1', { keepLast: true }),
          ]);
          assert.deepEqual([...results].sort(), ['deleted', 'last']);
          assert.equal((await store.listPasskeys('u-ada')).length, 1);
        });
      });
    });

    describe('sessions', () => {
      it('creates and finds sessions, with or without optional fields', async () => {
        const store = await storeWith(makeStore, 'ada');
        const full = session('s-full', 'u-ada');
        const minimal = session('s-minimal', 'u-ada', { minimal: true });
        await store.createSession(full);
        await store.createSession(minimal);
        assert.deepEqual(await store.getSession('s-full'), full);
        assert.deepEqual(await store.getSession('s-minimal'), minimal);
        assert.equal(await store.getSession('missing'), undefined);
      });

      it('updates the given fields', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createSession(session('s1', 'u-ada', { minimal: true }));
        await store.createSession(session('s2', 'u-ada'));
        const patch = { authenticatedAt: T0 + HOUR, lastSeenAt: T0 + 2 * HOUR, passkeyId: 'pk-u-ada-1' };
        assert.equal(await store.updateSession('s1', patch), true);
        assert.deepEqual(await store.getSession('s1'), { ...session('s1', 'u-ada', { minimal: true }), ...patch });
        assert.equal(await store.updateSession('s1', { lastSeenAt: T0 + 3 * HOUR }), true);
        assert.deepEqual(await store.getSession('s1'), {
          ...session('s1', 'u-ada', { minimal: true }),
          ...patch,
          lastSeenAt: T0 + 3 * HOUR,
        });
        assert.deepEqual(await store.getSession('s2'), session('s2', 'u-ada'), 'the other session is unchanged');
      });

      it('answers false when updating a missing session, and creates nothing', async () => {
        const store = await storeWith(makeStore, 'ada');
        assert.equal(await store.updateSession('missing', { lastSeenAt: T0 }), false);
        assert.equal(await store.getSession('missing'), undefined);
        assert.deepEqual(await store.listSessions('u-ada'), []);
      });

      it('deletes a session once', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createSession(session('s1', 'u-ada'));
        await store.createSession(session('s2', 'u-ada'));
        assert.equal(await store.deleteSession('s1'), true);
        assert.equal(await store.deleteSession('s1'), false);
        assert.equal(await store.deleteSession('missing'), false);
        assert.equal(await store.getSession('s1'), undefined);
        assert.deepEqual(await store.listSessions('u-ada'), [session('s2', 'u-ada')]);
      });

      it("lists exactly the user's sessions", async () => {
        const store = await storeWith(makeStore, 'ada', 'bob');
        const adas = [session('s-b', 'u-ada'), session('s-a', 'u-ada', { minimal: true })];
        for (const s of adas) await store.createSession(s);
        await store.createSession(session('s-bob', 'u-bob'));
        assert.deepEqual((await store.listSessions('u-ada')).sort(byId), [...adas].sort(byId));
        assert.deepEqual(await store.listSessions('u-bob'), [session('s-bob', 'u-bob')]);
        assert.deepEqual(await store.listSessions('u-nobody'), []);
      });

      describe('ending many', () => {
        /** Ada has s1, s2 (begun by pk 0), s3 (pk 1) and s4 (no passkey); Bob has b1 (his pk 0). */
        async function sessionsStore() {
          const store = await storeWith(makeStore, 'ada', 'bob');
          await store.createSession(session('s1', 'u-ada'));
          await store.createSession(session('s2', 'u-ada'));
          await store.createSession(session('s3', 'u-ada', { passkeyId: 'pk-u-ada-1' }));
          await store.createSession(session('s4', 'u-ada', { minimal: true }));
          await store.createSession(session('b1', 'u-bob'));
          return store;
        }
        const ids = async (store, userId) => (await store.listSessions(userId)).map((s) => s.id).sort();

        it("ends all the user's sessions", async () => {
          const store = await sessionsStore();
          assert.equal(await store.deleteSessions('u-ada'), 4);
          assert.deepEqual(await ids(store, 'u-ada'), []);
          assert.deepEqual(await ids(store, 'u-bob'), ['b1']);
          assert.equal(await store.deleteSessions('u-ada'), 0);
        });

        it('ends only those a passkey began', async () => {
          const store = await sessionsStore();
          assert.equal(await store.deleteSessions('u-ada', { passkeyId: 'pk-u-ada-0' }), 2);
          assert.deepEqual(await ids(store, 'u-ada'), ['s3', 's4']);
          assert.deepEqual(await ids(store, 'u-bob'), ['b1'], "Bob's pk 0 is another passkey");
        });

        it('keeps the one given as exceptId', async () => {
          const store = await sessionsStore();
          assert.equal(await store.deleteSessions('u-ada', { exceptId: 's3' }), 3);
          assert.deepEqual(await ids(store, 'u-ada'), ['s3']);
        });

        it('combines both filters', async () => {
          const store = await sessionsStore();
          assert.equal(await store.deleteSessions('u-ada', { passkeyId: 'pk-u-ada-0', exceptId: 's1' }), 1);
          assert.deepEqual(await ids(store, 'u-ada'), ['s1', 's3', 's4']);
          assert.equal(await store.deleteSessions('u-ada', { exceptId: 'b1' }), 3, "another user's id spares none");
          assert.deepEqual(await ids(store, 'u-bob'), ['b1']);
        });
      });

      it('hands out copies', async () => {
        const store = await storeWith(makeStore, 'ada');
        const created = session('s1', 'u-ada');
        await store.createSession(created);
        created.lastSeenAt = 0;
        const read = await store.getSession('s1');
        read.userId = 'changed after read';
        const [listed] = await store.listSessions('u-ada');
        listed.expiresAt = 0;
        assert.deepEqual(await store.getSession('s1'), session('s1', 'u-ada'));
      });
    });

    describe('used challenges', () => {
      it('records a challenge as used once', async () => {
        const store = await makeStore();
        assert.equal(await store.useChallenge('c1', T0 + 300_000), true);
        assert.equal(await store.useChallenge('c1', T0 + 300_000), false);
        assert.equal(await store.useChallenge('c1', T0 + 900_000), false, 'a later expiry is no way round');
        assert.equal(await store.useChallenge('c2', T0 + 300_000), true, 'another challenge is apart');
      });

      it('lets only one of two simultaneous uses through', async () => {
        const store = await makeStore();
        const results = await Promise.all([
          store.useChallenge('c1', T0 + 300_000),
          store.useChallenge('c1', T0 + 300_000),
        ]);
        assert.deepEqual([...results].sort(), [false, true]);
      });
    });

    describe('rate-limit windows', () => {
      const MINUTE = 60_000;

      it('counts hits in a window that starts with the first', async () => {
        const store = await makeStore();
        assert.deepEqual(await store.hit('ip:1', MINUTE, T0), { count: 1, resetAt: T0 + MINUTE });
        assert.deepEqual(await store.hit('ip:1', MINUTE, T0 + 10_000), { count: 2, resetAt: T0 + MINUTE });
        assert.deepEqual(await store.hit('ip:1', MINUTE, T0 + MINUTE - 1), { count: 3, resetAt: T0 + MINUTE });
        assert.deepEqual(await store.hit('ip:2', MINUTE, T0 + 10_000), { count: 1, resetAt: T0 + 10_000 + MINUTE });
      });

      it('reads the count without counting', async () => {
        const store = await makeStore();
        assert.equal(await store.getHits('ip:1', T0), undefined);
        await store.hit('ip:1', MINUTE, T0);
        await store.hit('ip:1', MINUTE, T0);
        assert.deepEqual(await store.getHits('ip:1', T0 + 1), { count: 2, resetAt: T0 + MINUTE });
        assert.deepEqual(await store.getHits('ip:1', T0 + MINUTE - 1), { count: 2, resetAt: T0 + MINUTE });
        assert.equal(await store.getHits('ip:2', T0), undefined);
      });

      it('starts a new window at resetAt', async () => {
        const store = await makeStore();
        await store.hit('ip:1', MINUTE, T0);
        await store.hit('ip:1', MINUTE, T0 + 1);
        assert.equal(await store.getHits('ip:1', T0 + MINUTE), undefined, 'the window has ended');
        assert.equal(await store.getHits('ip:1', T0 + 5 * MINUTE), undefined);
        const later = T0 + MINUTE;
        assert.deepEqual(await store.hit('ip:1', 2 * MINUTE, later), { count: 1, resetAt: later + 2 * MINUTE });
        assert.deepEqual(await store.getHits('ip:1', later), { count: 1, resetAt: later + 2 * MINUTE });
      });

      it('counts every one of many simultaneous hits', async () => {
        const store = await makeStore();
        const results = await Promise.all(Array.from({ length: 10 }, () => store.hit('ip:1', MINUTE, T0)));
        assert.deepEqual(
          results.map((r) => r.count).sort((a, b) => a - b),
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        );
        assert.deepEqual(await store.getHits('ip:1', T0), { count: 10, resetAt: T0 + MINUTE });
      });
    });

    describe('purge', () => {
      it('removes expired sessions and keeps live ones', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createSession(session('old', 'u-ada', { expiresAt: T0 + HOUR }));
        await store.createSession(session('ends-now', 'u-ada', { expiresAt: T0 + 2 * HOUR }));
        await store.createSession(session('live', 'u-ada', { expiresAt: T0 + 3 * HOUR }));
        await store.purge(T0 + 2 * HOUR);
        assert.equal(await store.getSession('old'), undefined);
        assert.equal(await store.getSession('ends-now'), undefined);
        assert.deepEqual(await store.getSession('live'), session('live', 'u-ada', { expiresAt: T0 + 3 * HOUR }));
        assert.deepEqual(
          (await store.listSessions('u-ada')).map((s) => s.id),
          ['live'],
        );
      });

      it('forgets a used challenge only once it has expired', async () => {
        const store = await makeStore();
        await store.useChallenge('c-old', T0 + 1000);
        await store.useChallenge('c-live', T0 + 5000);
        await store.purge(T0 + 999);
        assert.equal(await store.useChallenge('c-old', T0 + 1000), false, 'not yet expired: still used');
        await store.purge(T0 + 1000);
        assert.equal(await store.useChallenge('c-live', T0 + 5000), false, 'still used');
        assert.equal(await store.useChallenge('c-old', T0 + 1000), true, 'purged after it expired');
      });

      it('removes ended windows and keeps live ones', async () => {
        const store = await makeStore();
        await store.hit('ended', 1000, T0);
        await store.hit('ends-now', 2000, T0);
        await store.hit('live', 5000, T0);
        await store.hit('live', 5000, T0);
        await store.purge(T0 + 2000);
        // Asked about an earlier time, a window still stored would answer: these are gone.
        assert.equal(await store.getHits('ended', T0), undefined);
        assert.equal(await store.getHits('ends-now', T0), undefined);
        assert.deepEqual(await store.getHits('live', T0 + 2000), { count: 2, resetAt: T0 + 5000 });
        assert.deepEqual(await store.hit('live', 5000, T0 + 2000), { count: 3, resetAt: T0 + 5000 });
      });

      it('keeps users and passkeys', async () => {
        const store = await storeWith(makeStore, 'ada');
        await store.createPasskey(passkey('u-ada', 0));
        await store.purge(T0 + 365 * 24 * HOUR);
        assert.deepEqual(await store.getUser('u-ada'), user('ada'));
        assert.deepEqual(await store.listPasskeys('u-ada'), [passkey('u-ada', 0)]);
      });
    });
  });
}
