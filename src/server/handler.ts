/**
 * The reference backend: the REST contract of the README as one Fetch API
 * handler `(Request) => Promise<Response>`. Only Web-standard APIs and
 * `@simplewebauthn/server`, so it runs in Node, Deno, Bun and edge runtimes.
 * Every piece of state is in the store: instances sharing a store and a
 * `secret` behave as one server.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { challengeExpired, createChallenges } from './challenges.js';
import type { ChallengeClaims, IssuedChallenge } from './challenges.js';
import { base64urlToBytes, bytesToBase64url, deriveKey, importHmacKey, randomBytes, randomId } from './encoding.js';
import {
  HttpError,
  badRequest,
  errorResponse,
  json,
  noContent,
  readBodyText,
  readCookies,
  readJsonObject,
  serializeCookie,
} from './http.js';
import type { HasHeaders } from './http.js';
import {
  MAX_TEXT_LENGTH,
  canonicalUsername,
  challengeOf,
  cleanTransports,
  optionalDisplayName,
  optionalUsername,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  readableText,
} from './input.js';
import { createRateLimits } from './rate-limits.js';
import { createSessions } from './sessions.js';
import type { CurrentSession } from './sessions.js';
import type { RateLimitOptions } from './rate-limits.js';
import { createMemoryStore } from './store.js';
import type { PasskeyStore, StoredPasskey, StoredSession, StoredUser } from './store.js';

export interface PasskeyHandlerOptions {
  /** Path the REST contract is mounted at. Default `/api/passkeys`. */
  basePath?: string;
  /**
   * WebAuthn relying party id, e.g. `example.com`. Default: the hostname of the
   * first of `origins`. With neither set, only `localhost` is served.
   */
  rpID?: string;
  /** Relying party name shown by some authenticators. Default `passkey-elements`. */
  rpName?: string;
  /**
   * Origins the ceremonies and state-changing requests may come from.
   * Default: `https://<rpID>`. With neither set, only `localhost` is served.
   * When an origin is https, cookies are `Secure` with the `__Host-` prefix.
   */
  origins?: string | string[];
  /** Where all state lives. Default: a new in-memory store (one process only). */
  store?: PasskeyStore;
  /**
   * Signs challenges: at least 32 characters (or bytes), the same for every
   * instance. Default: random per process, so pending ceremonies end on restart.
   */
  secret?: string | Uint8Array<ArrayBuffer>;
  /** How long an issued challenge stays usable. Default 5 minutes. */
  challengeTtlMs?: number;
  /** Session cookie name; `__Host-` is put before it when the origins are https. Default `pk_session`. */
  sessionCookie?: string;
  /** A session ends after this long without a request. Default 24 hours. */
  sessionIdleMs?: number;
  /** A session ends this long after its sign-in, whatever the activity. Default 7 days. */
  sessionMaxAgeMs?: number;
  /**
   * Adding and deleting passkeys need a passkey verified this recently (at
   * sign-in, or by re-authenticating); older sessions get `403
   * reauthentication-required`. Default 10 minutes.
   */
  reauthenticateAfterMs?: number;
  /** Deleting a passkey ends the other sessions it signed in. Default true. */
  endSessionsOnPasskeyDelete?: boolean;
  /**
   * Whether the user can sign in some other way than a passkey (a password,
   * a magic link…). When it answers false (the default), the account's last
   * passkey cannot be deleted: `409 last-passkey`.
   */
  hasOtherSignInMethod?: (user: PublicUser) => boolean | Promise<boolean>;
  /** Most passkeys one account may have. Default 20. */
  maxPasskeysPerUser?: number;
  /** `required` (default: a passkey is then two factors in one) or `preferred` (user presence is enough). */
  userVerification?: 'required' | 'preferred';
  /** Whether a visitor without a session may create an account with its first passkey. Default true. */
  allowSignUp?: boolean;
  /** Sent as `redirectTo` after a successful sign-in. */
  redirectTo?: string;
  /** Limits per client address and per account; `false` turns them all off. */
  rateLimits?: RateLimitOptions | false;
  /**
   * The client's address when `info.clientAddress` is not given to the
   * handler, e.g. from a proxy header you trust: `(r) => r.headers.get('x-real-ip')`.
   */
  clientAddress?: (request: Request) => string | undefined | null;
  /** `/.well-known/passkey-endpoints` (absolute URLs of your pages) and `/.well-known/webauthn`. */
  wellKnown?: { enroll?: string; manage?: string; relatedOrigins?: string[] };
  /** Clock, in epoch milliseconds (for tests). Default `Date.now`. */
  now?: () => number;
}

