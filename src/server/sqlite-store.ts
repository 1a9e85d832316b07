/**
 * A `PasskeyStore` on SQLite, through a two-method driver interface so any
 * SQLite binding fits in a few lines:
 *
 * ```js
 * // better-sqlite3 (synchronous)
 * import Database from 'better-sqlite3';
 * const db = new Database('passkeys.db');
 * const sqlite = {
 *   run: (sql, params = []) => db.prepare(sql).run(...params),
 *   all: (sql, params = []) => db.prepare(sql).all(...params),
 * };
 *
 * // node:sqlite (Node 22.13+, synchronous): the same `run` and `all` as above, with
 * import { DatabaseSync } from 'node:sqlite';
 * const db = new DatabaseSync('passkeys.db');
 *
 * // sql.js: fromSqlJs(new SQL.Database())
 *
 * const store = await createSqliteStore(sqlite);
 * ```
 *
 * Cloudflare D1: `run: (sql, p = []) => env.DB.prepare(sql).bind(...p).run()` and
 * `all: async (sql, p = []) => (await env.DB.prepare(sql).bind(...p).all()).results`.
 * libsql: `execute({ sql, args })`, rows from `.rows`.
 *
 * Needs SQLite 3.35+ (`RETURNING`). Values are always bound as parameters; only
 * the validated table prefix is written into the SQL.
 */
import type { PasskeyPatch, PasskeyStore, StoredChallenge, StoredPasskey, StoredUser } from './store.js';

/** What the store binds: it turns booleans into 0/1 and arrays/objects into JSON itself. */
export type SqliteParam = string | number | null;

/** A result row, column name → value (numbers may come back as bigint: they are converted). */
export type SqliteRow = Record<string, unknown>;

/** The little a driver must offer. Each call is one statement; either method may be sync or async. */
export interface SqliteDatabase {
  /** Runs a statement that returns no rows (CREATE, INSERT, DELETE). The result is ignored. */
  run(sql: string, params?: SqliteParam[]): unknown;
  /** Runs a statement and returns its rows (SELECT, or UPDATE/DELETE … RETURNING). */
  all(sql: string, params?: SqliteParam[]): SqliteRow[] | Promise<SqliteRow[]>;
}

export interface SqliteStoreOptions {
  /**
   * Prefix of the table names `<prefix>users`, `<prefix>passkeys` and
   * `<prefix>challenges`: letters, digits and underscores. Default `pk_`.
   */
  tablePrefix?: string;
  /** Clock used to purge expired challenges; `Date.now` by default. */
  now?: () => number;
  /** Upper bound on stored challenges (the oldest live ones go first). Default 10 000. */
  maxChallenges?: number;
}

/** The part of a sql.js `Database` that `fromSqlJs` uses. */
export interface SqlJsDatabaseLike {
  run(sql: string, params?: SqliteParam[]): unknown;
  prepare(sql: string): {
    bind(params?: SqliteParam[]): unknown;
    step(): boolean;
    getAsObject(): SqliteRow;
    free(): unknown;
  };
}

/** Adapts a sql.js `Database` (it stays in memory: persist it with `database.export()`). */
export function fromSqlJs(database: SqlJsDatabaseLike): SqliteDatabase {
  return {
    run(sql, params = []) {
      database.run(sql, params);
    },
    all(sql, params = []) {
      const statement = database.prepare(sql);
      try {
        statement.bind(params);
        const rows: SqliteRow[] = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return rows;
      } finally {
        statement.free();
      }
    },
  };
}

const USER_COLUMNS = 'id, username, display_name, webauthn_user_id';
const PASSKEY_COLUMNS =
  'id, user_id, name, credential_id, public_key, counter, transports, aaguid, backed_up, device_type, created_at, last_used_at';
const CHALLENGE_COLUMNS = 'challenge, kind, expires_at, user_id, pending_user';

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`Unexpected ${typeof value} in a text column.`);
}
const optionalText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : text(value);

