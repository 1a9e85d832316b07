/**
 * `passkey-elements/server`: the reference backend for the REST contract,
 * on top of `@simplewebauthn/server` (an optional peer dependency).
 */
export { createPasskeyHandler } from './handler.js';
export type {
  PasskeyHandler,
  PasskeyHandlerOptions,
  PublicPasskey,
  PublicSession,
  PublicUser,
  RequestInfo,
  SessionInfo,
} from './handler.js';
export type { HasHeaders } from './http.js';
export type { RateLimit, RateLimitOptions } from './rate-limits.js';
export { createMemoryStore } from './store.js';
export type {
  MemoryStore,
  MemoryStoreOptions,
  MemoryStoreSnapshot,
  PasskeyPatch,
  PasskeyStore,
  RateLimitCount,
  SessionPatch,
  StoredPasskey,
  StoredSession,
  StoredUser,
} from './store.js';
export { createSqliteStore, fromSqlJs } from './sqlite-store.js';
export type { SqliteDatabase, SqliteParam, SqliteRow, SqliteStoreOptions, SqlJsDatabaseLike } from './sqlite-store.js';
export { createPostgresStore } from './postgres-store.js';
export type {
  PostgresClient,
  PostgresQueryable,
  PostgresResult,
  PostgresRow,
  PostgresStoreOptions,
} from './postgres-store.js';
export { toNodeListener } from './node.js';
export type { NodeListenerOptions } from './node.js';
