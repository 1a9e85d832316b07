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
import type { PasskeyPatch, PasskeyStore, SessionPatch } from './store.js';
import {
  PASSKEY_COLUMNS,
  SESSION_COLUMNS,
  USER_COLUMNS,
  int,
  orNull,
  text,
  toCount,
  toPasskey as toStoredPasskey,
  toSession,
  toUser,
} from './sql-rows.js';
import type { PasskeyColumns } from './sql-rows.js';

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
const columns: PasskeyColumns = {
  backedUp: (value) => value === true,
  transports: (value) => (Array.isArray(value) ? value.map(text) : undefined),
};
const toPasskey = (row: PostgresRow) => toStoredPasskey(row, columns);

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

  const users = `"${prefix}users"`;
  const passkeys = `"${prefix}passkeys"`;
  const sessions = `"${prefix}sessions"`;
  const usedChallenges = `"${prefix}used_challenges"`;
  const rateLimits = `"${prefix}rate_limits"`;

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
  const first = async (sql: string, values: unknown[]): Promise<PostgresRow | undefined> =>
    (await query(sql, values)).rows[0];

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

  return {
    async getUser(id) {
      const row = await first(`SELECT ${USER_COLUMNS} FROM ${users} WHERE id = $1`, [id]);
      return row && toUser(row);
    },
    async getUserByUsername(username) {
      const row = await first(`SELECT ${USER_COLUMNS} FROM ${users} WHERE username = $1`, [username]);
      return row && toUser(row);
    },
    async createUser(user) {
      await query(`INSERT INTO ${users} (${USER_COLUMNS}) VALUES ($1, $2, $3, $4)`, [
        user.id,
        user.username,
        user.displayName,
        user.webauthnUserId,
      ]);
    },

    async listPasskeys(userId) {
      const { rows } = await query(
        `SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toPasskey);
    },
    async getPasskey(id) {
      const row = await first(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE id = $1`, [id]);
      return row && toPasskey(row);
    },
    async getPasskeyByCredentialId(credentialId) {
      const row = await first(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE credential_id = $1`, [credentialId]);
      return row && toPasskey(row);
    },
    async createPasskey(p) {
      await query(
        `INSERT INTO ${passkeys} (${PASSKEY_COLUMNS})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          p.id,
          p.userId,
          p.name,
          p.credentialId,
          p.publicKey,
          p.counter,
          orNull(p.transports),
          orNull(p.aaguid),
          p.backedUp,
          p.deviceType,
          p.createdAt,
          orNull(p.lastUsedAt),
          orNull(p.suspendedAt),
        ],
      );
    },
    async updatePasskey(id, patch: PasskeyPatch, expected) {
      // A field left out of the patch (or undefined) binds NULL and keeps its value. With `expected`, the
      // counter check is in the same statement: a second update expecting the same counter waits for the
      // first, then finds the row changed and matches nothing.
      const row = await first(
        `UPDATE ${passkeys} SET
          name = COALESCE($1, name),
          counter = COALESCE($2, counter),
          last_used_at = COALESCE($3, last_used_at),
          backed_up = COALESCE($4, backed_up),
          device_type = COALESCE($5, device_type),
          suspended_at = COALESCE($6, suspended_at)
        WHERE id = $7${expected ? ' AND counter = $8' : ''} RETURNING ${PASSKEY_COLUMNS}`,
        [
          orNull(patch.name),
          orNull(patch.counter),
          orNull(patch.lastUsedAt),
          orNull(patch.backedUp),
          orNull(patch.deviceType),
          orNull(patch.suspendedAt),
          id,
          ...(expected ? [expected.counter] : []),
        ],
      );
      return row && toPasskey(row);
    },
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

    async createSession(s) {
      await query(`INSERT INTO ${sessions} (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
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
      const row = await first(`SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE id = $1`, [id]);
      return row && toSession(row);
    },
    async updateSession(id, patch: SessionPatch) {
      const { rows } = await query(
        `UPDATE ${sessions} SET
          authenticated_at = COALESCE($1, authenticated_at),
          last_seen_at = COALESCE($2, last_seen_at),
          passkey_id = COALESCE($3, passkey_id)
        WHERE id = $4 RETURNING id`,
        [orNull(patch.authenticatedAt), orNull(patch.lastSeenAt), orNull(patch.passkeyId), id],
      );
      return rows.length > 0;
    },
    async deleteSession(id) {
      const { rows } = await query(`DELETE FROM ${sessions} WHERE id = $1 RETURNING id`, [id]);
      return rows.length > 0;
    },
    async listSessions(userId) {
      const { rows } = await query(
        `SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toSession);
    },
    async deleteSessions(userId, { passkeyId, exceptId } = {}) {
      const values: unknown[] = [userId];
      let where = 'user_id = $1';
      if (passkeyId !== undefined) {
        values.push(passkeyId);
        where += ` AND passkey_id = $${values.length}`;
      }
      if (exceptId !== undefined) {
        values.push(exceptId);
        where += ` AND id <> $${values.length}`;
      }
      return (await query(`DELETE FROM ${sessions} WHERE ${where} RETURNING id`, values)).rows.length;
    },

    async useChallenge(id, expiresAt) {
      // A second insert of the same id waits for the first to commit, then conflicts and returns nothing.
      const { rows } = await query(
        `INSERT INTO ${usedChallenges} (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, expiresAt],
      );
      return rows.length > 0;
    },

    async hit(key, windowMs, now) {
      const row = await first(
        `INSERT INTO ${rateLimits} AS w (id, hits, reset_at) VALUES ($1, 1, $2)
        ON CONFLICT (id) DO UPDATE SET
          hits = CASE WHEN w.reset_at <= $3 THEN 1 ELSE w.hits + 1 END,
          reset_at = CASE WHEN w.reset_at <= $3 THEN excluded.reset_at ELSE w.reset_at END
        RETURNING hits, reset_at`,
        [key, now + windowMs, now],
      );
      return toCount(row!);
    },
    async getHits(key, now) {
      const row = await first(`SELECT hits, reset_at FROM ${rateLimits} WHERE id = $1 AND reset_at > $2`, [key, now]);
      return row && toCount(row);
    },

    async purge(now) {
      await query(`DELETE FROM ${sessions} WHERE expires_at <= $1`, [now]);
      await query(`DELETE FROM ${usedChallenges} WHERE expires_at <= $1`, [now]);
      await query(`DELETE FROM ${rateLimits} WHERE reset_at <= $1`, [now]);
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