function toUser(row: SqliteRow): StoredUser {
  return {
    id: text(row.id),
    username: text(row.username),
    displayName: text(row.display_name),
    webauthnUserId: text(row.webauthn_user_id),
  };
}

function toPasskey(row: SqliteRow): StoredPasskey {
  const passkey: StoredPasskey = {
    id: text(row.id),
    userId: text(row.user_id),
    name: text(row.name),
    credentialId: text(row.credential_id),
    publicKey: text(row.public_key),
    counter: Number(row.counter),
    backedUp: Number(row.backed_up) === 1,
    deviceType: text(row.device_type) === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    createdAt: text(row.created_at),
  };
  // Optional fields are left out rather than set to undefined, as they were given.
  const transports = optionalText(row.transports);
  if (transports !== undefined) passkey.transports = JSON.parse(transports) as string[];
  const aaguid = optionalText(row.aaguid);
  if (aaguid !== undefined) passkey.aaguid = aaguid;
  const lastUsedAt = optionalText(row.last_used_at);
  if (lastUsedAt !== undefined) passkey.lastUsedAt = lastUsedAt;
  return passkey;
}

function toChallenge(row: SqliteRow): StoredChallenge {
  const challenge: StoredChallenge = {
    challenge: text(row.challenge),
    kind: text(row.kind) === 'registration' ? 'registration' : 'authentication',
    expiresAt: Number(row.expires_at),
  };
  const userId = optionalText(row.user_id);
  if (userId !== undefined) challenge.userId = userId;
  const pendingUser = optionalText(row.pending_user);
  if (pendingUser !== undefined) challenge.pendingUser = JSON.parse(pendingUser) as StoredUser;
  return challenge;
}

const bool = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);
const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * A store in SQLite tables, created if missing. Usernames and credential ids
 * are unique (a duplicate rejects); transports are JSON, booleans 0/1;
 * challenges are taken with one `DELETE … RETURNING`, expired ones are purged
 * on each save and at most `maxChallenges` are kept.
 */
