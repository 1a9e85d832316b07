/**
 * A `PasskeyStore` on PostgreSQL, through any client with
 * `query(text, values)` answering `{ rows }`:
 *
 * ```js
 * // node-postgres: a Pool (or one Client of the store's own)
 * import pg from 'pg';
 * const store = await createPostgresStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 *
 * // PGlite (Postgres in WebAssembly: tests, demos, one process)
 * import { PGlite } from '@electric-sql/pglite';
 * const store = await createPostgresStore(new PGlite('./passkeys'));
 * ```
 *
 * The store creates and upgrades its tables itself, under a transaction-scoped
 * advisory lock, so any number of instances may start at once on one
 * database. Values are always bound as parameters; only the validated table
 * prefix is written into the SQL.
 */
import type { PasskeyStore } from './store.js';
import { int, sqlStoreMethods, tableNames, text, toCount } from './sql-rows.js';
import type { PasskeyColumns, SqlConnection } from './sql-rows.js';

/** A row, column name → value. */
export type PostgresRow = Record<string, unknown>;

/** What a query resolves to: only `rows` is read. */
export interface PostgresResult {
  rows: PostgresRow[];
}

/** Anything that runs one statement with `$1`-style parameters. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<PostgresResult>;
}

/**
 * A `pg` Pool, a `pg` Client (or PoolClient) the store may use alone, or
 * PGlite. Transactions (migrations, keep-last deletes) run on a connection of
 * their own: one from a pool's `connect()`, PGlite's `transaction()`, or, on
 * a single client, between the store's other queries, which it then runs one
 * at a time.
 */
export interface PostgresClient extends PostgresQueryable {
  /** A pool's (`pg.Pool`): lends a connection, given back with `release()`. */
  connect?(): Promise<unknown>;
  /** PGlite's: runs `work` in a transaction. */
  transaction?<T>(work: (tx: PostgresQueryable) => Promise<T>): Promise<T>;
}

export interface PostgresStoreOptions {
  /**
   * Prefix of the table names (`<prefix>users`, `<prefix>passkeys`,
   * `<prefix>sessions`, `<prefix>used_challenges`, `<prefix>rate_limits`,
   * `<prefix>schema_version`): at most 32 letters, digits and underscores.
   * Default `pk_`.
   */
  tablePrefix?: string;
}

/** A connection lent by a pool. */
interface PooledConnection extends PostgresQueryable {
  release(): void;
}

// A real boolean, and the transports as text[].
const columns: PasskeyColumns<boolean | string[]> = {
  backedUp: (value) => value === true,
  transports: (value) => (Array.isArray(value) ? value.map(text) : undefined),
  bindBackedUp: (value) => value,
  bindTransports: (value) => value,
};

/** The common statements' `?` marks as PostgreSQL's `$1`, `$2`, … in order. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * A store in PostgreSQL tables. Usernames and credential ids are unique (a
 * duplicate rejects); transports are `text[]`, passkey dates ISO 8601 text,
 * session and expiry times epoch milliseconds in `bigint`. Counters are
 * compared and set with `UPDATE … WHERE counter = $n RETURNING`, challenges
 * used with `INSERT … ON CONFLICT DO NOTHING RETURNING`, rate-limit windows
 * counted with an upsert; a keep-last delete locks the account's row, counts
 * and deletes in one transaction, so two concurrent deletes of the last two
 * passkeys leave one.
 */
