/**
 * What the SQL stores (SQLite, PostgreSQL) have in common: the same columns,
 * the same mapping of rows to records, and the statements both databases run
 * alike. How a boolean and the transports list are stored differs, and each
 * store says how it keeps them; the statements that differ (a keep-last
 * delete, the rate-limit upsert, migrations) stay in the store.
 */
import type { PasskeyStore, RateLimitCount, StoredPasskey, StoredSession, StoredUser } from './store.js';

export type Row = Record<string, unknown>;

export const USER_COLUMNS = 'id, username, display_name, webauthn_user_id';
export const PASSKEY_COLUMNS =
  'id, user_id, name, credential_id, public_key, counter, transports, aaguid, backed_up, device_type, created_at, last_used_at, suspended_at';
export const SESSION_COLUMNS =
  'id, user_id, passkey_id, created_at, authenticated_at, last_seen_at, expires_at, user_agent';

export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`Unexpected ${typeof value} in a text column.`);
}
export const optionalText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : text(value);
// Integers may come back as strings (`pg`'s BIGINT) or bigints (SQLite drivers).
export const int = (value: unknown): number => Number(value);

export function toUser(row: Row): StoredUser {
  return {
    id: text(row.id),
    username: text(row.username),
    displayName: text(row.display_name),
    webauthnUserId: text(row.webauthn_user_id),
  };
}

/** A value the common statements bind: text, a number, NULL, or what the store binds a boolean or list as (`P`). */
export type SqlValue<P> = string | number | null | P;

/** How a store keeps what SQL has no common type for. */
export interface PasskeyColumns<P> {
  backedUp(value: unknown): boolean;
  /** Undefined when the column is NULL. */
  transports(value: unknown): string[] | undefined;
  bindBackedUp(value: boolean): SqlValue<P>;
  bindTransports(value: string[]): SqlValue<P>;
}

export function toPasskey<P>(row: Row, columns: PasskeyColumns<P>): StoredPasskey {
  const passkey: StoredPasskey = {
    id: text(row.id),
    userId: text(row.user_id),
    name: text(row.name),
    credentialId: text(row.credential_id),
    publicKey: text(row.public_key),
    counter: int(row.counter),
    backedUp: columns.backedUp(row.backed_up),
    deviceType: text(row.device_type) === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    createdAt: text(row.created_at),
  };
  // Optional fields are left out rather than set to undefined, as they were given.
  const transports = columns.transports(row.transports);
  if (transports !== undefined) passkey.transports = transports;
  const aaguid = optionalText(row.aaguid);
  if (aaguid !== undefined) passkey.aaguid = aaguid;
  const lastUsedAt = optionalText(row.last_used_at);
  if (lastUsedAt !== undefined) passkey.lastUsedAt = lastUsedAt;
  const suspendedAt = optionalText(row.suspended_at);
  if (suspendedAt !== undefined) passkey.suspendedAt = suspendedAt;
  return passkey;
}

export function toSession(row: Row): StoredSession {
  const session: StoredSession = {
    id: text(row.id),
    userId: text(row.user_id),
    createdAt: int(row.created_at),
    authenticatedAt: int(row.authenticated_at),
    lastSeenAt: int(row.last_seen_at),
    expiresAt: int(row.expires_at),
  };
  const passkeyId = optionalText(row.passkey_id);
  if (passkeyId !== undefined) session.passkeyId = passkeyId;
  const userAgent = optionalText(row.user_agent);
  if (userAgent !== undefined) session.userAgent = userAgent;
  return session;
}

export const toCount = (row: Row): RateLimitCount => ({ count: int(row.hits), resetAt: int(row.reset_at) });

export const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** The quoted table names for a (validated) prefix. */
export function tableNames(prefix: string) {
  return {
    users: `"${prefix}users"`,
    passkeys: `"${prefix}passkeys"`,
    sessions: `"${prefix}sessions"`,
    usedChallenges: `"${prefix}used_challenges"`,
    rateLimits: `"${prefix}rate_limits"`,
  };
}

/**
 * The database as the common statements use it. They mark each parameter with `?` and hold no `?`
 * otherwise, so a store with numbered parameters can number them in order.
 */
