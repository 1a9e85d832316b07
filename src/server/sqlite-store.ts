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
import type { PasskeyStore } from './store.js';
import { optionalText, sqlStoreMethods, tableNames, toCount } from './sql-rows.js';
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
const columns: PasskeyColumns<never> = {
  backedUp: (value) => Number(value) === 1,
  transports: (value) => {
    const json = optionalText(value);
    return json === undefined ? undefined : (JSON.parse(json) as string[]);
  },
  bindBackedUp: (value) => (value ? 1 : 0),
  bindTransports: (value) => JSON.stringify(value),
};

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

  const tables = tableNames(prefix);
  const { passkeys, rateLimits } = tables;

  await migrate(db, prefix);

  return {
    ...sqlStoreMethods({ db, tables, columns, tieBreak: 'rowid' }),

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
      return (await db.all(`SELECT id FROM ${passkeys} WHERE id = ?`, [id])).length > 0 ? 'last' : 'missing';
    },

    async hit(key, windowMs, now) {
      // SET expressions read the row as it was, so both CASEs see the old reset_at.
      const [row] = await db.all(
        `INSERT INTO ${rateLimits} (id, hits, reset_at) VALUES (?, 1, ?)
        ON CONFLICT (id) DO UPDATE SET
          hits = CASE WHEN reset_at <= ? THEN 1 ELSE hits + 1 END,
          reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END
        RETURNING hits, reset_at`,
        [key, now + windowMs, now, now],
      );
      return toCount(row);
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
