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
import type { PasskeyPatch, PasskeyStore, SessionPatch } from './store.js';
import {
  PASSKEY_COLUMNS,
  SESSION_COLUMNS,
  USER_COLUMNS,
  optionalText,
  orNull,
  toCount,
  toPasskey as toStoredPasskey,
  toSession,
  toUser,
} from './sql-rows.js';
import type { PasskeyColumns } from './sql-rows.js';

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
   * Prefix of the table names (`<prefix>users`, `<prefix>passkeys`,
   * `<prefix>sessions`, `<prefix>used_challenges`, `<prefix>rate_limits`,
   * `<prefix>schema_version`): letters, digits and underscores. Default `pk_`.
   */
  tablePrefix?: string;
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

// SQLite has no boolean or array type: 0/1, and the transports as JSON text.
const columns: PasskeyColumns = {
  backedUp: (value) => Number(value) === 1,
  transports: (value) => {
    const json = optionalText(value);
    return json === undefined ? undefined : (JSON.parse(json) as string[]);
  },
};
const toPasskey = (row: SqliteRow) => toStoredPasskey(row, columns);

const bool = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

/**
 * A store in SQLite tables, created if missing and upgraded in place from
 * earlier versions (`<prefix>schema_version` records how far). Usernames and
 * credential ids are unique (a duplicate rejects); transports are JSON,
 * booleans 0/1, session and expiry times epoch milliseconds. Each operation
 * that must be atomic is one statement: counters are compared and set with
 * `UPDATE … WHERE counter = ? RETURNING`, challenges used with
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`, rate-limit windows counted with
 * an upsert, and a keep-last delete counts the account's passkeys in its own
 * `WHERE`.
 */
