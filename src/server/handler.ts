/**
 * The reference backend: the REST contract of the README as one Fetch API
 * handler `(Request) => Promise<Response>`. Only Web-standard APIs and
 * `@simplewebauthn/server`, so it runs in Node, Deno, Bun and edge runtimes.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { createMemoryStore } from './store.js';
import type { PasskeyStore, StoredChallenge, StoredPasskey, StoredUser } from './store.js';

export interface PasskeyHandlerOptions {
  /** Path the REST contract is mounted at. Default `/api/passkeys`. */
  basePath?: string;
  /**
   * WebAuthn relying party id. Default: the hostname of the request URL.
   * Set it (and `origins`) in production: the defaults trust the Host header.
   */
  rpID?: string;
  /** Relying party name shown by some authenticators. Default `passkey-elements`. */
  rpName?: string;
  /** Origins the ceremonies and state-changing requests may come from. Default: the request URL's origin. */
  origins?: string | string[];
  /** Where users, passkeys and challenges live. Default: a new in-memory store. */
  store?: PasskeyStore;
  /**
   * HMAC key for the session cookie. Default: random per process, so sessions
   * end on restart and are not shared between processes.
   */
  secret?: string;
  /** How long an issued challenge stays usable. Default 5 minutes. */
  challengeTtlMs?: number;
  /** Session cookie name. Default `pk_session`. */
  sessionCookie?: string;
  /** Whether a visitor without a session may create an account with its first passkey. Default true. */
  allowSignUp?: boolean;
  /** Sent as `redirectTo` after a successful sign-in. */
  redirectTo?: string;
  /** Clock, in epoch milliseconds (for tests). Default `Date.now`. */
  now?: () => number;
}

export type PasskeyHandler = ((request: Request) => Promise<Response>) & {
  /** The store in use (the in-memory default unless one was given). */
  readonly store: PasskeyStore;
};

/** A user as the REST contract shows it. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

/** A passkey as the REST contract shows it: never the public key, counter or owner. */
export interface PublicPasskey {
  id: string;
  name: string;
  createdAt: string;
  credentialId: string;
  lastUsedAt?: string;
  aaguid?: string;
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  transports: string[];
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT_LENGTH = 64;
const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const CEREMONY_TIMEOUT_MS = 60_000;
// A fake credential for an unknown username looks like a typical synced passkey.
const FAKE_TRANSPORTS = ['hybrid', 'internal'];

const encoder = new TextEncoder();

type ErrorCode = 'server' | 'unauthorized' | 'verification-failed' | 'unknown-credential' | 'already-registered';

/** A failure with a status and an error code of the contract; the dispatcher turns it into a JSON reply. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new HttpError(400, 'server', message);
const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
const notFound = () => new HttpError(404, 'server', 'Not found.');
const unknownCredential = () =>
  new HttpError(404, 'unknown-credential', 'This passkey is not registered here (it may have been deleted).');
const challengeExpired = () =>
  new HttpError(
    400,
    'verification-failed',
    'This request has expired or was already used. Please try again.',
    'challenge-expired',
  );

function verificationFailed(error?: unknown): HttpError {
  // The library's messages name the mismatch (origin, RP ID, counter...) and carry no secret: worth showing a developer.
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '.';
  return new HttpError(400, 'verification-failed', `The passkey could not be verified${detail}`);
}

// ---------------------------------------------------------------- encoding

function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new TypeError('Not base64url');
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const randomId = () => bytesToBase64url(randomBytes(16));

// ---------------------------------------------------------------- HMAC and the session cookie

function importHmacKey(secret: string | Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

async function hmac(key: CryptoKey, message: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

async function signSession(key: CryptoKey, userId: string, expiresAt: number): Promise<string> {
  const mac = await hmac(key, `${userId}.${expiresAt}`);
  return `${encodeURIComponent(userId)}.${expiresAt}.${bytesToBase64url(mac)}`;
}

/**
 * The value of a session cookie for `userId`, valid for 7 days from `now`:
 * `<userId>.<expiry ms>.<base64url HMAC-SHA256(secret, userId + '.' + expiry)>`.
 * Exported for tests and for apps that sign users in some other way.
 */
export async function createSessionCookie(secret: string, userId: string, now: number = Date.now()): Promise<string> {
  return signSession(await importHmacKey(secret), userId, now + SESSION_TTL_MS);
}

/** The user id of a valid, unexpired session cookie value; undefined otherwise. */
async function readSession(key: CryptoKey, value: string, now: number): Promise<string | undefined> {
  const macAt = value.lastIndexOf('.');
  const expiryAt = value.lastIndexOf('.', macAt - 1);
  if (expiryAt <= 0) return undefined;
  const expiry = value.slice(expiryAt + 1, macAt);
  if (!/^\d{1,16}$/.test(expiry) || Number(expiry) <= now) return undefined;
  let userId: string;
  let mac: Uint8Array<ArrayBuffer>;
  try {
    userId = decodeURIComponent(value.slice(0, expiryAt));
    mac = base64urlToBytes(value.slice(macAt + 1));
  } catch {
    return undefined;
  }
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', key, mac, encoder.encode(`${userId}.${expiry}`));
  return valid ? userId : undefined;
}

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// A random secret per process, made on first use: some edge runtimes refuse randomness at module load.
let processSecret: string | undefined;
const defaultSecret = () => (processSecret ??= bytesToBase64url(randomBytes(32)));

// ---------------------------------------------------------------- responses

function json(status: number, body: unknown, init?: Headers): Response {
  const headers = new Headers(init);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(JSON.stringify(body), { status, headers });
}

function noContent(init?: Headers): Response {
  const headers = new Headers(init);
  headers.set('Cache-Control', 'no-store');
  return new Response(null, { status: 204, headers });
}

function errorResponse(error: HttpError, headers?: Headers): Response {
  const body = { code: error.code, message: error.message, ...(error.reason ? { reason: error.reason } : {}) };
  return json(error.status, { error: body }, headers);
}

const publicUser = (user: StoredUser): PublicUser => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
});