/** What the runtime knows about a request beyond it: Deno's `info.remoteAddr.hostname`, Bun's `server.requestIP()`. */
export interface RequestInfo {
  clientAddress?: string;
}

/** The signed-in user of a request, for the app's own routes. */
export interface SessionInfo {
  user: PublicUser;
  /** Epoch milliseconds: when the user last authenticated (a passkey verified, or `createSession`). */
  authenticatedAt: number;
  /** Epoch milliseconds: the session's absolute end. */
  expiresAt: number;
}

export type PasskeyHandler = ((request: Request, info?: RequestInfo) => Promise<Response>) & {
  /** The store in use (the in-memory default unless one was given). */
  readonly store: PasskeyStore;
  /** The signed-in user of a request (a Fetch `Request`, or anything with its headers), or null. */
  getSession(request: HasHeaders): Promise<SessionInfo | null>;
  /**
   * Signs `userId` in: a new session, and the `Set-Cookie` header value that
   * carries it. For apps that sign users in some other way too (a password, a
   * magic link): the session counts as freshly authenticated.
   */
  createSession(userId: string): Promise<{ cookie: string }>;
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

/** One of the user's sessions, as `GET {endpoint}/sessions` lists them. */
export interface PublicSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent?: string;
  current: boolean;
}

const MINUTE = 60_000;
const CEREMONY_TIMEOUT_MS = 60_000;
const PURGE_EVERY_MS = 5 * MINUTE;
// Used-challenge records outlive their challenge by this much, for instances whose clocks differ.
const CLOCK_SKEW_MS = MINUTE;
// Record ids in paths: what the handler makes (base64url), so odd bytes never reach a database.
const RECORD_ID = /^[A-Za-z0-9_-]{1,128}$/;

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
const notFound = () => new HttpError(404, 'server', 'Not found.');
const unknownCredential = () =>
  new HttpError(404, 'unknown-credential', 'This passkey is not registered here (it may have been deleted).');
const reauthenticationRequired = () =>
  new HttpError(403, 'reauthentication-required', 'Confirm it’s you with a passkey to continue.');
// One message for every refused signature: which check failed (origin, counter…) is no one's business.
const verificationFailed = () => new HttpError(400, 'verification-failed', 'The passkey could not be verified.');
// Same reply as a bad signature: whose passkey it is stays unsaid.
const wrongAccount = verificationFailed;

const tooManyPasskeys = (max: number) =>
  new HttpError(409, 'server', `An account can have at most ${max} passkeys: delete one first.`);

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
  transports: cleanTransports(p.transports),
});

/** "Passkey", then "Passkey 2", "Passkey 3"…, skipping names the user already has. */
function nextPasskeyName(existing: StoredPasskey[]): string {
  const taken = new Set(existing.map((p) => p.name));
  for (let n = existing.length + 1; ; n++) {
    const name = n === 1 ? 'Passkey' : `Passkey ${n}`;
    if (!taken.has(name)) return name;
  }
}

