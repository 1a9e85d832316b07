// The behaviour every PasskeyStore must have, whatever keeps the data.
// `runStoreContract(name, makeStore)` defines one suite; `makeStore({ now, maxChallenges })`
// returns (or resolves to) a new, empty store.
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

const challenge = (id, expiresAt, extra = {}) => ({ challenge: id, kind: 'authentication', expiresAt, ...extra });

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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
        const store = await makeStore();
        await store.createUser(user('ada'));
        await assert.rejects(store.createUser(user('ada', { id: 'u-other', webauthnUserId: 'handle-other' })));
        assert.equal(await store.getUser('u-other'), undefined);
        assert.deepEqual(await store.getUserByUsername('ada'), user('ada'));
      });

      it('matches usernames exactly', async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
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
        const store = await makeStore();
        await store.createUser(user('ada'));
        const full = passkey('u-ada', 0);
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
        const store = await makeStore();
        await store.createUser(user('ada'));
        await store.createPasskey(passkey('u-ada', 0, { transports: [] }));
        assert.deepEqual((await store.getPasskey('pk-u-ada-0')).transports, []);
      });

      it("lists exactly the user's passkeys", async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
        await store.createUser(user('bob'));
        // Created newest first: the handler sorts, the store may return any order.
        const adas = [passkey('u-ada', 2), passkey('u-ada', 0, { minimal: true }), passkey('u-ada', 1)];
        for (const p of adas) await store.createPasskey(p);
        await store.createPasskey(passkey('u-bob', 0));
        assert.deepEqual((await store.listPasskeys('u-ada')).sort(byId), [...adas].sort(byId));
        assert.deepEqual(await store.listPasskeys('u-bob'), [passkey('u-bob', 0)]);
        assert.deepEqual(await store.listPasskeys('u-nobody'), []);
      });

      it('updates the given fields and returns the updated passkey', async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
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

      it('answers undefined when updating a missing passkey, and creates nothing', async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
        assert.equal(await store.updatePasskey('missing', { name: 'x' }), undefined);
        assert.equal(await store.getPasskey('missing'), undefined);
        assert.deepEqual(await store.listPasskeys('u-ada'), []);
      });

      it('deletes a passkey once, leaving the others', async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
        const [a, b] = [passkey('u-ada', 0), passkey('u-ada', 1)];
        await store.createPasskey(a);
        await store.createPasskey(b);
        assert.equal(await store.deletePasskey(a.id), true);
        assert.equal(await store.deletePasskey(a.id), false);
        assert.equal(await store.deletePasskey('missing'), false);
        assert.equal(await store.getPasskey(a.id), undefined);
        assert.equal(await store.getPasskeyByCredentialId(a.credentialId), undefined);
        assert.deepEqual(await store.listPasskeys('u-ada'), [b]);
      });

      it('hands out copies', async () => {
        const store = await makeStore();
        await store.createUser(user('ada'));
        const created = passkey('u-ada', 0);
        await store.createPasskey(created);
        created.transports.push('usb');
        const read = await store.getPasskey(created.id);
        read.name = 'changed after read';
        read.transports.push('nfc');
        assert.deepEqual(await store.getPasskey(created.id), passkey('u-ada', 0));
      });
    });

    describe('challenges', () => {
      const later = () => Date.now() + 60_000;

      it('gives back what was saved, once', async () => {
        const store = await makeStore();
        const forUser = challenge('c-user', later(), { kind: 'registration', userId: 'u-ada' });
        const signUp = challenge('c-signup', later(), { kind: 'registration', pendingUser: user('newcomer') });
        const signIn = challenge('c-signin', later());
        for (const c of [forUser, signUp, signIn]) await store.saveChallenge(c);

        assert.deepEqual(await store.takeChallenge('c-signup'), signUp);
        assert.deepEqual(await store.takeChallenge('c-user'), forUser);
        assert.deepEqual(await store.takeChallenge('c-signin'), signIn);
        for (const id of ['c-signup', 'c-user', 'c-signin', 'never-issued']) {
          assert.equal(await store.takeChallenge(id), undefined, id);
        }
      });

      it('gives a challenge to only one of two simultaneous takers', async () => {
        const store = await makeStore();
        await store.saveChallenge(challenge('c1', later()));
        const results = await Promise.all([store.takeChallenge('c1'), store.takeChallenge('c1')]);
        assert.equal(results.filter(Boolean).length, 1);
      });

      it('drops expired challenges to make room', async () => {
        let time = Date.UTC(2025, 0, 1);
        const store = await makeStore({ now: () => time, maxChallenges: 2 });
        await store.saveChallenge(challenge('short', time + 1000));
        await store.saveChallenge(challenge('long', time + 5000));
        time += 2000;
        await store.saveChallenge(challenge('new', time + 1000));
        assert.equal(await store.takeChallenge('short'), undefined, 'the expired one went first');
        assert.ok(await store.takeChallenge('long'), 'the live one stayed');
        assert.ok(await store.takeChallenge('new'));
      });

      it('never hands back an expired challenge as live', async () => {
        let time = Date.UTC(2025, 0, 1);
        const store = await makeStore({ now: () => time });
        await store.saveChallenge(challenge('c1', time + 1000));
        time += 1000;
        // A store may drop it or return it: the handler then checks `expiresAt` itself.
        const taken = await store.takeChallenge('c1');
        assert.ok(taken === undefined || taken.expiresAt <= time);
      });

      it('keeps at most maxChallenges, dropping the oldest', async () => {
        const store = await makeStore({ maxChallenges: 3 });
        for (let i = 0; i < 5; i++) await store.saveChallenge(challenge(`c${i}`, later()));
        assert.equal(await store.takeChallenge('c0'), undefined, 'the oldest made room');
        assert.equal(await store.takeChallenge('c1'), undefined);
        for (const id of ['c2', 'c3', 'c4']) assert.ok(await store.takeChallenge(id), id);
      });

      it('counts only the challenges still waiting toward the bound', async () => {
        const store = await makeStore({ maxChallenges: 2 });
        await store.saveChallenge(challenge('a', later()));
        await store.saveChallenge(challenge('b', later()));
        assert.ok(await store.takeChallenge('b'));
        await store.saveChallenge(challenge('c', later()));
        assert.ok(await store.takeChallenge('a'), 'taking one made room: nothing was dropped');
        assert.ok(await store.takeChallenge('c'));
      });
    });
  });
}