const publicPasskey = (p: StoredPasskey): PublicPasskey => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt,
  credentialId: p.credentialId,
  ...(p.lastUsedAt ? { lastUsedAt: p.lastUsedAt } : {}),
  ...(p.aaguid ? { aaguid: p.aaguid } : {}),
  backedUp: p.backedUp,
  deviceType: p.deviceType,
  transports: p.transports ?? [],
});

// ---------------------------------------------------------------- request bodies

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The body as text ('' when there is none), at most 64 KB, and JSON-typed when present. */
async function readBodyText(request: Request): Promise<string> {
  const declared = request.headers.get('Content-Length');
  if (declared && Number(declared) > MAX_BODY_BYTES) throw badRequest('The request body is too large.');
  if (!request.body) return '';

  // Read chunk by chunk so an oversized body is refused without buffering it all.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw badRequest('The request body is too large.');
    }
    chunks.push(value);
  }
  if (total === 0) return '';

  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'server', 'The request body must be application/json.');

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
}

/** The JSON object in the body. With `optional`, no body at all reads as `{}`. */
async function readJsonObject(request: Request, what: string, optional = false): Promise<Json> {
  const text = await readBodyText(request);
  if (text === '') {
    if (optional) return {};
    throw badRequest(`The request body must be ${what}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (!isObject(value)) throw badRequest(`The request body must be ${what}.`);
  return value;
}

/** A trimmed string field of at most 64 characters; absent, null or blank → undefined. */
function optionalText(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${field}" must be a string.`);
  const trimmed = value.trim();
  if ([...trimmed].length > MAX_TEXT_LENGTH)
    throw badRequest(`"${field}" must be at most ${MAX_TEXT_LENGTH} characters.`);
  return trimmed === '' ? undefined : trimmed;
}

function parseAuthenticationResponse(body: Json): AuthenticationResponseJSON {
  const r = body.response;
  const valid =
    isNonEmptyString(body.id) &&
    isNonEmptyString(body.rawId) &&
    body.type === 'public-key' &&
    isObject(r) &&
    isNonEmptyString(r.clientDataJSON) &&
    isNonEmptyString(r.authenticatorData) &&
    isNonEmptyString(r.signature) &&
    (r.userHandle === undefined || r.userHandle === null || typeof r.userHandle === 'string') &&
    (body.clientExtensionResults === undefined || isObject(body.clientExtensionResults));
  if (!valid) throw badRequest('The request body is not a WebAuthn authentication response.');
  const response = { ...r, userHandle: r.userHandle ?? undefined };
  return { ...body, response, clientExtensionResults: body.clientExtensionResults ?? {} } as AuthenticationResponseJSON;
}

function parseRegistrationResponse(body: Json): RegistrationResponseJSON {
  const r = body.response;
  const valid =
    isNonEmptyString(body.id) &&
    isNonEmptyString(body.rawId) &&
    body.type === 'public-key' &&
    isObject(r) &&
    isNonEmptyString(r.clientDataJSON) &&
    isNonEmptyString(r.attestationObject) &&
    (r.transports === undefined || isStringArray(r.transports)) &&
    (body.clientExtensionResults === undefined || isObject(body.clientExtensionResults));
  if (!valid) throw badRequest('The request body is not a WebAuthn registration response.');
  return { ...body, clientExtensionResults: body.clientExtensionResults ?? {} } as RegistrationResponseJSON;
}

/** The challenge inside a response's base64url clientDataJSON. */
function challengeOf(clientDataJSON: string): string {
  try {
    const data: unknown = JSON.parse(new TextDecoder().decode(base64urlToBytes(clientDataJSON)));
    if (isObject(data) && isNonEmptyString(data.challenge)) return data.challenge;
  } catch {
    // Reported below.
  }
  throw new HttpError(400, 'verification-failed', 'The passkey response could not be read (client data).');
}

/** "Passkey", then "Passkey 2", "Passkey 3"…, skipping names the user already has. */
function nextPasskeyName(existing: StoredPasskey[]): string {
  const taken = new Set(existing.map((p) => p.name));
  for (let n = existing.length + 1; ; n++) {
    const name = n === 1 ? 'Passkey' : `Passkey ${n}`;
    if (!taken.has(name)) return name;
  }
}

function normalizeBasePath(path: string): string {
  return `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
}

// ---------------------------------------------------------------- the handler

interface RequestContext {
  request: Request;
  url: URL;
  rpID: string;
  origins: string[];
}

type Route = (ctx: RequestContext, id: string) => Promise<Response>;

export function createPasskeyHandler(options: PasskeyHandlerOptions = {}): PasskeyHandler {
  const base = normalizeBasePath(options.basePath ?? '/api/passkeys');
  const rpName = options.rpName ?? 'passkey-elements';
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore({ now });
  const challengeTtlMs = options.challengeTtlMs ?? 5 * 60 * 1000;
  const cookieName = options.sessionCookie ?? 'pk_session';
  const allowSignUp = options.allowSignUp ?? true;
  const configuredOrigins =
    options.origins === undefined
      ? undefined
      : (Array.isArray(options.origins) ? options.origins : [options.origins]).map((o) => new URL(o).origin);

  if (options.secret === '') throw new TypeError('`secret` must not be empty.');
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookieName))
    throw new TypeError('`sessionCookie` is not a valid cookie name.');

  // Two keys: the session key, and one derived from it for fake credential ids, so an id
  // issued for a chosen "username" can never double as a session signature.
  let keys: Promise<{ session: CryptoKey; fakeCredential: CryptoKey }> | undefined;
  const getKeys = () =>
    (keys ??= (async () => {
      const session = await importHmacKey(options.secret ?? defaultSecret());
      const fakeCredential = await importHmacKey(await hmac(session, 'passkey-elements/unknown-user-credential'));
      return { session, fakeCredential };
    })());

  const isoNow = () => new Date(now()).toISOString();

  async function sessionUser(ctx: RequestContext): Promise<StoredUser | undefined> {
    const value = readCookie(ctx.request, cookieName);
    if (!value) return undefined;
    const userId = await readSession((await getKeys()).session, value, now());
    return userId === undefined ? undefined : store.getUser(userId);
  }

  async function requireUser(ctx: RequestContext): Promise<StoredUser> {
    const user = await sessionUser(ctx);
    if (!user) throw unauthorized('Sign in to manage your passkeys.');
    return user;
  }

  function cookieAttributes(ctx: RequestContext, maxAgeSeconds: number): string {
    const secure = ctx.url.protocol === 'https:' ? '; Secure' : '';
    return `Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure}`;
  }

  async function sessionHeaders(ctx: RequestContext, userId: string): Promise<Headers> {
    const value = await signSession((await getKeys()).session, userId, now() + SESSION_TTL_MS);
    return new Headers({ 'Set-Cookie': `${cookieName}=${value}; ${cookieAttributes(ctx, SESSION_TTL_MS / 1000)}` });
  }

  async function saveChallenge(challenge: string, record: Omit<StoredChallenge, 'challenge' | 'expiresAt'>) {
    await store.saveChallenge({ ...record, challenge, expiresAt: now() + challengeTtlMs });
  }

  /** Takes (and so burns) the challenge a response answers; refuses a missing, expired or wrong-kind one. */
  async function takeChallenge(clientDataJSON: string, kind: StoredChallenge['kind']): Promise<StoredChallenge> {
    const stored = await store.takeChallenge(challengeOf(clientDataJSON));
    if (!stored || stored.kind !== kind || stored.expiresAt <= now()) throw challengeExpired();
    return stored;
  }

  /** The user's own passkey; someone else's is reported exactly like a missing one. */
  async function ownPasskey(user: StoredUser, id: string): Promise<StoredPasskey> {
    const passkey = await store.getPasskey(id);
    if (!passkey || passkey.userId !== user.id) throw unknownCredential();
    return passkey;
  }

  const authenticationOptions: Route = async (ctx) => {
    const body = await readJsonObject(ctx.request, 'a JSON object', true);
    const username = optionalText(body, 'username');
    let allowCredentials: { id: string; transports: string[] }[] | undefined;
    if (username !== undefined) {
      // Same lookups and the same HMAC whether or not the user exists: neither the reply nor
      // its timing tells an unknown username from a known one.
      const user = await store.getUserByUsername(username);
      const passkeys = await store.listPasskeys(user?.id ?? '');
      const fakeId = bytesToBase64url(await hmac((await getKeys()).fakeCredential, username));
      allowCredentials =
        user && passkeys.length > 0
          ? passkeys.map((p) => ({ id: p.credentialId, transports: p.transports ?? [] }))
          : [{ id: fakeId, transports: FAKE_TRANSPORTS }];
    }
    const result = await generateAuthenticationOptions({
      rpID: ctx.rpID,
      userVerification: 'preferred',
      allowCredentials,
      timeout: CEREMONY_TIMEOUT_MS,
    });
    await saveChallenge(result.challenge, { kind: 'authentication' });
    return json(200, result);
  };

  const authenticationVerify: Route = async (ctx) => {
    const response = parseAuthenticationResponse(
      await readJsonObject(ctx.request, 'a WebAuthn authentication response'),
    );
    const challenge = await takeChallenge(response.response.clientDataJSON, 'authentication');

    const passkey = await store.getPasskeyByCredentialId(response.id);
    const user = passkey && (await store.getUser(passkey.userId));
    if (!passkey || !user) throw unknownCredential();
    // A discoverable credential names its user: it must be the passkey's owner.
    if (response.response.userHandle && response.response.userHandle !== user.webauthnUserId) {
      throw new HttpError(400, 'verification-failed', 'The passkey does not belong to the account it names.');
    }

    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: ctx.origins,
        expectedRPID: ctx.rpID,
        credential: {
          id: passkey.credentialId,
          publicKey: base64urlToBytes(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports,
        },
        requireUserVerification: false,
      });
    } catch (error) {
      throw verificationFailed(error);
    }
    if (!verification.verified) throw verificationFailed();

    const info = verification.authenticationInfo;
    await store.updatePasskey(passkey.id, {
      counter: info.newCounter,
      lastUsedAt: isoNow(),
      // Backup state can change over a passkey's life (e.g. once it syncs).
      backedUp: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
    });
    const result = { user: publicUser(user), ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}) };
    return json(200, result, await sessionHeaders(ctx, user.id));
  };

  const registrationOptions: Route = async (ctx) => {
    const body = await readJsonObject(ctx.request, 'a JSON object', true);
    const username = optionalText(body, 'username');
    const displayName = optionalText(body, 'displayName');

    // A signed-in user adds a passkey to their account; anyone else may only create a new account.
    const current = await sessionUser(ctx);
    let user: StoredUser;
    if (current) {
      user = current;
    } else {
      if (username === undefined) throw unauthorized('Sign in to add a passkey.');
      if (await store.getUserByUsername(username)) throw unauthorized('Sign in to add a passkey to this account.');
      if (!allowSignUp) throw unauthorized('Sign in to add a passkey.');
      // Not stored yet: the account only exists once its first passkey is verified.
      user = {
        id: randomId(),
        username,
        displayName: displayName ?? username,
        webauthnUserId: bytesToBase64url(randomBytes(32)),
      };
    }

    const existing = current ? await store.listPasskeys(user.id) : [];
    const result = await generateRegistrationOptions({
      rpName,
      rpID: ctx.rpID,
      userName: user.username,
      userDisplayName: user.displayName,
      userID: base64urlToBytes(user.webauthnUserId),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      timeout: CEREMONY_TIMEOUT_MS,
    });
    await saveChallenge(
      result.challenge,
      current ? { kind: 'registration', userId: user.id } : { kind: 'registration', pendingUser: user },
    );
    return json(200, result);
  };

  const registrationVerify: Route = async (ctx) => {
    const response = parseRegistrationResponse(await readJsonObject(ctx.request, 'a WebAuthn registration response'));
    const challenge = await takeChallenge(response.response.clientDataJSON, 'registration');

    let owner: StoredUser;
    if (challenge.userId !== undefined) {
      // Adding to an account needs that account's session now too, not only when the options were issued.
      const current = await sessionUser(ctx);
      if (!current || current.id !== challenge.userId) throw unauthorized('Sign in again to add a passkey.');
      owner = current;
    } else if (challenge.pendingUser) {
      owner = challenge.pendingUser;
    } else {
      throw challengeExpired();
    }

    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: ctx.origins,
        expectedRPID: ctx.rpID,
        requireUserVerification: false,
      });
    } catch (error) {
      throw verificationFailed(error);
    }
    if (!verification.verified) throw verificationFailed();
    const info = verification.registrationInfo;

    if (await store.getPasskeyByCredentialId(info.credential.id)) {
      throw new HttpError(409, 'already-registered', 'This passkey is already registered.');
    }
    if (challenge.pendingUser) {
      // Someone may have taken the username since the options were issued.
      if (await store.getUserByUsername(owner.username)) {
        throw unauthorized('This username was taken meanwhile. Sign in to add a passkey to that account.');
      }
      await store.createUser(owner);
    }

    const passkey: StoredPasskey = {
      id: randomId(),
      userId: owner.id,
      name: nextPasskeyName(await store.listPasskeys(owner.id)),
      credentialId: info.credential.id,
      publicKey: bytesToBase64url(info.credential.publicKey),
      counter: info.credential.counter,
      transports: response.response.transports ?? info.credential.transports ?? [],
      aaguid: info.aaguid,
      backedUp: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
      createdAt: isoNow(),
    };
    await store.createPasskey(passkey);
    return json(200, publicPasskey(passkey), await sessionHeaders(ctx, owner.id));
  };

  const listPasskeys: Route = async (ctx) => {
    const user = await requireUser(ctx);
    const passkeys = [...(await store.listPasskeys(user.id))].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
    );
    return json(200, { passkeys: passkeys.map(publicPasskey), rpId: ctx.rpID, userHandle: user.webauthnUserId });
  };

  const renamePasskey: Route = async (ctx, id) => {
    const user = await requireUser(ctx);
    const body = await readJsonObject(ctx.request, 'a JSON object with a "name"');
    const name = typeof body.name === 'string' ? body.name.trim() : undefined;
    const length = name === undefined ? 0 : [...name].length;
    if (name === undefined || length < 1 || length > MAX_TEXT_LENGTH || /\p{Cc}/u.test(name)) {
      throw badRequest(`The name must be 1 to ${MAX_TEXT_LENGTH} characters, without control characters.`);
    }
    await ownPasskey(user, id);
    const updated = await store.updatePasskey(id, { name });
    if (!updated) throw unknownCredential();
    return json(200, publicPasskey(updated));
  };

  const deletePasskey: Route = async (ctx, id) => {
    const user = await requireUser(ctx);
    await ownPasskey(user, id);
    if (!(await store.deletePasskey(id))) throw unknownCredential();
    return noContent();
  };

  const session: Route = async (ctx) => {
    const user = await sessionUser(ctx);
    return json(200, { user: user ? publicUser(user) : null });
  };

  const signOut: Route = async (ctx) => {
    await readBodyText(ctx.request); // Nothing expected, but a body must still be well-formed.
    return noContent(new Headers({ 'Set-Cookie': `${cookieName}=; ${cookieAttributes(ctx, 0)}` }));
  };

  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/authentication/options': { POST: authenticationOptions },
    '/authentication/verify': { POST: authenticationVerify },
    '/registration/options': { POST: registrationOptions },
    '/registration/verify': { POST: registrationVerify },
    '/passkeys': { GET: listPasskeys },
    '/passkeys/:id': { PATCH: renamePasskey, DELETE: deletePasskey },
    '/session': { GET: session },
    '/session/sign-out': { POST: signOut },
  };

  /** The route pattern and the `:id` parameter for a path below the base path. */
  function match(path: string): { pattern: string; id: string } | undefined {
    if (routes[path]) return { pattern: path, id: '' };
    const param = /^\/passkeys\/([^/]+)$/.exec(path);
    if (!param) return undefined;
    try {
      return { pattern: '/passkeys/:id', id: decodeURIComponent(param[1]) };
    } catch {
      return undefined;
    }
  }

  /** CSRF defence for state-changing requests: an expected Origin and a header no form can send. */
  function checkCsrf(ctx: RequestContext): void {
    const origin = ctx.request.headers.get('Origin');
    if (!origin || !ctx.origins.includes(origin)) throw new HttpError(403, 'unauthorized', 'Request origin refused.');
    if (!ctx.request.headers.has('X-Requested-With')) {
      throw new HttpError(403, 'unauthorized', 'The X-Requested-With header is required.');
    }
  }

  async function dispatch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path !== base && !path.startsWith(`${base}/`)) throw notFound();
    const found = match(path.slice(base.length));
    if (!found) throw notFound();
    const methods = routes[found.pattern];
    const route = methods[request.method];
    if (!route) {
      const allow = Object.keys(methods).join(', ');
      return errorResponse(new HttpError(405, 'server', `Use ${allow}.`), new Headers({ Allow: allow }));
    }

    const ctx: RequestContext = {
      request,
      url,
      rpID: options.rpID ?? url.hostname,
      origins: configuredOrigins ?? [url.origin],
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') checkCsrf(ctx);
    return route(ctx, found.id);
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      return await dispatch(request);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      // Log the error, never the request: bodies hold credentials.
      console.error('passkey-elements server: unexpected error', error);
      return errorResponse(new HttpError(500, 'server', 'Internal error'));
    }
  };
  return Object.assign(handler, { store });
}