const normalizeBasePath = (path: string) => `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
const isLocalhost = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');
const byCreation = (a: StoredPasskey, b: StoredPasskey) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

// A random secret per process, made on first use: some edge runtimes refuse randomness at module load.
let processSecret: Uint8Array<ArrayBuffer> | undefined;
let warnedUnconfigured = false;

interface RequestContext {
  request: Request;
  url: URL;
  rpID: string;
  origins: string[];
  /** Cookies are Secure and `__Host-` named. */
  secure: boolean;
  cookies: Map<string, string>;
  /** The client's address (IPv6 by its /64), or undefined when the runtime did not say. */
  client: string | undefined;
  /** The request's session, looked up once. */
  session(): Promise<CurrentSession | undefined>;
  /** Set-Cookie values for the reply. */
  setCookies: string[];
}

type Route = (ctx: RequestContext, id: string) => Promise<Response>;

export function createPasskeyHandler(options: PasskeyHandlerOptions = {}): PasskeyHandler {
  const base = normalizeBasePath(options.basePath ?? '/api/passkeys');
  const rpName = options.rpName ?? 'passkey-elements';
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore();
  const challengeTtlMs = options.challengeTtlMs ?? 5 * MINUTE;
  const idleMs = options.sessionIdleMs ?? 24 * 60 * MINUTE;
  const maxAgeMs = options.sessionMaxAgeMs ?? 7 * 24 * 60 * MINUTE;
  const freshMs = options.reauthenticateAfterMs ?? 10 * MINUTE;
  const maxPasskeys = options.maxPasskeysPerUser ?? 20;
  const requireUV = (options.userVerification ?? 'required') === 'required';
  const allowSignUp = options.allowSignUp ?? true;
  const endSessionsOnDelete = options.endSessionsOnPasskeyDelete ?? true;
  const cookieBase = options.sessionCookie ?? 'pk_session';

  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookieBase)) {
    throw new TypeError('`sessionCookie` is not a valid cookie name.');
  }
  const secretLength =
    options.secret === undefined
      ? 32
      : typeof options.secret === 'string'
        ? new TextEncoder().encode(options.secret).byteLength
        : options.secret.byteLength;
  if (secretLength < 32) throw new TypeError('`secret` must be at least 32 characters: use 32 random bytes.');

  // Fail closed: without configuration the Host header would choose the relying party.
  const originList = options.origins === undefined ? undefined : [options.origins].flat();
  const configuredOrigins = originList?.map((o) => new URL(o).origin);
  const configuredRpID = options.rpID ?? (configuredOrigins ? new URL(configuredOrigins[0]).hostname : undefined);
  const fixedOrigins = configuredOrigins ?? (configuredRpID ? [`https://${configuredRpID}`] : undefined);
  // Any https origin makes cookies Secure (fail closed): an http origin beside it then keeps no session.
  const fixedSecure = fixedOrigins ? fixedOrigins.some((o) => o.startsWith('https:')) : undefined;
  if (fixedOrigins && fixedSecure && !fixedOrigins.every((o) => o.startsWith('https:'))) {
    console.warn(
      'passkey-elements server: `origins` mix http and https; cookies are Secure, so http origins keep no session.',
    );
  }
  if (!configuredRpID && !warnedUnconfigured) {
    warnedUnconfigured = true;
    console.warn(
      'passkey-elements server: no `rpID` or `origins` configured, so only requests to localhost are served. Set both to deploy.',
    );
  }

  let keys: Promise<{ challenge: CryptoKey; sessionIds: CryptoKey }> | undefined;
  const getKeys = () =>
    (keys ??= (async () => {
      const secret = await importHmacKey(options.secret ?? (processSecret ??= randomBytes(32)));
      return {
        challenge: await deriveKey(secret, 'challenge'),
        sessionIds: await deriveKey(secret, 'public-session-id'),
      };
    })());

  const cookieNames = (secure: boolean) => ({
    session: secure && !cookieBase.startsWith('__') ? `__Host-${cookieBase}` : cookieBase,
    ceremonyPrefix: secure ? '__Host-pk_c_' : 'pk_c_',
  });
  const challenges = async (secure: boolean) =>
    createChallenges((await getKeys()).challenge, cookieNames(secure).ceremonyPrefix, challengeTtlMs, now);

  const isoNow = () => new Date(now()).toISOString();
  const isFresh = (session: StoredSession) => now() - session.authenticatedAt <= freshMs;

  // ------------------------------------------------------------ sessions

  const sessions = createSessions({ store, now, idleMs, maxAgeMs, idKey: async () => (await getKeys()).sessionIds });
  const findSession = sessions.find;
  const publicSessionId = sessions.publicId;

  /** A new session for `user`, its cookie added to the reply; the request's old session (if any) ends. */
  async function startSession(ctx: RequestContext | undefined, user: StoredUser, passkeyId?: string): Promise<string> {
    const previous = ctx && (await ctx.session());
    const token = await sessions.start({
      user,
      passkeyId,
      userAgent: ctx?.request.headers.get('User-Agent') ?? undefined,
      replacing: previous?.session.id,
    });
    const secure = ctx ? ctx.secure : Boolean(fixedSecure);
    const cookie = serializeCookie(cookieNames(secure).session, token, {
      secure,
      maxAge: Math.floor(maxAgeMs / 1000),
    });
    ctx?.setCookies.push(cookie);
    return cookie;
  }

  async function requireSession(ctx: RequestContext): Promise<CurrentSession> {
    const current = await ctx.session();
    if (!current) throw unauthorized('Sign in to manage your passkeys.');
    return current;
  }

  const limiter = createRateLimits(store, options.rateLimits, now);
  const countRequest = (ctx: RequestContext) => limiter.countRequest(ctx.client);
  const clientKey = (ctx: RequestContext) => limiter.clientKey(ctx.client);

  // ------------------------------------------------------------ ceremonies

  async function issue(ctx: RequestContext, claims: ChallengeClaims): Promise<IssuedChallenge> {
    const ceremonies = await challenges(ctx.secure);
    for (const stale of ceremonies.staleCookies(ctx.cookies)) endCeremony(ctx, stale);
    const issued = await ceremonies.issue(claims);
    const { name, value, maxAgeSeconds } = issued.cookie;
    ctx.setCookies.push(serializeCookie(name, value, { secure: ctx.secure, maxAge: maxAgeSeconds }));
    return issued;
  }

  /** Adds to the reply the Set-Cookie that deletes `name`. */
  const clearCookie = (ctx: RequestContext, name: string) =>
    ctx.setCookies.push(serializeCookie(name, '', { secure: ctx.secure, maxAge: 0 }));
  const endCeremony = clearCookie;
  const clearSessionCookie = (ctx: RequestContext) => clearCookie(ctx, cookieNames(ctx.secure).session);

  const authenticationOptions: Route = async (ctx) => {
    await countRequest(ctx);
    const body = await readJsonObject(ctx.request, 'a JSON object', true);
    let claims: ChallengeClaims = { kind: 'authentication' };
    let allowCredentials: { id: string; transports: string[] }[] = [];
    if (body.reauthenticate === true) {
      const current = await ctx.session();
      if (!current) throw unauthorized('Sign in first.');
      const passkeys = await store.listPasskeys(current.user.id);
      allowCredentials = passkeys.map((p) => ({ id: p.credentialId, transports: cleanTransports(p.transports) }));
      claims = {
        ...claims,
        reauthenticate: true,
        userId: current.user.id,
        sessionId: await publicSessionId(current.session.id),
      };
    } else {
      // The named account is only written into the signed challenge: the options look the same
      // for every username, known or not, so they reveal nothing. Its verify admits only that
      // account's passkeys (all of them discoverable: registration requires it).
      const username = optionalUsername(body);
      if (username !== undefined) claims = { ...claims, username };
    }
    const issued = await issue(ctx, claims);
    const result = await generateAuthenticationOptions({
      rpID: ctx.rpID,
      challenge: base64urlToBytes(issued.challenge),
      userVerification: requireUV ? 'required' : 'preferred',
      allowCredentials,
      timeout: CEREMONY_TIMEOUT_MS,
    });
    return json(200, result, cookieHeaders(ctx));
  };

  /** What an answer of either ceremony is checked against: its challenge, this server's origins and rpID, the UV rule. */
  const expected = (ctx: RequestContext, challenge: string) => ({
    expectedChallenge: challenge,
    expectedOrigin: ctx.origins,
    expectedRPID: ctx.rpID,
    requireUserVerification: requireUV,
  });

  /** The library's verdict when it verified; `refuse` makes the error thrown when it threw or did not. */
  async function verified<R extends { verified: boolean }>(
    refuse: () => HttpError | Promise<HttpError>,
    verify: () => Promise<R>,
  ): Promise<R & { verified: true }> {
    let verification: R;
    try {
      verification = await verify();
    } catch {
      throw await refuse();
    }
    if (!verification.verified) throw await refuse();
    return verification as R & { verified: true };
  }

  /** A verify route whose refusals count toward the client's failures (an expired challenge is no failure). */
  const countingFailures =
    (route: Route): Route =>
    async (ctx, id) => {
      await countRequest(ctx);
      await limiter.checkFailures(clientKey(ctx));
      try {
        return await route(ctx, id);
      } catch (error) {
        const failed =
          error instanceof HttpError &&
          (error.code === 'verification-failed' || error.code === 'unknown-credential') &&
          error.reason === undefined;
        if (failed) await limiter.countFailure(clientKey(ctx));
        throw error;
      }
    };

  const authenticationVerify: Route = countingFailures(async (ctx) => {
    const response = parseAuthenticationResponse(
      await readJsonObject(ctx.request, 'a WebAuthn authentication response'),
    );
    const challenge = challengeOf(response.response.clientDataJSON);
    const claims = await (await challenges(ctx.secure)).verify(challenge, 'authentication', ctx.cookies);

    let current: CurrentSession | undefined;
    if (claims.reauthenticate) {
      current = await ctx.session();
      if (!current || (await publicSessionId(current.session.id)) !== claims.sessionId)
        throw unauthorized('Sign in again.');
    }

    const passkey = await store.getPasskeyByCredentialId(response.id);
    const user = passkey && (await store.getUser(passkey.userId));
    if (!passkey || !user) throw unknownCredential();
    // allowCredentials, enforced: a ceremony for one account takes only that account's passkeys.
    if (claims.username !== undefined && claims.username !== user.username) throw wrongAccount();
    if (claims.userId !== undefined && claims.userId !== user.id) throw wrongAccount();
    // The user handle names the account; a discoverable sign-in must carry it (WebAuthn L3 §7.2 step 6).
    const handle = response.response.userHandle;
    const identified = claims.username !== undefined || claims.userId !== undefined;
    if (handle !== undefined ? handle !== user.webauthnUserId : !identified) throw wrongAccount();

    // Past the account's limit a failure is answered 429 (automation backs off), but a valid
    // signature still signs in: no one can lock the owner out by failing on their behalf.
    const refuse = async () => (await limiter.accountFailed(user.id)) ?? verificationFailed();
    if (passkey.suspendedAt) throw await refuse();

    const verification = await verified(refuse, () =>
      verifyAuthenticationResponse({
        response,
        ...expected(ctx, challenge),
        // The counter is checked below, where a regression can also be recorded.
        credential: { id: passkey.credentialId, publicKey: base64urlToBytes(passkey.publicKey), counter: 0 },
      }),
    );
    const info = verification.authenticationInfo;
    // Backup eligibility is fixed for a credential's life: a change means another authenticator.
    if (info.credentialDeviceType !== passkey.deviceType) throw await refuse();
    // Single use, recorded only now that the answer is genuine: failed attempts cost the store nothing.
    // Before the counter: a replayed answer is a used challenge, not evidence of a clone.
    if (!(await store.useChallenge(claims.id, claims.expiresAt + CLOCK_SKEW_MS))) throw challengeExpired();
    // A counter that does not go up means two copies of one key: suspend it (WebAuthn L3 §6.1.1).
    if ((passkey.counter > 0 || info.newCounter > 0) && info.newCounter <= passkey.counter) {
      await store.updatePasskey(passkey.id, { suspendedAt: isoNow() });
      throw await refuse();
    }
    const updated = await store.updatePasskey(
      passkey.id,
      { counter: info.newCounter, lastUsedAt: isoNow(), backedUp: info.credentialBackedUp },
      { counter: passkey.counter },
    );
    // Another sign-in with the same counter won the compare-and-set.
    if (!updated) throw await refuse();
    endCeremony(ctx, claims.cookieName);

    if (current) {
      await store.updateSession(current.session.id, { authenticatedAt: now(), passkeyId: passkey.id });
      return json(200, { user: publicUser(user), reauthenticated: true }, cookieHeaders(ctx));
    }
    await startSession(ctx, user, passkey.id);
    const result = { user: publicUser(user), ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}) };
    return json(200, result, cookieHeaders(ctx));
  });

  const registrationOptions: Route = async (ctx) => {
    await countRequest(ctx);
    const body = await readJsonObject(ctx.request, 'a JSON object', true);
    const current = await ctx.session();
    let user: StoredUser;
    let claims: ChallengeClaims;
    let existing: StoredPasskey[] = [];
    if (current) {
      // A signed-in user adds a passkey to their own account (the body's username is ignored).
      if (!isFresh(current.session)) throw reauthenticationRequired();
      user = current.user;
      existing = await store.listPasskeys(user.id);
      if (existing.length >= maxPasskeys) throw tooManyPasskeys(maxPasskeys);
      claims = { kind: 'registration', userId: user.id, sessionId: await publicSessionId(current.session.id) };
    } else {
      if (!allowSignUp) throw unauthorized('Sign in to add a passkey.');
      await limiter.checkFailures(clientKey(ctx));
      const typed = typeof body.username === 'string' ? body.username : '';
      const username = canonicalUsername(body.username ?? '');
      if (await store.getUserByUsername(username)) {
        // Sign-up has to say a name is taken; probing for names counts as failing.
        await limiter.countFailure(clientKey(ctx));
        throw new HttpError(409, 'username-taken', 'This username is taken. Sign in, or choose another.');
      }
      // Not stored yet: the account only exists once its first passkey is verified.
      user = {
        id: randomId(),
        username,
        displayName: optionalDisplayName(body) ?? readableText(typed) ?? username,
        webauthnUserId: bytesToBase64url(randomBytes(32)),
      };
      claims = { kind: 'registration', pendingUser: user };
    }

    const issued = await issue(ctx, claims);
    const result = await generateRegistrationOptions({
      rpName,
      rpID: ctx.rpID,
      userName: user.username,
      userDisplayName: user.displayName,
      userID: base64urlToBytes(user.webauthnUserId),
      challenge: base64urlToBytes(issued.challenge),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: cleanTransports(p.transports) })),
      authenticatorSelection: { residentKey: 'required', userVerification: requireUV ? 'required' : 'preferred' },
      timeout: CEREMONY_TIMEOUT_MS,
    });
    return json(200, result, cookieHeaders(ctx));
  };

  const registrationVerify: Route = countingFailures(async (ctx) => {
    const response = parseRegistrationResponse(await readJsonObject(ctx.request, 'a WebAuthn registration response'));
    const challenge = challengeOf(response.response.clientDataJSON);
    const claims = await (await challenges(ctx.secure)).verify(challenge, 'registration', ctx.cookies);

    let owner: StoredUser;
    if (claims.userId !== undefined) {
      // Adding to an account needs the session that asked, still valid.
      const current = await ctx.session();
      if (!current || (await publicSessionId(current.session.id)) !== claims.sessionId) {
        throw unauthorized('Sign in again to add a passkey.');
      }
      // Fresh at the verify too, not only when the options were issued.
      if (!isFresh(current.session)) throw reauthenticationRequired();
      owner = current.user;
    } else if (claims.pendingUser) {
      owner = claims.pendingUser;
    } else {
      throw challengeExpired();
    }

    const verification = await verified(verificationFailed, () =>
      verifyRegistrationResponse({ response, ...expected(ctx, challenge) }),
    );
    const info = verification.registrationInfo;
    // The id stored is the one inside the authenticator data: it must be the one the response names.
    if (info.credential.id !== response.id) throw verificationFailed();

    const alreadyRegistered = () => new HttpError(409, 'already-registered', 'This passkey is already registered.');
    if (await store.getPasskeyByCredentialId(info.credential.id)) throw alreadyRegistered();
    if (!(await store.useChallenge(claims.id, claims.expiresAt + CLOCK_SKEW_MS))) throw challengeExpired();
    if (claims.pendingUser) {
      // Someone may have taken the username since the options were issued: the unique constraint decides.
      try {
        await store.createUser(owner);
      } catch (error) {
        if (await store.getUserByUsername(owner.username)) {
          throw new HttpError(409, 'username-taken', 'This username was taken meanwhile. Choose another.');
        }
        throw error;
      }
    }

    const existing = claims.pendingUser ? [] : await store.listPasskeys(owner.id);
    if (existing.length >= maxPasskeys) throw tooManyPasskeys(maxPasskeys);
    const passkey: StoredPasskey = {
      id: randomId(),
      userId: owner.id,
      name: nextPasskeyName(existing),
      credentialId: info.credential.id,
      publicKey: bytesToBase64url(info.credential.publicKey),
      counter: info.credential.counter,
      transports: cleanTransports(response.response.transports),
      ...(info.aaguid && info.aaguid !== '00000000-0000-0000-0000-000000000000' ? { aaguid: info.aaguid } : {}),
      backedUp: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
      createdAt: isoNow(),
    };
    try {
      await store.createPasskey(passkey);
    } catch (error) {
      if (await store.getPasskeyByCredentialId(passkey.credentialId)) throw alreadyRegistered();
      throw error;
    }
    endCeremony(ctx, claims.cookieName);
    if (!claims.pendingUser) return json(200, publicPasskey(passkey), cookieHeaders(ctx));
    // A sign-up: the new account comes with its passkey (`passkey-signed-up`'s `user`).
    await startSession(ctx, owner, passkey.id);
    return json(200, { ...publicPasskey(passkey), user: publicUser(owner) }, cookieHeaders(ctx));
  });

  // ------------------------------------------------------------ management

  /** The user's own passkey; someone else's is reported exactly like a missing one. */
  async function ownPasskey(user: StoredUser, id: string): Promise<StoredPasskey> {
    if (!RECORD_ID.test(id)) throw unknownCredential();
    const passkey = await store.getPasskey(id);
    if (!passkey || passkey.userId !== user.id) throw unknownCredential();
    return passkey;
  }

  const listPasskeys: Route = async (ctx) => {
    const { user } = await requireSession(ctx);
    const passkeys = (await store.listPasskeys(user.id)).sort(byCreation);
    return json(200, {
      passkeys: passkeys.map(publicPasskey),
      rpId: ctx.rpID,
      userHandle: user.webauthnUserId,
      user: { name: user.username, displayName: user.displayName },
    });
  };

  const renamePasskey: Route = async (ctx, id) => {
    const { user } = await requireSession(ctx);
    const body = await readJsonObject(ctx.request, 'a JSON object with a "name"');
    const name = readableText(body.name);
    if (name === undefined) {
      throw badRequest(`The name must be 1 to ${MAX_TEXT_LENGTH} readable characters, without control characters.`);
    }
    await ownPasskey(user, id);
    const updated = await store.updatePasskey(id, { name });
    if (!updated) throw unknownCredential();
    return json(200, publicPasskey(updated));
  };

  const deletePasskey: Route = async (ctx, id) => {
    const { user, session } = await requireSession(ctx);
    if (!isFresh(session)) throw reauthenticationRequired();
    await ownPasskey(user, id);
    const keepLast = !(await options.hasOtherSignInMethod?.(publicUser(user)));
    const result = await store.deletePasskey(id, { keepLast });
    if (result === 'missing') throw unknownCredential();
    if (result === 'last') {
      throw new HttpError(
        409,
        'last-passkey',
        'This is the only passkey for your account: add another one before you delete it.',
      );
    }
    // A passkey that is gone (lost, stolen) keeps no session it signed in — except the one deleting it.
    if (endSessionsOnDelete) await store.deleteSessions(user.id, { passkeyId: id, exceptId: session.id });
    return noContent();
  };

  const session: Route = async (ctx) => {
    const current = await ctx.session();
    return json(200, { user: current ? publicUser(current.user) : null });
  };

  const signOut: Route = async (ctx) => {
    await readBodyText(ctx.request); // Nothing expected, but a body must still be well-formed.
    const current = await ctx.session();
    if (current) await store.deleteSession(current.session.id);
    clearSessionCookie(ctx);
    return noContent(cookieHeaders(ctx));
  };

  const listSessions: Route = async (ctx) => {
    const current = await requireSession(ctx);
    const time = now();
    const live = (await store.listSessions(current.user.id)).filter(
      (s) => s.expiresAt > time && s.lastSeenAt + idleMs > time,
    );
    live.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    const sessions: PublicSession[] = [];
    for (const s of live) {
      sessions.push({
        id: await publicSessionId(s.id),
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        ...(s.userAgent ? { userAgent: s.userAgent } : {}),
        current: s.id === current.session.id,
      });
    }
    return json(200, { sessions });
  };

  const endSession: Route = async (ctx, id) => {
    const current = await requireSession(ctx);
    for (const s of await store.listSessions(current.user.id)) {
      if ((await publicSessionId(s.id)) !== id) continue;
      await store.deleteSession(s.id);
      if (s.id === current.session.id) clearSessionCookie(ctx);
      return noContent(cookieHeaders(ctx));
    }
    throw new HttpError(404, 'server', 'No such session.');
  };

  const cookieHeaders = (ctx: RequestContext) => {
    const headers = new Headers();
    for (const cookie of ctx.setCookies) headers.append('Set-Cookie', cookie);
    return headers;
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
    '/sessions': { GET: listSessions },
    '/sessions/:id': { DELETE: endSession },
  };

  /** The route pattern and its `:id` parameter for a path below the base path. */
  function match(path: string): { pattern: string; id: string } | undefined {
    if (routes[path]) return { pattern: path, id: '' };
    const param = /^(\/passkeys|\/sessions)\/([^/]+)$/.exec(path);
    if (!param) return undefined;
    try {
      return { pattern: `${param[1]}/:id`, id: decodeURIComponent(param[2]) };
    } catch {
      return { pattern: `${param[1]}/:id`, id: '' };
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

  function wellKnown(path: string): Response | undefined {
    const config = options.wellKnown;
    if (path === '/.well-known/passkey-endpoints' && (config?.enroll || config?.manage)) {
      return json(200, {
        ...(config.enroll ? { enroll: config.enroll } : {}),
        ...(config.manage ? { manage: config.manage } : {}),
      });
    }
    if (path === '/.well-known/webauthn' && config?.relatedOrigins?.length) {
      return json(200, { origins: config.relatedOrigins.map((o) => new URL(o).origin) });
    }
    return undefined;
  }

  let lastPurge = 0;
  function purgeNowAndThen(): void {
    const time = now();
    if (time - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = time;
    store.purge(time).catch((error: unknown) => console.error('passkey-elements server: purge failed', error));
  }

  function context(request: Request, url: URL, info?: RequestInfo): RequestContext {
    if (!configuredRpID && !isLocalhost(url.hostname)) {
      throw new HttpError(
        421,
        'server',
        'This server has no rpID or origins configured, so it only answers on localhost.',
      );
    }
    const origins = fixedOrigins ?? [url.origin];
    const secure = fixedSecure ?? url.protocol === 'https:';
    const cookies = readCookies(request);
    let found: Promise<CurrentSession | undefined> | undefined;
    return {
      request,
      url,
      rpID: configuredRpID ?? url.hostname,
      origins,
      secure,
      cookies,
      client: limiter.clientOf(info?.clientAddress ?? options.clientAddress?.(request)),
      session: () => (found ??= findSession(cookies.get(cookieNames(secure).session))),
      setCookies: [],
    };
  }

  async function dispatch(request: Request, info?: RequestInfo): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const document = wellKnown(path);
      if (document) return document;
    }
    if (path !== base && !path.startsWith(`${base}/`)) throw notFound();
    const found = match(path.slice(base.length));
    if (!found) throw notFound();
    const methods = routes[found.pattern];
    const route = methods[request.method];
    if (!route) {
      const allow = Object.keys(methods).join(', ');
      throw new HttpError(405, 'server', `Use ${allow}.`, undefined, { Allow: allow });
    }
    const ctx = context(request, url, info);
    if (request.method !== 'GET' && request.method !== 'HEAD') checkCsrf(ctx);
    purgeNowAndThen();
    return route(ctx, found.id);
  }

  const handler = async (request: Request, info?: RequestInfo): Promise<Response> => {
    try {
      return await dispatch(request, info);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      // Log the error, never the request: bodies hold credentials.
      console.error('passkey-elements server: unexpected error', error);
      return errorResponse(new HttpError(500, 'server', 'Internal error'));
    }
  };

  async function getSession(request: HasHeaders): Promise<SessionInfo | null> {
    const cookies = readCookies(request);
    // Only the name the handler sets: an unprefixed cookie beside `__Host-` could be planted by a subdomain.
    const url = 'url' in request && typeof request.url === 'string' && /^https?:/.test(request.url) ? request.url : '';
    const secure = fixedSecure ?? url.startsWith('https:');
    const current = await findSession(cookies.get(cookieNames(secure).session));
    if (!current) return null;
    const { user, session: s } = current;
    return { user: publicUser(user), authenticatedAt: s.authenticatedAt, expiresAt: s.expiresAt };
  }

  async function createSession(userId: string): Promise<{ cookie: string }> {
    const user = await store.getUser(userId);
    if (!user) throw new Error(`No user ${userId}.`);
    return { cookie: await startSession(undefined, user) };
  }

  return Object.assign(handler, { store, getSession, createSession });
}
