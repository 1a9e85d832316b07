/**
 * The storage the reference backend needs, behind an async interface so a
 * database-backed store can replace the in-memory default.
 */

export interface StoredUser {
  id: string;
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
}

export interface StoredChallenge {
  /** base64url, exactly as sent in the options. */
  challenge: string;
  kind: 'registration' | 'authentication';
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Registration for a signed-in user. */
  userId?: string;
  /** Sign-up: the account is only created once its first passkey is verified. */
  pendingUser?: StoredUser;
}

/** Fields of a passkey that may change after registration. */
export type PasskeyPatch = Partial<Pick<StoredPasskey, 'name' | 'counter' | 'lastUsedAt' | 'backedUp' | 'deviceType'>>;

export interface PasskeyStore {
  getUser(id: string): Promise<StoredUser | undefined>;
  getUserByUsername(username: string): Promise<StoredUser | undefined>;
  /** A database store should reject a duplicate username (unique constraint). */
  createUser(user: StoredUser): Promise<void>;

  /** The user's passkeys, in any order (the handler sorts them). */
  listPasskeys(userId: string): Promise<StoredPasskey[]>;
  getPasskey(id: string): Promise<StoredPasskey | undefined>;
  getPasskeyByCredentialId(credentialId: string): Promise<StoredPasskey | undefined>;
  createPasskey(passkey: StoredPasskey): Promise<void>;
  /** Resolves to the updated passkey, or undefined when there is none with that id. */
  updatePasskey(id: string, patch: PasskeyPatch): Promise<StoredPasskey | undefined>;
  /** Resolves to whether a passkey was deleted. */
  deletePasskey(id: string): Promise<boolean>;

  saveChallenge(challenge: StoredChallenge): Promise<void>;
  /** Removes and returns the challenge: each one can be used once. */
  takeChallenge(challenge: string): Promise<StoredChallenge | undefined>;
}

export interface MemoryStoreSnapshot {
  users: StoredUser[];
  passkeys: StoredPasskey[];
  /** Number of challenges waiting to be used. */
  challenges: number;
}

export interface MemoryStore extends PasskeyStore {
  /** Copies of the current contents, for tests and debugging. */
  snapshot(): MemoryStoreSnapshot;
}

export interface MemoryStoreOptions {
  /**
   * Upper bound on stored challenges. The options routes need no session, so
   * without a bound anyone could fill the process memory with challenges.
   * Default 10 000.
   */
  maxChallenges?: number;
  /** Clock used to drop expired challenges; `Date.now` by default. */
  now?: () => number;
}

/** A store in process memory: fine for demos and tests, lost on restart. */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxChallenges = options.maxChallenges ?? 10_000;
  const now = options.now ?? Date.now;
  const users = new Map<string, StoredUser>();
  const passkeys = new Map<string, StoredPasskey>();
  const challenges = new Map<string, StoredChallenge>();

  // Copies in and out, so callers cannot change stored records behind the store's back (as with a database).
  const copy = <T>(value: T): T => structuredClone(value);
  const copyMaybe = <T>(value: T | undefined): T | undefined => (value === undefined ? undefined : copy(value));

  function makeRoomForChallenge(): void {
    if (challenges.size < maxChallenges) return;
    const time = now();
    for (const [key, challenge] of challenges) if (challenge.expiresAt <= time) challenges.delete(key);
    // Still full: drop the oldest (a Map iterates in insertion order).
    for (const key of challenges.keys()) {
      if (challenges.size < maxChallenges) break;
      challenges.delete(key);
    }
  }

  // Runs synchronously but answers with a promise, as a database store would; a throw becomes a rejection.
  const later = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

  return {
    getUser: (id) => later(() => copyMaybe(users.get(id))),
    getUserByUsername: (username) =>
      later(() => copyMaybe([...users.values()].find((user) => user.username === username))),
    createUser: (user) =>
      later(() => {
        for (const existing of users.values()) {
          if (existing.username === user.username) throw new Error('Username already taken');
        }
        users.set(user.id, copy(user));
      }),

    listPasskeys: (userId) => later(() => [...passkeys.values()].filter((p) => p.userId === userId).map(copy)),
    getPasskey: (id) => later(() => copyMaybe(passkeys.get(id))),
    getPasskeyByCredentialId: (credentialId) =>
      later(() => copyMaybe([...passkeys.values()].find((p) => p.credentialId === credentialId))),
    createPasskey: (passkey) =>
      later(() => {
        passkeys.set(passkey.id, copy(passkey));
      }),
    updatePasskey: (id, patch) =>
      later(() => {
        const current = passkeys.get(id);
        if (!current) return undefined;
        const updated: StoredPasskey = { ...current, ...copy(patch), id: current.id };
        passkeys.set(id, updated);
        return copy(updated);
      }),
    deletePasskey: (id) => later(() => passkeys.delete(id)),

    saveChallenge: (challenge) =>
      later(() => {
        makeRoomForChallenge();
        challenges.set(challenge.challenge, copy(challenge));
      }),
    takeChallenge: (challenge) =>
      later(() => {
        const stored = challenges.get(challenge);
        challenges.delete(challenge);
        return stored;
      }),

    snapshot() {
      return {
        users: [...users.values()].map(copy),
        passkeys: [...passkeys.values()].map(copy),
        challenges: challenges.size,
      };
    },
  };
}
