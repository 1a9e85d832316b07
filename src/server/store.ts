/**
 * The storage the reference backend needs, behind an async interface so a
 * database-backed store can replace the in-memory default. Every piece of
 * state lives here (users, passkeys, sessions, used challenges, rate-limit
 * counters), so handler instances sharing one store and one `secret` are one
 * server. Times are epoch milliseconds given by the handler: a store needs
 * no clock of its own.
 */

export interface StoredUser {
  id: string;
  /** Canonical: NFC, full-width folded, lower case (the handler normalises before every lookup). */
  username: string;
  displayName: string;
  /** The WebAuthn user handle, base64url (random, never the username). */
  webauthnUserId: string;
}

export interface StoredPasskey {
  /** The server's record id (what the REST contract calls `id`). */
  id: string;
  userId: string;
  name: string;
  /** WebAuthn credential id, base64url. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports?: string[];
  aaguid?: string;
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUsedAt?: string;
  /** ISO 8601: when its signature counter went backwards. The authenticator may be cloned; it no longer signs in. */
  suspendedAt?: string;
}

/** Fields of a passkey that may change after registration. */
export type PasskeyPatch = Partial<
  Pick<StoredPasskey, 'name' | 'counter' | 'lastUsedAt' | 'backedUp' | 'deviceType' | 'suspendedAt'>
>;

export interface StoredSession {
  /** base64url SHA-256 of the cookie's token: the store never holds a token that works as a cookie. */
  id: string;
  userId: string;
  /** The passkey that signed this session in; absent for sessions the app created itself. */
  passkeyId?: string;
  createdAt: number;
  /** When a passkey was last verified for this session (sign-in, sign-up, re-authentication). */
  authenticatedAt: number;
  /** Last request seen (updated at most once a minute): the idle timeout counts from here. */
  lastSeenAt: number;
  /** The absolute end, whatever the activity. */
  expiresAt: number;
  /** The browser's User-Agent when the session began (at most 256 characters), for the sessions list. */
  userAgent?: string;
}

export type SessionPatch = Partial<Pick<StoredSession, 'authenticatedAt' | 'lastSeenAt' | 'passkeyId'>>;

/** A fixed-window counter after a hit. */
export interface RateLimitCount {
  count: number;
  /** When the window ends and the count starts again from zero. */
  resetAt: number;
}

export interface PasskeyStore {
  getUser(id: string): Promise<StoredUser | undefined>;
  getUserByUsername(username: string): Promise<StoredUser | undefined>;
  /** Must reject a duplicate username (a unique constraint), so two sign-ups cannot both get a name. */
  createUser(user: StoredUser): Promise<void>;

  /** The user's passkeys, in any order (the handler sorts them). */
  listPasskeys(userId: string): Promise<StoredPasskey[]>;
  getPasskey(id: string): Promise<StoredPasskey | undefined>;
  getPasskeyByCredentialId(credentialId: string): Promise<StoredPasskey | undefined>;
  /** Must reject a duplicate credential id. */
  createPasskey(passkey: StoredPasskey): Promise<void>;
  /**
   * Resolves to the updated passkey, or undefined when there is none with that id — or, with
   * `expected.counter`, when the stored counter no longer has that value (an atomic compare-and-set:
   * of two sign-ins presenting the same counter, one wins).
   */
  updatePasskey(id: string, patch: PasskeyPatch, expected?: { counter: number }): Promise<StoredPasskey | undefined>;
  /**
   * Deletes a passkey. With `keepLast`, atomically refuses to delete the user's only passkey
   * (two concurrent deletes of an account's last two passkeys leave one).
   */
  deletePasskey(id: string, options?: { keepLast?: boolean }): Promise<'deleted' | 'missing' | 'last'>;

  createSession(session: StoredSession): Promise<void>;
  getSession(id: string): Promise<StoredSession | undefined>;
  /** Resolves to whether there was such a session. */
  updateSession(id: string, patch: SessionPatch): Promise<boolean>;
  /** Resolves to whether there was such a session. */
  deleteSession(id: string): Promise<boolean>;
  /** The user's sessions, expired ones included or not, in any order. */
  listSessions(userId: string): Promise<StoredSession[]>;
  /**
   * Ends the user's sessions — only those `passkeyId` began, when given — except `exceptId`.
   * Resolves to how many ended.
   */
  deleteSessions(userId: string, filter?: { passkeyId?: string; exceptId?: string }): Promise<number>;

  /**
   * Records that the challenge `id` was answered; resolves false when it already was (atomically:
   * of two concurrent uses, one gets true). The record may be purged once `expiresAt` has passed.
   */
  useChallenge(id: string, expiresAt: number): Promise<boolean>;

  /** Counts one hit on `key` in a fixed window of `windowMs` from its first hit, starting a new window after `resetAt`. */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitCount>;
  /** The current window's count without counting; undefined when there is none or it ended. */
  getHits(key: string, now: number): Promise<RateLimitCount | undefined>;

  /** Removes expired sessions, used-challenge records and ended windows. The handler calls it now and then. */
  purge(now: number): Promise<void>;
}

export interface MemoryStoreSnapshot {
  users: StoredUser[];
  passkeys: StoredPasskey[];
  sessions: StoredSession[];
  /** Number of used-challenge records kept until their challenge expires. */
  usedChallenges: number;
  /** Number of live rate-limit windows. */
  rateLimitWindows: number;
}

export interface MemoryStore extends PasskeyStore {
  /** Copies of the current contents, for tests and debugging. */
  snapshot(): MemoryStoreSnapshot;
}

