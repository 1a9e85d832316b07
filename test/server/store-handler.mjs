// The reference backend on a database store, end to end: two handler instances
// sharing one database and one secret, with one browser whose requests a load
// balancer sends to either, behave as one server.
// `runHandlerOnStores(name, makeStores)` defines the suite; `makeStores()`
// resolves to two stores on the same tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPasskeyHandler } from '../../dist/server/index.js';
import { BASE, ORIGIN, createBrowser } from './browser.mjs';

const SECRET = 'one-secret-for-every-instance-0123456789';

export function runHandlerOnStores(name, makeStores) {
  describe(`${name}: two handler instances on one database`, () => {
    it('behave as one server', async () => {
      const [one, two] = await makeStores();
      const options = { rpID: 'localhost', origins: ORIGIN, secret: SECRET };
      const instances = [
        createPasskeyHandler({ ...options, store: one }),
        createPasskeyHandler({ ...options, store: two }),
      ];
      let turn = 0;
      const balancer = (request, info) => instances[turn++ % 2](request, info);
      const browser = createBrowser(balancer);

      const signedUp = await browser.signUp('ada'); // options from one instance, verify on the other
      assert.equal(signedUp.status, 200, signedUp.text);
      const list = await browser.call('GET', '/passkeys');
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(
        list.json.passkeys.map((p) => p.credentialId),
        [signedUp.key.id],
      );

      let answer;
      const signedIn = await browser.signIn(signedUp.key, { edit: (response) => (answer = structuredClone(response)) });
      assert.equal(signedIn.status, 200, signedIn.text);
      assert.equal(signedIn.json.user.username, 'ada');
      const replay = await browser.call('POST', '/authentication/verify', { body: answer });
      assert.equal(replay.status, 400, 'the other instance knows the challenge was used');
      assert.equal(replay.json.error.reason, 'challenge-expired');

      const cookie = browser.sessionCookie();
      for (const instance of instances) {
        const seen = await instance.getSession(new Request(BASE, { headers: { Cookie: cookie } }));
        assert.equal(seen?.user.username, 'ada');
      }
      const only = list.json.passkeys[0].id;
      assert.equal((await browser.call('DELETE', `/passkeys/${only}`)).status, 409, 'the last passkey is kept');
      const added = await browser.addPasskey();
      assert.equal(added.status, 200, added.text);
      assert.equal((await browser.call('DELETE', `/passkeys/${only}`)).status, 204);

      assert.equal((await browser.call('POST', '/session/sign-out')).status, 204);
      for (const instance of instances) {
        assert.equal(await instance.getSession(new Request(BASE, { headers: { Cookie: cookie } })), null);
      }
    });
  });
}