export async function createPostgresStore(
  client: PostgresClient,
  options: PostgresStoreOptions = {},
): Promise<PasskeyStore> {
  const prefix = options.tablePrefix ?? 'pk_';
  if (!/^[A-Za-z0-9_]{0,32}$/.test(prefix)) {
    throw new TypeError('`tablePrefix` may only hold letters, digits and _, at most 32 of them.');
  }

  const tables = tableNames(prefix);
  const { users, passkeys, rateLimits } = tables;

  // A pool lends connections (pg-pool, behind pg.Pool and the pools built on it, counts them);
  // PGlite has transactions of its own. Anything else is one connection: the store then runs its
  // queries one at a time, so none lands inside a transaction of its own.
  const isPool = typeof client.connect === 'function' && 'idleCount' in client;
  const single = !client.transaction && !isPool;
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  const query = (sql: string, values: unknown[] = []): Promise<PostgresResult> =>
    single ? oneAtATime(() => client.query(sql, values)) : client.query(sql, values);

  /** Runs `work` in a READ COMMITTED transaction (whatever the database's default) on a connection of its own. */
  async function transaction<T>(work: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    if (client.transaction) return client.transaction(work); // PGlite: one connection, one transaction at a time
    const run = async (tx: PostgresQueryable) => {
      await tx.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      try {
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        await tx.query('ROLLBACK');
        throw error;
      }
    };
    if (single) return oneAtATime(() => run(client));
    const connection = (await client.connect!()) as PooledConnection;
    try {
      return await run(connection);
    } finally {
      connection.release();
    }
  }

  await transaction((tx) => migrate(tx, prefix));

  const db: SqlConnection<boolean | string[]> = {
    run: (sql, values) => query(numbered(sql), values),
    all: async (sql, values) => (await query(numbered(sql), values)).rows,
  };

  return {
    ...sqlStoreMethods({ db, tables, columns, tieBreak: 'id' }),

    async deletePasskey(id, { keepLast = false } = {}) {
      if (!keepLast) {
        const { rows } = await query(`DELETE FROM ${passkeys} WHERE id = $1 RETURNING id`, [id]);
        return rows.length > 0 ? 'deleted' : 'missing';
      }
      // One statement would count from a snapshot taken before a concurrent delete committed, so both of
      // two deletes could see two passkeys. Locking the account's row first makes the second delete wait,
      // and its count (a new snapshot under READ COMMITTED) sees the first one's result.
      return transaction(async (tx) => {
        const owner = (await tx.query(`SELECT user_id FROM ${passkeys} WHERE id = $1`, [id])).rows[0];
        if (!owner) return 'missing';
        await tx.query(`SELECT id FROM ${users} WHERE id = $1 FOR UPDATE`, [owner.user_id]);
        const [counts] = (
          await tx.query(
            `SELECT count(*) AS passkeys, count(*) FILTER (WHERE id = $2) AS this_one
            FROM ${passkeys} WHERE user_id = $1`,
            [owner.user_id, id],
          )
        ).rows;
        if (int(counts.this_one) === 0) return 'missing';
        if (int(counts.passkeys) <= 1) return 'last';
        await tx.query(`DELETE FROM ${passkeys} WHERE id = $1`, [id]);
        return 'deleted';
      });
    },

    async hit(key, windowMs, now) {
      const { rows } = await query(
        `INSERT INTO ${rateLimits} AS w (id, hits, reset_at) VALUES ($1, 1, $2)
        ON CONFLICT (id) DO UPDATE SET
          hits = CASE WHEN w.reset_at <= $3 THEN 1 ELSE w.hits + 1 END,
          reset_at = CASE WHEN w.reset_at <= $3 THEN excluded.reset_at ELSE w.reset_at END
        RETURNING hits, reset_at`,
        [key, now + windowMs, now],
      );
      return toCount(rows[0]);
    },
  };
}

/** The schema's history: `MIGRATIONS[n]` lists the statements taking the tables from version n to n + 1. */
const MIGRATIONS: ((prefix: string) => string[])[] = [
  // 1: users, passkeys, sessions, used challenges, rate-limit windows.
  (prefix) => [
    `CREATE TABLE IF NOT EXISTS "${prefix}users" (
      id text PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      webauthn_user_id text NOT NULL UNIQUE
    )`,
    `CREATE TABLE IF NOT EXISTS "${prefix}passkeys" (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES "${prefix}users" (id) ON DELETE CASCADE,
      name text NOT NULL,
      credential_id text NOT NULL UNIQUE,
      public_key text NOT NULL,
      counter bigint NOT NULL,
      transports text[],
      aaguid text,
      backed_up boolean NOT NULL,
      device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
      created_at text NOT NULL,
      last_used_at text,
      suspended_at text
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}passkeys_user_id" ON "${prefix}passkeys" (user_id)`,
    `CREATE TABLE IF NOT EXISTS "${prefix}sessions" (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES "${prefix}users" (id) ON DELETE CASCADE,
      passkey_id text,
      created_at bigint NOT NULL,
      authenticated_at bigint NOT NULL,
      last_seen_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      user_agent text
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}sessions_user_id" ON "${prefix}sessions" (user_id)`,
    `CREATE INDEX IF NOT EXISTS "${prefix}sessions_expires_at" ON "${prefix}sessions" (expires_at)`,
    `CREATE TABLE IF NOT EXISTS "${prefix}used_challenges" (
      id text PRIMARY KEY,
      expires_at bigint NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}used_challenges_expires_at" ON "${prefix}used_challenges" (expires_at)`,
    `CREATE TABLE IF NOT EXISTS "${prefix}rate_limits" (
      id text PRIMARY KEY,
      hits integer NOT NULL,
      reset_at bigint NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "${prefix}rate_limits_reset_at" ON "${prefix}rate_limits" (reset_at)`,
  ],
];

/**
 * Brings the tables to the latest version in the caller's transaction. The advisory lock (released at
 * commit) makes instances starting at once take turns: the next one finds the work done.
 */
async function migrate(tx: PostgresQueryable, prefix: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`passkey-elements ${prefix}`]);
  const versions = `"${prefix}schema_version"`;
  await tx.query(`CREATE TABLE IF NOT EXISTS ${versions} (
    id integer PRIMARY KEY CHECK (id = 1),
    version integer NOT NULL
  )`);
  const [row] = (await tx.query(`SELECT version FROM ${versions} WHERE id = 1`)).rows;
  const version = row ? int(row.version) : 0;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `The "${prefix}" tables are at schema version ${version}, newer than this passkey-elements knows (${MIGRATIONS.length}): upgrade passkey-elements.`,
    );
  }
  if (version === MIGRATIONS.length) return;
  for (const step of MIGRATIONS.slice(version)) {
    for (const statement of step(prefix)) await tx.query(statement);
  }
  await tx.query(
    `INSERT INTO ${versions} (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
    [MIGRATIONS.length],
  );
}
