// Test-server side: a real Better Auth server with its passkey plugin, mounted
// in the test server under /api/auth, for the Better Auth adapter's tests.
import { passkey } from '@better-auth/passkey';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';

export const BETTER_AUTH_BASE = '/api/auth';

export function createBetterAuthMiddleware() {
  // One server per origin: the passkey plugin checks the page's origin, which
  // is only known (port included) once the first request arrives.
  const servers = new Map(); // origin -> { db, handler }

  function serverFor(origin) {
    let server = servers.get(origin);
    if (!server) {
      // The memory adapter needs every table to exist up front.
      const db = { user: [], session: [], account: [], verification: [], passkey: [] };
      const auth = betterAuth({
        database: memoryAdapter(db),
        baseURL: origin,
        secret: 'better-auth-test-secret-better-auth-test-secret',
        emailAndPassword: { enabled: true },
        telemetry: { enabled: false },
        // Failures the tests provoke on purpose are not worth a stack trace.
        logger: { level: 'error' },
        plugins: [passkey({ rpID: 'localhost', rpName: 'passkey-elements tests', origin })],
      });
      server = { db, handler: toNodeHandler(auth) };
      servers.set(origin, server);
    }
    return server;
  }

  const middleware = async (ctx, next) => {
    if (!ctx.path.startsWith(`${BETTER_AUTH_BASE}/`)) return next();
    const { handler } = serverFor(ctx.origin);
    ctx.respond = false;
    await new Promise((resolve, reject) => {
      ctx.res.on('finish', resolve);
      ctx.res.on('close', resolve);
      Promise.resolve(handler(ctx.req, ctx.res)).catch(reject);
    });
  };

  const userOf = (email) =>
    [...servers.values()]
      .flatMap(({ db }) => db.user.map((user) => ({ user, db })))
      .find(({ user }) => user.email === email);

  const plugin = {
    name: 'better-auth-backend',
    async executeCommand({ command, payload }) {
      if (!command.startsWith('better-auth:')) return undefined;
      switch (command) {
        // The passkeys Better Auth stored for a user, as plain JSON (no public key).
        case 'better-auth:passkeys': {
          const found = userOf(payload.email);
          if (!found) return null;
          return found.db.passkey
            .filter((p) => p.userId === found.user.id)
            .map(({ publicKey: _publicKey, createdAt, ...p }) => ({
              ...p,
              createdAt: createdAt instanceof Date ? createdAt.toISOString() : createdAt,
            }));
        }
        // Forgets a passkey on the server only, as if deleted from another device.
        case 'better-auth:forget-passkey': {
          for (const { db } of servers.values()) {
            const index = db.passkey.findIndex((p) => p.credentialID === payload.credentialId);
            if (index !== -1) {
              db.passkey.splice(index, 1);
              return true;
            }
          }
          return false;
        }
        // The user's sessions were opened two days ago: past `session.freshAge` (a day), so
        // adding a passkey needs a fresh sign-in.
        case 'better-auth:stale-sessions': {
          const found = userOf(payload.email);
          if (!found) return 0;
          const sessions = found.db.session.filter((s) => s.userId === found.user.id);
          for (const s of sessions) s.createdAt = new Date(Date.now() - 2 * 86_400_000);
          return sessions.length;
        }
        default:
          throw new Error(`Unknown command ${command}`);
      }
    },
  };

  return { middleware, plugin };
}
