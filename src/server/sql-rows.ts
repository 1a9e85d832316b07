/**
 * Rows to records for the SQL stores (SQLite, PostgreSQL): the same columns
 * and the same mapping; only how a boolean and the transports list are stored
 * differs, and each store says how it reads them.
 */
import type { RateLimitCount, StoredPasskey, StoredSession, StoredUser } from './store.js';

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

/** How a store keeps what SQL has no common type for. */
export interface PasskeyColumns {
  backedUp(value: unknown): boolean;
  /** Undefined when the column is NULL. */
  transports(value: unknown): string[] | undefined;
}

export function toPasskey(row: Row, columns: PasskeyColumns): StoredPasskey {
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
