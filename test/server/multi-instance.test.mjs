// Two handler processes behind a round-robin proxy, sharing one PostgreSQL
// database and one secret, behave as one server: a ceremony begun on one
// instance ends on the other, and a sign-out on one ends the session on both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { startPostgres } from '../helpers/postgres.mjs';
import { createBrowser } from './browser.mjs';
import { createSoftAuthenticator } from './soft-authenticator.mjs';

const postgres = await startPostgres();

describe('two instances on one PostgreSQL database', { skip: postgres.skip }, () => {
  const instances = [];
  let proxy;
  let origin;
  let turn = 0;
  const seen = [];

  async function startInstance() {
    const child = spawn(
      process.execPath,
      [new URL('./fixtures/instance.mjs', import.meta.url).pathname, JSON.stringify(postgres.config), origin],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = await once(child.stdout, 'data');
    return { child, port: Number(String(line).trim()) };
  }

  before(async () => {
    // The proxy first: the instances need its origin. `X-Instance: 0|1` picks one, else round-robin.
    proxy = createServer((req, res) => {
      const pick = req.headers['x-instance'] === undefined ? turn++ % 2 : Number(req.headers['x-instance']);
      seen.push(pick);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: instances[pick].port, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode, reply.headers);
          reply.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    origin = `http://localhost:${proxy.address().port}`;
    instances.push(await startInstance(), await startInstance());
  });

  after(async () => {
    for (const { child } of instances) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    proxy?.close();
    await postgres.stop();
  });

  /** A browser whose requests go through the proxy (to instance `pin`, when given). */
  function browserThrough(pin) {
    const state = { pin };
    const viaProxy = (request) => {
      const headers = new Headers(request.headers);
      if (state.pin !== undefined) headers.set('X-Instance', String(state.pin));
      return fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        duplex: 'half',
        redirect: 'manual',
      });
    };
    return { ...createBrowser(viaProxy, { origin, url: `${origin}/api/passkeys` }), state };
  }

  it('signs up on A, signs in on B, signs out on B, and A refuses the old cookie', async () => {
    const key = await createSoftAuthenticator({ origin });
    const browser = browserThrough(0);
    const signedUp = await browser.signUp('shared-ada', key);
    assert.equal(signedUp.status, 200, signedUp.text);

    browser.state.pin = 1;
    const signedIn = await browser.signIn(key);
    assert.equal(signedIn.status, 200, signedIn.text);
    const cookie = browser.sessionCookie();

    browser.state.pin = 0;
    assert.equal((await browser.call('GET', '/passkeys')).json.passkeys.length, 1, 'A knows the session B made');

    browser.state.pin = 1;
    assert.equal((await browser.call('POST', '/session/sign-out')).status, 204);

    const replay = browserThrough(0);
    const refused = await replay.call('GET', '/passkeys', { cookie });
    assert.equal(refused.status, 401, refused.text);
    assert.deepEqual((await replay.call('GET', '/session', { cookie })).json, { user: null });
  });

  it('finishes on one instance a ceremony begun on the other, once', async () => {
    const key = await createSoftAuthenticator({ origin });
    const browser = browserThrough(); // round-robin: options and verify land on different instances
    const from = seen.length;
    assert.equal((await browser.signUp('shared-grace', key)).status, 200);
    assert.equal((await browser.addPasskey()).status, 200);
    const options = await browser.call('POST', '/authentication/options', { body: {} });
    const response = await key.authenticate(options.json);
    assert.equal((await browser.call('POST', '/authentication/verify', { body: response })).status, 200);
    const replay = await browser.call('POST', '/authentication/verify', { body: response });
    assert.equal(replay.json.error.reason, 'challenge-expired', 'the other instance knows it was used');
    assert.deepEqual(new Set(seen.slice(from)), new Set([0, 1]));
  });

  it('passes the conformance kit through the round-robin proxy', async () => {
    const cli = new URL('../../dist/conformance/cli.js', import.meta.url).pathname;
    // Not spawnSync: the proxy runs in this process.
    const child = spawn(process.execPath, [cli, `${origin}/api/passkeys`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const [code] = await once(child, 'exit');
    assert.match(stdout.trimEnd().split('\n').at(-1), /^\d+ passed, 0 failed$/, stdout);
    assert.equal(code, 0);
  });

  it('keeps the last passkey across instances deleting at once', async () => {
    const browser = browserThrough(0);
    await browser.signUp('shared-last');
    await browser.addPasskey();
    const rows = (await browser.call('GET', '/passkeys')).json.passkeys;
    const a = browserThrough(0);
    const b = browserThrough(1);
    for (const other of [a, b]) other.jar.set(...browser.sessionCookie().split('='));
    const results = await Promise.all([
      a.call('DELETE', `/passkeys/${rows[0].id}`),
      b.call('DELETE', `/passkeys/${rows[1].id}`),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [204, 409]);
    assert.equal((await browser.call('GET', '/passkeys')).json.passkeys.length, 1);
  });
});