export interface MemoryStoreOptions {
  /**
   * Upper bound on rate-limit windows kept (the oldest go first once expired
   * ones are gone). Each client address seen in a window holds one or two.
   * Default 100 000.
   */
  maxRateLimitWindows?: number;
}

/** A store in process memory: fine for demos, tests and one process; lost on restart. */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxWindows = options.maxRateLimitWindows ?? 100_000;
  const users = new Map<string, StoredUser>();
  const passkeys = new Map<string, StoredPasskey>();
  const sessions = new Map<string, StoredSession>();
  const usedChallenges = new Map<string, number>();
  const windows = new Map<string, RateLimitCount>();

  // Copies in and out, so callers cannot change stored records behind the store's back (as with a database).
  const copy = <T>(value: T): T => structuredClone(value);
  const copyMaybe = <T>(value: T | undefined): T | undefined => (value === undefined ? undefined : copy(value));
  // Runs synchronously but answers with a promise, as a database store would; a throw becomes a rejection.
  const later = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

  // Lookups by a unique field, and inserts that reject a duplicate of it, as a database's unique index would.
  const findBy = <T>(map: Map<string, T>, field: keyof T, value: unknown) =>
    later(() => copyMaybe([...map.values()].find((record) => record[field] === value)));
  const insertUnique = <T extends { id: string }>(map: Map<string, T>, record: T, field: keyof T, message: string) =>
    later(() => {
      for (const existing of map.values()) {
        if (existing[field] === record[field]) throw new Error(message);
      }
      map.set(record.id, copy(record));
    });

  const userPasskeys = (userId: string) => [...passkeys.values()].filter((p) => p.userId === userId);
  const dropWhere = <V>(map: Map<string, V>, expired: (value: V) => boolean) => {
    for (const [key, value] of map) if (expired(value)) map.delete(key);
  };

  return {
    getUser: (id) => later(() => copyMaybe(users.get(id))),
    getUserByUsername: (username) => findBy(users, 'username', username),
    createUser: (user) => insertUnique(users, user, 'username', 'Username already taken'),

    listPasskeys: (userId) => later(() => userPasskeys(userId).map(copy)),
    getPasskey: (id) => later(() => copyMaybe(passkeys.get(id))),
    getPasskeyByCredentialId: (credentialId) => findBy(passkeys, 'credentialId', credentialId),
    createPasskey: (passkey) => insertUnique(passkeys, passkey, 'credentialId', 'Credential already registered'),
    updatePasskey: (id, patch, expected) =>
      later(() => {
        const current = passkeys.get(id);
        if (!current || (expected && current.counter !== expected.counter)) return undefined;
        const updated: StoredPasskey = { ...current, ...copy(patch), id: current.id };
        passkeys.set(id, updated);
        return copy(updated);
      }),
    deletePasskey: (id, { keepLast = false } = {}) =>
      later(() => {
        const current = passkeys.get(id);
        if (!current) return 'missing';
        if (keepLast && userPasskeys(current.userId).length <= 1) return 'last';
        passkeys.delete(id);
        return 'deleted';
      }),

    createSession: (session) =>
      later(() => {
        if (sessions.has(session.id)) throw new Error('Session id already exists');
        sessions.set(session.id, copy(session));
      }),
    getSession: (id) => later(() => copyMaybe(sessions.get(id))),
    updateSession: (id, patch) =>
      later(() => {
        const current = sessions.get(id);
        if (!current) return false;
        sessions.set(id, { ...current, ...copy(patch), id: current.id });
        return true;
      }),
    deleteSession: (id) => later(() => sessions.delete(id)),
    listSessions: (userId) => later(() => [...sessions.values()].filter((s) => s.userId === userId).map(copy)),
    deleteSessions: (userId, { passkeyId, exceptId } = {}) =>
      later(() => {
        let ended = 0;
        for (const [id, s] of sessions) {
          if (s.userId !== userId || id === exceptId) continue;
          if (passkeyId !== undefined && s.passkeyId !== passkeyId) continue;
          sessions.delete(id);
          ended++;
        }
        return ended;
      }),

    useChallenge: (id, expiresAt) =>
      later(() => {
        if (usedChallenges.has(id)) return false;
        usedChallenges.set(id, expiresAt);
        return true;
      }),

    hit: (key, windowMs, now) =>
      later(() => {
        let window = windows.get(key);
        if (!window || window.resetAt <= now) {
          windows.delete(key); // re-inserted last: the Map stays in order of window start
          if (windows.size >= maxWindows) dropWhere(windows, (w) => w.resetAt <= now);
          for (const oldest of windows.keys()) {
            if (windows.size < maxWindows) break;
            windows.delete(oldest);
          }
          window = { count: 0, resetAt: now + windowMs };
          windows.set(key, window);
        }
        window.count++;
        return { ...window };
      }),
    getHits: (key, now) =>
      later(() => {
        const window = windows.get(key);
        return window && window.resetAt > now ? { ...window } : undefined;
      }),

    purge: (now) =>
      later(() => {
        dropWhere(sessions, (s) => s.expiresAt <= now);
        dropWhere(usedChallenges, (expiresAt) => expiresAt <= now);
        dropWhere(windows, (w) => w.resetAt <= now);
      }),

    snapshot() {
      return {
        users: [...users.values()].map(copy),
        passkeys: [...passkeys.values()].map(copy),
        sessions: [...sessions.values()].map(copy),
        usedChallenges: usedChallenges.size,
        rateLimitWindows: windows.size,
      };
    },
  };
}
