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
    // Every test runs from 127.0.0.1: per-client limits would make tests depend on each other.
    rateLimits: false,
    // The elements' tests delete last passkeys freely; `last-…` users have only their passkeys.
    hasOtherSignInMethod: (user) => !user.username.startsWith('last-'),
  });
  const listener = toNodeListener(handler);

  // Replies for `${endpoint}` = /fault/<kind>: each route of the REST contract answers the same way.
  const faults = {
    500: (res) => json(res, 500, { error: { code: 'server', message: 'Database is down' } }),
    'html-500': (res) => send(res, 500, 'text/html', '<!doctype html><h1>502 Bad Gateway</h1>'),
    malformed: (res) => send(res, 200, 'application/json', '{"challenge": "abc",'),
    'wrong-shape': (res) => json(res, 200, ['not', 'an', 'object']),
    429: (res) => json(res, 429, { error: { code: 'rate-limited', message: 'Slow down' } }),
    // A 429 that says when to come back.
    'retry-after': (res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '30' });
      res.end(JSON.stringify({ error: { code: 'rate-limited', message: 'Slow down' } }));
    },
    401: (res) => send(res, 401, 'text/plain', 'Unauthorized'),
    hang: (res, req) => {
      // Never answers; the log tells a test whether the client gave up (closed the connection).
      const entry = { kind: 'hang', path: req.url, closed: false };
      faultLog.push(entry);
      res.on('close', () => (entry.closed = true));
    },
    // Headers and half a body, then the connection is cut.
    reset: (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
      res.write('{"challenge": "abc", "rpId": ');
      setTimeout(() => res.destroy(), 50);
    },
    // Request options without a challenge: unusable options.
    'no-challenge': (res) => json(res, 200, { rpId: 'localhost', timeout: 60000, userVerification: 'preferred' }),
    // A passkey list whose `passkeys` is not an array.
    'list-not-array': (res) =>
      json(res, 200, {
        passkeys: { 0: { id: 'a', name: 'A', createdAt: new Date(0).toISOString() } },
        rpId: 'localhost',
        userHandle: 'AA',
      }),
    // A passkey (and a list of one) without an `id`.
    'passkey-without-id': (res, req) =>
      json(
        res,
        200,
        req.method === 'GET'
          ? [{ name: 'No id', createdAt: new Date(0).toISOString(), credentialId: 'AAAA' }]
          : { name: 'No id', createdAt: new Date(0).toISOString(), credentialId: 'AAAA' },
      ),
  };

  // The error code a real server would put in a JSON body with each status.
  const codeForStatus = {
    400: 'verification-failed',
    401: 'unauthorized',
    403: 'unauthorized',
    404: 'unknown-credential',
    409: 'already-registered',
    429: 'rate-limited',
    500: 'server',
    503: 'server',
  };
  // Requests the fault routes saw (for tests that check a request was given up).
  const faultLog = [];

  /**
   * `/fault/status/<status>/json/…`: that status with `{"error": {code, message}}`;
   * `/fault/status/<status>/empty/…`: that status with no body at all.
   */
  function statusFault(ctx, status, variant) {
    if (variant === 'empty') {
      ctx.res.writeHead(status);
      ctx.res.end();
    } else {
      const code = codeForStatus[status] ?? 'server';
      json(ctx.res, status, { error: { code, message: `Fault ${status}` } });
    }
  }

  /** `/fault/slow/<ms>/…`: the reference backend's own answer, `ms` milliseconds late. */
  function slowFault(ctx, ms, rest) {
    const entry = { kind: 'slow', path: ctx.req.url, closed: false, answered: false };
    faultLog.push(entry);
    ctx.res.on('close', () => (entry.closed = true));
    setTimeout(() => {
      if (entry.closed) return;
      entry.answered = true;
      ctx.req.url = `${BASE}/${rest}`;
      listener(ctx.req, ctx.res);
    }, ms);
  }

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
    const status = /^\/fault\/status\/(\d{3})\/(json|empty)\//.exec(ctx.path);
    if (status) {
      ctx.respond = false;
      statusFault(ctx, Number(status[1]), status[2]);
      return;
    }
    const slow = /^\/fault\/slow\/(\d{1,5})\/(.*)$/.exec(ctx.url);
    if (slow) {
      ctx.respond = false;
      slowFault(ctx, Number(slow[1]), slow[2]);
      return;
    }
    const fault = /^\/fault\/([^/]+)\//.exec(ctx.path);
    if (fault && faults[fault[1]]) {
      ctx.respond = false;
      faults[fault[1]](ctx.res, ctx.req);
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
              // 22 base64url characters (16 bytes): a length that decodes, so excludeCredentials stays usable.
              credentialId: `seed${i}${Math.random().toString(36).slice(2)}${'0'.repeat(22)}`.slice(0, 22),
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
        case 'backend:stale-sessions': {
          // The user's sessions last checked a passkey an hour ago: adding or deleting one then needs a confirmation.
          const user = await store.getUserByUsername(payload.username);
          if (!user) throw new Error(`No user ${payload.username}`);
          const sessions = await store.listSessions(user.id);
          for (const s of sessions) await store.updateSession(s.id, { authenticatedAt: Date.now() - 3_600_000 });
          return sessions.length;
        }
        case 'backend:has-user':
          // `backend:user` answers null for a missing user, which the test runner reads as "not handled".
          return Boolean(await store.getUserByUsername(payload.username));
        case 'backend:fault-log':
          // Entries whose path contains `payload.contains` (all of them without it).
          return faultLog.filter((e) => !payload?.contains || e.path.includes(payload.contains));
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
