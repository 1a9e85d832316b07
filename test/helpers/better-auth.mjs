// Test-server side: a real Better Auth server with its passkey plugin, mounted
// in the test server under /api/auth, for the Better Auth adapter's tests; and
// the same accounts under /api/auth-sign-up with passkey-first sign-up on, as
// docs/adapters.md#passkey-first-sign-up configures it. Two mounts, because
// `requireSession: false` also drops Better Auth's fresh-session check on
// registration, which the tests of /api/auth rely on ("Confirm it's you").
import { passkey } from '@better-auth/passkey';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { APIError } from 'better-auth/api';
import { toNodeHandler } from 'better-auth/node';

export const BETTER_AUTH_BASE = '/api/auth';
export const BETTER_AUTH_SIGN_UP_BASE = '/api/auth-sign-up';

// ---- passkey-first sign-up: the snippet of docs/adapters.md ----

/** The names `<passkey-sign-up>` sent (the adapter's `context`), or refuses them as the card expects. */
function signUpNames(context) {
  // No names: not a sign-up, but an add from someone whose session has gone.
  if (!context) throw APIError.from('UNAUTHORIZED', { code: 'SESSION_REQUIRED', message: 'Sign in first.' });
  let names;
  try {
    names = JSON.parse(context);
  } catch {
    names = undefined;
  }
  const username = typeof names?.username === 'string' ? names.username.trim() : '';
  // The username is the account's email here.
  if (!/^[^\s@]+@[^\s@]+$/.test(username) || username.length > 254) {
    throw APIError.from('BAD_REQUEST', { code: 'INVALID_USERNAME', message: 'That username can’t be used.' });
  }
  const displayName = typeof names.displayName === 'string' ? names.displayName.trim() : '';
  return { username, displayName };
}

const passkeySignUp = {
  requireSession: false,
  // Only names the account-to-be: creating it here would leave one behind when the user cancels the prompt.
  async resolveUser({ ctx, context }) {
    const { username, displayName } = signUpNames(context);
    if (await ctx.context.internalAdapter.findUserByEmail(username)) {
      throw APIError.from('CONFLICT', { code: 'USERNAME_TAKEN', message: 'That username is taken.' });
    }
    // Better Auth wants an id here; the account gets its own (createUser picks it) in afterVerification.
    return { id: crypto.randomUUID(), name: username, displayName: displayName || username };
  },
  // The passkey verified: now the account exists.
  async afterVerification({ ctx, user, context }) {
    // A signed-in user adding a passkey: Better Auth resolved their account, the passkey goes there.
    if (await ctx.context.internalAdapter.findUserById(user.id)) return;
    const { username, displayName } = signUpNames(context);
    // Taken since the options were given: never add a passkey to someone else's account.
    if (await ctx.context.internalAdapter.findUserByEmail(username)) {
      throw APIError.from('CONFLICT', { code: 'USERNAME_TAKEN', message: 'That username is taken.' });
    }
    const created = await ctx.context.internalAdapter.createUser({
      email: username,
      name: displayName || user.name,
      emailVerified: false,
    });
    return { userId: created.id };
  },
};

export function createBetterAuthMiddleware() {
  // One server per origin: the passkey plugin checks the page's origin, which
  // is only known (port included) once the first request arrives.
  const servers = new Map(); // origin -> { db, handler, signUpHandler }

  function serverFor(origin) {
    let server = servers.get(origin);
    if (!server) {
      // The memory adapter needs every table to exist up front.
      const db = { user: [], session: [], account: [], verification: [], passkey: [] };
      // One database and secret for both mounts: their sessions (cookies) are the same accounts' sessions.
      const auth = (basePath, registration) =>
        betterAuth({
          database: memoryAdapter(db),
          baseURL: origin,
          basePath,
          secret: 'better-auth-test-secret-better-auth-test-secret',
          emailAndPassword: { enabled: true },
          telemetry: { enabled: false },
          // Failures the tests provoke on purpose are not worth a stack trace.
          logger: { level: 'error' },
          plugins: [passkey({ rpID: 'localhost', rpName: 'passkey-elements tests', origin, registration })],
        });
      server = {
        db,
        handler: toNodeHandler(auth(BETTER_AUTH_BASE)),
        signUpHandler: toNodeHandler(auth(BETTER_AUTH_SIGN_UP_BASE, passkeySignUp)),
      };
      servers.set(origin, server);
    }
    return server;
  }

  const middleware = async (ctx, next) => {
    const signUp = ctx.path.startsWith(`${BETTER_AUTH_SIGN_UP_BASE}/`);
    if (!signUp && !ctx.path.startsWith(`${BETTER_AUTH_BASE}/`)) return next();
    const server = serverFor(ctx.origin);
    const handler = signUp ? server.signUpHandler : server.handler;
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
        // How many accounts have that email: a cancelled sign-up leaves none, a taken name no second one.
        case 'better-auth:accounts':
          return [...servers.values()].flatMap(({ db }) => db.user).filter((u) => u.email === payload.email).length;
        // How many sessions Better Auth holds for a user (a sign-up opens one, adding a passkey none).
        case 'better-auth:sessions': {
          const found = userOf(payload.email);
          return found ? found.db.session.filter((s) => s.userId === found.user.id).length : 0;
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
