/**
 * Sessions kept in the store: the cookie carries a random 256-bit token and
 * the store only its SHA-256, so a copy of the database holds no working
 * cookie. Idle and absolute timeouts; an account keeps its most recent few.
 */
import { bytesToBase64url, randomBytes, sha256 } from './encoding.js';
import type { PasskeyStore, StoredSession, StoredUser } from './store.js';

export interface CurrentSession {
  session: StoredSession;
  user: StoredUser;
}

const MINUTE = 60_000;
const MAX_SESSIONS_PER_USER = 20;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface SessionOptions {
  store: PasskeyStore;
  now: () => number;
  idleMs: number;
  maxAgeMs: number;
  /** The key of the public session ids (a keyed hash of the store's id, for lists and challenges). */
  idKey: () => Promise<CryptoKey>;
}

export function createSessions({ store, now, idleMs, maxAgeMs, idKey }: SessionOptions) {
  /** The live session of a cookie's token, and its user; an ended one is deleted on the way. */
  async function find(token: string | undefined): Promise<CurrentSession | undefined> {
    if (!token || !TOKEN.test(token)) return undefined;
    const id = await sha256(token);
    const session = await store.getSession(id);
    if (!session) return undefined;
    const time = now();
    if (session.expiresAt <= time || session.lastSeenAt + idleMs <= time) {
      await store.deleteSession(id);
      return undefined;
    }
    const user = await store.getUser(session.userId);
    if (!user) return undefined;
    // At most one write a minute per session for the idle timeout.
    if (time - session.lastSeenAt >= MINUTE) {
      await store.updateSession(id, { lastSeenAt: time });
      session.lastSeenAt = time;
    }
    return { session, user };
  }

  /** Starts a session for `user` (ending `replacing`, the browser's previous one) and answers its token. */
  async function start(input: {
    user: StoredUser;
    passkeyId?: string;
    userAgent?: string;
    replacing?: string;
  }): Promise<string> {
    const token = bytesToBase64url(randomBytes(32));
    const time = now();
    const userAgent = input.userAgent?.slice(0, 256);
    await store.createSession({
      id: await sha256(token),
      userId: input.user.id,
      ...(input.passkeyId ? { passkeyId: input.passkeyId } : {}),
      createdAt: time,
      authenticatedAt: time,
      lastSeenAt: time,
      expiresAt: time + maxAgeMs,
      ...(userAgent ? { userAgent } : {}),
    });
    if (input.replacing) await store.deleteSession(input.replacing);
    // A client that drops its cookies cannot pile up sessions: the least recently used go.
    const all = (await store.listSessions(input.user.id)).sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    for (const old of all.slice(MAX_SESSIONS_PER_USER)) await store.deleteSession(old.id);
    return token;
  }

  /** The id a session is known by outside the store (in lists and challenges). */
  async function publicId(id: string): Promise<string> {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await idKey(), new TextEncoder().encode(id)));
    return bytesToBase64url(mac.slice(0, 16));
  }

  return { find, start, publicId };
}
