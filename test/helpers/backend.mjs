// Test-server side: the reference backend mounted in the test server, plus
// a few routes that misbehave on purpose for the failure tests.
import { createPasskeyHandler, toNodeListener } from '../../dist/server/index.js';

import { readFile } from 'node:fs/promises';

export const BASE = '/api/passkeys';

// The policy the README asks pages to allow: nothing inline, Trusted Types for lit-html only.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

export function createTestBackend() {
  const handler = createPasskeyHandler({
    basePath: BASE,
    rpName: 'passkey-elements tests',
    secret: 'test-secret-test-secret-test-secret',
  });
  const listener = toNodeListener(handler);

  // Replies for `${endpoint}` = /fault/<kind>: each route of the REST contract answers the same way.
  const faults = {
    500: (res) => json(res, 500, { error: { code: 'server', message: 'Database is down' } }),
    'html-500': (res) => send(res, 500, 'text/html', '<!doctype html><h1>502 Bad Gateway</h1>'),
    malformed: (res) => send(res, 200, 'application/json', '{"challenge": "abc",'),
    'wrong-shape': (res) => json(res, 200, ['not', 'an', 'object']),
    429: (res) => json(res, 429, { error: { code: 'rate-limited', message: 'Slow down' } }),
    401: (res) => send(res, 401, 'text/plain', 'Unauthorized'),
    hang: () => {}, // never answers
  };

  const middleware = async (ctx, next) => {
    if (ctx.path.startsWith(`${BASE}/`)) {
      ctx.respond = false;
      await new Promise((resolve) => {
        ctx.res.on('finish', resolve);
        ctx.res.on('close', resolve);
        listener(ctx.req, ctx.res);
      });
      return;
    }
    if (ctx.path === '/test/csp/' || ctx.path === '/test/csp/index.html') {
      ctx.set('Content-Security-Policy', STRICT_CSP);
      ctx.type = 'html';
      ctx.body = await readFile(new URL('../csp/index.html', import.meta.url), 'utf8');
      return;
    }
    const fault = /^\/fault\/([^/]+)\//.exec(ctx.path);
    if (fault && faults[fault[1]]) {
      ctx.respond = false;
      faults[fault[1]](ctx.res);
      return;
    }
    await next();
  };

  const plugin = {
    name: 'reference-backend',
    async executeCommand({ command, payload }) {
      if (!command.startsWith('backend:')) return undefined;
      const store = handler.store;
      switch (command) {
        case 'backend:user': {
          const user = await store.getUserByUsername(payload.username);
          if (!user) return null;
          const passkeys = await store.listPasskeys(user.id);
          return { ...user, passkeys: passkeys.map(({ publicKey, ...p }) => p) };
        }
        case 'backend:delete-passkey-by-credential': {
          const passkey = await store.getPasskeyByCredentialId(payload.credentialId);
          if (passkey) await store.deletePasskey(passkey.id);
          return Boolean(passkey);
        }
        case 'backend:seed-passkeys': {
          // List entries only (no usable key): for tests of how the profile shows them.
          const user = await store.getUserByUsername(payload.username);
          if (!user) throw new Error(`No user ${payload.username}`);
          const created = [];
          for (const [i, p] of payload.passkeys.entries()) {
            const passkey = {
              id: `seed-${Date.now().toString(36)}-${i}-${Math.random().toString(36).slice(2, 8)}`,
              userId: user.id,
              credentialId: `seed${i}${Math.random().toString(36).slice(2)}`,
              publicKey: 'AA',
              counter: 0,
              backedUp: false,
              deviceType: 'singleDevice',
              createdAt: new Date(Date.now() - (payload.passkeys.length - i) * 86_400_000).toISOString(),
              name: `Seeded ${i + 1}`,
              ...p,
            };
            await store.createPasskey(passkey);
            created.push(passkey.id);
          }
          return created;
        }
        default:
          throw new Error(`Unknown command ${command}`);
      }
    },
  };
  return { middleware, plugin, handler };
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}
function json(res, status, body) {
  send(res, status, 'application/json', JSON.stringify(body));
}