export async function createSqliteStore(db: SqliteDatabase, options: SqliteStoreOptions = {}): Promise<PasskeyStore> {
  const prefix = options.tablePrefix ?? 'pk_';
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new TypeError('`tablePrefix` may only hold letters, digits and _.');

  const users = `"${prefix}users"`;
  const passkeys = `"${prefix}passkeys"`;
  const sessions = `"${prefix}sessions"`;
  const usedChallenges = `"${prefix}used_challenges"`;
  const rateLimits = `"${prefix}rate_limits"`;

  const first = async (sql: string, params: SqliteParam[]): Promise<SqliteRow | undefined> =>
    (await db.all(sql, params))[0];

  await migrate(db, prefix);

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
      await db.run(`INSERT INTO ${passkeys} (${PASSKEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
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
        orNull(p.suspendedAt),
      ]);
    },
    async updatePasskey(id, patch: PasskeyPatch, expected) {
      // A field left out of the patch (or undefined) binds NULL and keeps its value. With `expected`,
      // the counter check is in the same statement: of two updates expecting one counter, one matches.
      const row = await first(
        `UPDATE ${passkeys} SET
          name = COALESCE(?, name),
          counter = COALESCE(?, counter),
          last_used_at = COALESCE(?, last_used_at),
          backed_up = COALESCE(?, backed_up),
          device_type = COALESCE(?, device_type),
          suspended_at = COALESCE(?, suspended_at)
        WHERE id = ?${expected ? ' AND counter = ?' : ''} RETURNING ${PASSKEY_COLUMNS}`,
        [
          orNull(patch.name),
          orNull(patch.counter),
          orNull(patch.lastUsedAt),
          bool(patch.backedUp),
          orNull(patch.deviceType),
          orNull(patch.suspendedAt),
          id,
          ...(expected ? [expected.counter] : []),
        ],
      );
      return row && toPasskey(row);
    },
    async deletePasskey(id, { keepLast = false } = {}) {
      // With keepLast the count is in the DELETE itself: SQLite runs one writing statement at a time,
      // so of two deletes of an account's last two passkeys, the second counts one and deletes nothing.
      const rows = await db.all(
        keepLast
          ? `DELETE FROM ${passkeys} WHERE id = ? AND (
              SELECT count(*) FROM ${passkeys} AS others WHERE others.user_id = ${passkeys}.user_id
            ) > 1 RETURNING id`
          : `DELETE FROM ${passkeys} WHERE id = ? RETURNING id`,
        [id],
      );
      if (rows.length > 0) return 'deleted';
      if (!keepLast) return 'missing';
      return (await first(`SELECT id FROM ${passkeys} WHERE id = ?`, [id])) ? 'last' : 'missing';
    },

    async createSession(s) {
      await db.run(`INSERT INTO ${sessions} (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        s.id,
        s.userId,
        orNull(s.passkeyId),
        s.createdAt,
        s.authenticatedAt,
        s.lastSeenAt,
        s.expiresAt,
        orNull(s.userAgent),
      ]);
    },
    async getSession(id) {
      const row = await first(`SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE id = ?`, [id]);
      return row && toSession(row);
    },
    async updateSession(id, patch: SessionPatch) {
      const rows = await db.all(
        `UPDATE ${sessions} SET
          authenticated_at = COALESCE(?, authenticated_at),
          last_seen_at = COALESCE(?, last_seen_at),
          passkey_id = COALESCE(?, passkey_id)
        WHERE id = ? RETURNING id`,
        [orNull(patch.authenticatedAt), orNull(patch.lastSeenAt), orNull(patch.passkeyId), id],
      );
      return rows.length > 0;
    },
    async deleteSession(id) {
      const rows = await db.all(`DELETE FROM ${sessions} WHERE id = ? RETURNING id`, [id]);
      return rows.length > 0;
    },
    async listSessions(userId) {
      const rows = await db.all(`SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE user_id = ? ORDER BY created_at`, [
        userId,
      ]);
      return rows.map(toSession);
    },
    async deleteSessions(userId, { passkeyId, exceptId } = {}) {
      let where = 'user_id = ?';
      const params: SqliteParam[] = [userId];
      if (passkeyId !== undefined) {
        where += ' AND passkey_id = ?';
        params.push(passkeyId);
      }
      if (exceptId !== undefined) {
        where += ' AND id <> ?';
        params.push(exceptId);
      }
      return (await db.all(`DELETE FROM ${sessions} WHERE ${where} RETURNING id`, params)).length;
    },

    async useChallenge(id, expiresAt) {
      const rows = await db.all(
        `INSERT INTO ${usedChallenges} (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, expiresAt],
      );
      return rows.length > 0;
    },

    async hit(key, windowMs, now) {
      // SET expressions read the row as it was, so both CASEs see the old reset_at.
      const row = await first(
        `INSERT INTO ${rateLimits} (id, hits, reset_at) VALUES (?, 1, ?)
        ON CONFLICT (id) DO UPDATE SET
          hits = CASE WHEN reset_at <= ? THEN 1 ELSE hits + 1 END,
          reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END
        RETURNING hits, reset_at`,
        [key, now + windowMs, now, now],
      );
      return toCount(row!);
    },
    async getHits(key, now) {
      const row = await first(`SELECT hits, reset_at FROM ${rateLimits} WHERE id = ? AND reset_at > ?`, [key, now]);
      return row && toCount(row);
    },

    async purge(now) {
      await db.run(`DELETE FROM ${sessions} WHERE expires_at <= ?`, [now]);
      await db.run(`DELETE FROM ${usedChallenges} WHERE expires_at <= ?`, [now]);
      await db.run(`DELETE FROM ${rateLimits} WHERE reset_at <= ?`, [now]);
    },
  };
}

/**
 * The schema's history: `MIGRATIONS[n]` takes the tables from version n to
 * n + 1. Every step can run twice (two processes opening one database at
 * once, or a step interrupted halfway), so a database without a version
 * record — new, or made before there was one — simply runs them all.
 */
const MIGRATIONS: ((db: SqliteDatabase, prefix: string) => Promise<void>)[] = [
  // 1: users, passkeys, and issued challenges (the first release).
  async (db, prefix) => {
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}users" (
      id TEXT PRIMARY KEY NOT NULL,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      webauthn_user_id TEXT NOT NULL UNIQUE
    )`);
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}passkeys" (
      id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES "${prefix}users" (id) ON DELETE CASCADE,
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
    )`);
    await db.run(`CREATE INDEX IF NOT EXISTS "${prefix}passkeys_user_id" ON "${prefix}passkeys" (user_id)`);
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}challenges" (
      seq INTEGER PRIMARY KEY,
      challenge TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('registration', 'authentication')),
      expires_at INTEGER NOT NULL,
      user_id TEXT,
      pending_user TEXT
    )`);
  },
  // 2: suspended passkeys; sessions, used challenges and rate-limit windows (challenges are signed, not stored).
  async (db, prefix) => {
    const hasSuspendedAt = async () =>
      (await db.all(`PRAGMA table_info("${prefix}passkeys")`)).some((column) => column.name === 'suspended_at');
    if (!(await hasSuspendedAt())) {
      try {
        await db.run(`ALTER TABLE "${prefix}passkeys" ADD COLUMN suspended_at TEXT`);
      } catch (error) {
        if (!(await hasSuspendedAt())) throw error; // else another process added it first
      }
    }
    await db.run(`DROP TABLE IF EXISTS "${prefix}challenges"`);
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}sessions" (
      id TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES "${prefix}users" (id) ON DELETE CASCADE,
      passkey_id TEXT,
      created_at INTEGER NOT NULL,
      authenticated_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      user_agent TEXT
    )`);
    await db.run(`CREATE INDEX IF NOT EXISTS "${prefix}sessions_user_id" ON "${prefix}sessions" (user_id)`);
    await db.run(`CREATE INDEX IF NOT EXISTS "${prefix}sessions_expires_at" ON "${prefix}sessions" (expires_at)`);
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}used_challenges" (
      id TEXT PRIMARY KEY NOT NULL,
      expires_at INTEGER NOT NULL
    )`);
    await db.run(
      `CREATE INDEX IF NOT EXISTS "${prefix}used_challenges_expires_at" ON "${prefix}used_challenges" (expires_at)`,
    );
    await db.run(`CREATE TABLE IF NOT EXISTS "${prefix}rate_limits" (
      id TEXT PRIMARY KEY NOT NULL,
      hits INTEGER NOT NULL,
      reset_at INTEGER NOT NULL
    )`);
    await db.run(`CREATE INDEX IF NOT EXISTS "${prefix}rate_limits_reset_at" ON "${prefix}rate_limits" (reset_at)`);
  },
];

/** Brings the tables to the latest version, recording each step done. */
async function migrate(db: SqliteDatabase, prefix: string): Promise<void> {
  const versions = `"${prefix}schema_version"`;
  await db.run(`CREATE TABLE IF NOT EXISTS ${versions} (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
  )`);
  const [row] = await db.all(`SELECT version FROM ${versions} WHERE id = 1`);
  let version = row ? Number(row.version) : 0;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `The "${prefix}" tables are at schema version ${version}, newer than this passkey-elements knows (${MIGRATIONS.length}): upgrade passkey-elements.`,
    );
  }
  for (; version < MIGRATIONS.length; version++) {
    await MIGRATIONS[version](db, prefix);
    await db.run(
      `INSERT INTO ${versions} (id, version) VALUES (1, ?)
      ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version)`,
      [version + 1],
    );
  }
}