export async function createSqliteStore(db: SqliteDatabase, options: SqliteStoreOptions = {}): Promise<PasskeyStore> {
  const prefix = options.tablePrefix ?? 'pk_';
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new TypeError('`tablePrefix` may only hold letters, digits and _.');
  const maxChallenges = options.maxChallenges ?? 10_000;
  if (!Number.isSafeInteger(maxChallenges) || maxChallenges < 1) {
    throw new TypeError('`maxChallenges` must be a positive integer.');
  }
  const now = options.now ?? Date.now;

  const users = `"${prefix}users"`;
  const passkeys = `"${prefix}passkeys"`;
  const challenges = `"${prefix}challenges"`;

  const schema = [
    `CREATE TABLE IF NOT EXISTS ${users} (
      id TEXT PRIMARY KEY NOT NULL,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      webauthn_user_id TEXT NOT NULL UNIQUE
    )`,
    `CREATE TABLE IF NOT EXISTS ${passkeys} (
      id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES ${users} (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      credential_id TEXT NOT NULL UNIQUE,
      public_key TEXT NOT NULL,
      counter INTEGER NOT NULL,
      transports TEXT,
      aaguid TEXT,
      backed_up INTEGER NOT NULL CHECK (backed_up IN (0, 1)),
      device_type TEXT NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
      created_at TEXT NOT NULL,
      last_used_at TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}passkeys_user_id" ON ${passkeys} (user_id)`,
    `CREATE TABLE IF NOT EXISTS ${challenges} (
      seq INTEGER PRIMARY KEY,
      challenge TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('registration', 'authentication')),
      expires_at INTEGER NOT NULL,
      user_id TEXT,
      pending_user TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}challenges_expires_at" ON ${challenges} (expires_at)`,
  ];
  for (const statement of schema) await db.run(statement);

  const first = async (sql: string, params: SqliteParam[]): Promise<SqliteRow | undefined> =>
    (await db.all(sql, params))[0];

  return {
    async getUser(id) {
      const row = await first(`SELECT ${USER_COLUMNS} FROM ${users} WHERE id = ?`, [id]);
      return row && toUser(row);
    },
    async getUserByUsername(username) {
      const row = await first(`SELECT ${USER_COLUMNS} FROM ${users} WHERE username = ?`, [username]);
      return row && toUser(row);
    },
    async createUser(user) {
      await db.run(`INSERT INTO ${users} (${USER_COLUMNS}) VALUES (?, ?, ?, ?)`, [
        user.id,
        user.username,
        user.displayName,
        user.webauthnUserId,
      ]);
    },

    async listPasskeys(userId) {
      const rows = await db.all(
        `SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE user_id = ? ORDER BY created_at, rowid`,
        [userId],
      );
      return rows.map(toPasskey);
    },
    async getPasskey(id) {
      const row = await first(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE id = ?`, [id]);
      return row && toPasskey(row);
    },
    async getPasskeyByCredentialId(credentialId) {
      const row = await first(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE credential_id = ?`, [credentialId]);
      return row && toPasskey(row);
    },
    async createPasskey(p) {
      await db.run(`INSERT INTO ${passkeys} (${PASSKEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        p.id,
        p.userId,
        p.name,
        p.credentialId,
        p.publicKey,
        p.counter,
        p.transports === undefined ? null : JSON.stringify(p.transports),
        orNull(p.aaguid),
        p.backedUp ? 1 : 0,
        p.deviceType,
        p.createdAt,
        orNull(p.lastUsedAt),
      ]);
    },
    async updatePasskey(id, patch: PasskeyPatch) {
      // One fixed statement: a field left out of the patch (or undefined) binds NULL and keeps its value.
      const row = await first(
        `UPDATE ${passkeys} SET
          name = COALESCE(?, name),
          counter = COALESCE(?, counter),
          last_used_at = COALESCE(?, last_used_at),
          backed_up = COALESCE(?, backed_up),
          device_type = COALESCE(?, device_type)
        WHERE id = ? RETURNING ${PASSKEY_COLUMNS}`,
        [
          orNull(patch.name),
          orNull(patch.counter),
          orNull(patch.lastUsedAt),
          bool(patch.backedUp),
          orNull(patch.deviceType),
          id,
        ],
      );
      return row && toPasskey(row);
    },
    async deletePasskey(id) {
      const rows = await db.all(`DELETE FROM ${passkeys} WHERE id = ? RETURNING id`, [id]);
      return rows.length > 0;
    },

    async saveChallenge(c) {
      await db.run(`INSERT OR REPLACE INTO ${challenges} (${CHALLENGE_COLUMNS}) VALUES (?, ?, ?, ?, ?)`, [
        c.challenge,
        c.kind,
        c.expiresAt,
        orNull(c.userId),
        c.pendingUser === undefined ? null : JSON.stringify(c.pendingUser),
      ]);
      // After the insert, so concurrent saves cannot overshoot: drop the expired challenges, then the
      // oldest live ones beyond the bound. The new one is never dropped by its own save.
      const time = now();
      await db.run(
        `DELETE FROM ${challenges} WHERE challenge <> ? AND (expires_at <= ? OR seq <= (
          SELECT seq FROM ${challenges} WHERE expires_at > ? ORDER BY seq DESC LIMIT 1 OFFSET ?
        ))`,
        [c.challenge, time, time, maxChallenges],
      );
    },
    async takeChallenge(challenge) {
      // One statement: two concurrent takes cannot both get the row.
      const row = await first(`DELETE FROM ${challenges} WHERE challenge = ? RETURNING ${CHALLENGE_COLUMNS}`, [
        challenge,
      ]);
      return row && toChallenge(row);
    },
  };
}