export interface SqlConnection<P> {
  /** Runs a statement that returns no rows. */
  run(sql: string, values: SqlValue<P>[]): unknown;
  /** Runs a statement and resolves to its rows (SELECT, or a write with RETURNING). */
  all(sql: string, values: SqlValue<P>[]): Row[] | Promise<Row[]>;
}

export interface SqlStoreParts<P> {
  db: SqlConnection<P>;
  tables: ReturnType<typeof tableNames>;
  columns: PasskeyColumns<P>;
  /** The column that orders rows created in the same millisecond: `id`, or SQLite's insertion order `rowid`. */
  tieBreak: string;
}

/** The store methods whose statements are the same in SQLite and PostgreSQL. */
export function sqlStoreMethods<P>({
  db,
  tables: { users, passkeys, sessions, usedChallenges, rateLimits },
  columns,
  tieBreak,
}: SqlStoreParts<P>): Omit<PasskeyStore, 'deletePasskey' | 'hit'> {
  const first = async (sql: string, values: SqlValue<P>[]): Promise<Row | undefined> => (await db.all(sql, values))[0];
  const passkey = (row: Row) => toPasskey(row, columns);
  /** A lookup by one column: the record of the first row, or undefined. */
  const lookup =
    <T>(select: string, toRecord: (row: Row) => T) =>
    async (value: string): Promise<T | undefined> => {
      const row = await first(select, [value]);
      return row && toRecord(row);
    };
  const bindBackedUp = (value: boolean | undefined) => (value === undefined ? null : columns.bindBackedUp(value));

  return {
    getUser: lookup(`SELECT ${USER_COLUMNS} FROM ${users} WHERE id = ?`, toUser),
    getUserByUsername: lookup(`SELECT ${USER_COLUMNS} FROM ${users} WHERE username = ?`, toUser),
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
        `SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE user_id = ? ORDER BY created_at, ${tieBreak}`,
        [userId],
      );
      return rows.map(passkey);
    },
    getPasskey: lookup(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE id = ?`, passkey),
    getPasskeyByCredentialId: lookup(`SELECT ${PASSKEY_COLUMNS} FROM ${passkeys} WHERE credential_id = ?`, passkey),
    async createPasskey(p) {
      await db.run(`INSERT INTO ${passkeys} (${PASSKEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        p.id,
        p.userId,
        p.name,
        p.credentialId,
        p.publicKey,
        p.counter,
        p.transports === undefined ? null : columns.bindTransports(p.transports),
        orNull(p.aaguid),
        columns.bindBackedUp(p.backedUp),
        p.deviceType,
        p.createdAt,
        orNull(p.lastUsedAt),
        orNull(p.suspendedAt),
      ]);
    },
    async updatePasskey(id, patch, expected) {
      // A field left out of the patch (or undefined) binds NULL and keeps its value. With `expected`,
      // the counter check is in the same statement: of two updates expecting one counter, one matches
      // (in PostgreSQL the second waits for the first's row lock, then finds the row changed).
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
          bindBackedUp(patch.backedUp),
          orNull(patch.deviceType),
          orNull(patch.suspendedAt),
          id,
          ...(expected ? [expected.counter] : []),
        ],
      );
      return row && passkey(row);
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
    getSession: lookup(`SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE id = ?`, toSession),
    async updateSession(id, patch) {
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
      const rows = await db.all(
        `SELECT ${SESSION_COLUMNS} FROM ${sessions} WHERE user_id = ? ORDER BY created_at, ${tieBreak}`,
        [userId],
      );
      return rows.map(toSession);
    },
    async deleteSessions(userId, { passkeyId, exceptId } = {}) {
      let where = 'user_id = ?';
      const values: SqlValue<P>[] = [userId];
      if (passkeyId !== undefined) {
        where += ' AND passkey_id = ?';
        values.push(passkeyId);
      }
      if (exceptId !== undefined) {
        where += ' AND id <> ?';
        values.push(exceptId);
      }
      return (await db.all(`DELETE FROM ${sessions} WHERE ${where} RETURNING id`, values)).length;
    },

    async useChallenge(id, expiresAt) {
      // A second insert of the same id waits for the first to commit, then conflicts and returns nothing.
      const rows = await db.all(
        `INSERT INTO ${usedChallenges} (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, expiresAt],
      );
      return rows.length > 0;
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
