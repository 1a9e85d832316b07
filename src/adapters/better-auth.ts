import { PasskeyError, type PasskeyErrorCode } from '../core/errors.js';
import { isObject, malformed as unexpected, fetchJson } from './http.js';
import { assertPasskey } from './rest.js';
import type {
  Passkey,
  PasskeyAdapter,
  PasskeyUser,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from './types.js';

/** A passkey as Better Auth's passkey plugin returns it. */
export interface BetterAuthPasskey {
  id: string;
  name?: string | null;
  userId?: string;
  /** WebAuthn credential id, base64url. */
  credentialID?: string;
  counter?: number;
  deviceType?: string;
  backedUp?: boolean;
  /** Comma-separated, as the plugin stores them. */
  transports?: string | string[] | null;
  createdAt?: string | null;
  aaguid?: string | null;
  [key: string]: unknown;
}

export interface BetterAuthAdapterOptions {
  /** Where Better Auth is mounted; `/api/auth` by default (Better Auth's own default). */
  baseURL?: string;
  /** The `fetch` to use; the global one by default. */
  fetch?: typeof fetch;
  /** Extra headers for every request. A function is called per request. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /**
   * The name to show for a passkey Better Auth stored without one (the
   * elements send no name when registering). `'Passkey'` when it returns
   * nothing. `getAuthenticatorName(passkey.aaguid)` from
   * `@better-auth/passkey` is a good choice.
   */
  passkeyName?: (passkey: BetterAuthPasskey) => string | undefined;
  /** Milliseconds before an unanswered request fails as `network`; 30 000 by default, 0 for none. */
  timeout?: number;
}

/** Which call failed: the same Better Auth error means different things to different calls. */
// `sign-up-*`: a registration that sent the user's names, the only one whose refusal can be about them.
type Call =
  'sign-in-options' | 'sign-in' | 'register-options' | 'register' | 'sign-up-options' | 'sign-up' | 'list' | 'manage';

const malformed = (what: string) => unexpected(what, 'Better Auth');

// Better Auth's codes for a ceremony the server refused: a spent or missing
// challenge, a signature or attestation that does not verify.
const VERIFICATION_CODES = new Set(['CHALLENGE_NOT_FOUND', 'AUTHENTICATION_FAILED', 'FAILED_TO_VERIFY_REGISTRATION']);

function errorCode(status: number, code: unknown, call: Call): PasskeyErrorCode {
  // Only the code, not a bare 404: a wrong `baseURL` also answers 404, and
  // `unknown-credential` makes the sign-in card delete the passkey from the device.
  if (code === 'PASSKEY_NOT_FOUND' && (call === 'sign-in' || call === 'manage')) return 'unknown-credential';
  if (typeof code === 'string' && VERIFICATION_CODES.has(code)) return 'verification-failed';
  // What a sign-up server's `resolveUser` throws for the name the user typed (docs/adapters.md).
  if (call === 'sign-up-options' || call === 'sign-up') {
    if (status === 409 || code === 'USERNAME_TAKEN') return 'username-taken';
    if (code === 'INVALID_USERNAME') return 'invalid-username';
  }
  // A session older than `session.freshAge`: a new sign-in makes it fresh.
  if (status === 403 && code === 'SESSION_NOT_FRESH') return 'reauthentication-required';
  // Also Better Auth's SESSION_REQUIRED: registering without a session on a server
  // that does not allow sign-up (`registration.requireSession` left on).
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  return 'server';
}

/** The challenge the browser signed, from the response's client data; undefined when unreadable. */
function challengeOf(response: RegistrationResponseJSON): string | undefined {
  try {
    const clientData: unknown = JSON.parse(
      atob(response.response.clientDataJSON.replace(/-/g, '+').replace(/_/g, '/')),
    );
    return isObject(clientData) && typeof clientData.challenge === 'string' ? clientData.challenge : undefined;
  } catch {
    return undefined;
  }
}

/** The account as the elements' events carry it: Better Auth's email is the username. */
function toUser(value: unknown): PasskeyUser | undefined {
  if (!isObject(value) || typeof value.id !== 'string') return undefined;
  const user: PasskeyUser = { id: value.id };
  if (typeof value.email === 'string') user.username = value.email;
  if (typeof value.name === 'string') user.displayName = value.name;
  return user;
}

/**
 * An adapter for a Better Auth server with its passkey plugin
 * (`@better-auth/passkey`): pass it as the elements' `adapter` property.
 *
 * By default Better Auth adds passkeys to the signed-in account only, and
 * only while its session is fresh (`session.freshAge`, a day by default):
 * registering with an older session fails as `reauthentication-required`:
 * signing in again (with a passkey, say) makes the session fresh.
 * `<passkey-sign-up>` (an account created with a passkey, no session yet)
 * needs the plugin's `registration` settings on the server:
 * `requireSession: false`, a `resolveUser` that reads the `context` the
 * adapter sends (`{"username","displayName"}`, JSON) and an
 * `afterVerification` that creates the account and returns its `userId`;
 * see docs/adapters.md#passkey-first-sign-up and
 * https://www.better-auth.com/docs/plugins/passkey. Without them Better Auth
 * refuses with `SESSION_REQUIRED`, reported as `unauthorized`. A
 * `resolveUser` refusing the name with code `USERNAME_TAKEN` (or status 409)
 * is reported as `username-taken`, with `INVALID_USERNAME` as
 * `invalid-username`: the sign-up card shows both under its field.
 * Sign-in is discoverable (usernameless): Better Auth has no per-user lookup,
 * so a username given to the sign-in card is not sent.
 * A request Better Auth does not answer within `timeout` (30 seconds by
 * default) fails as `network`, as with the REST adapter.
 */
export function createBetterAuthAdapter(options: BetterAuthAdapterOptions = {}): PasskeyAdapter {
  const base = (options.baseURL ?? '/api/auth').replace(/\/+$/, '');
  // The challenge of the last registration options Better Auth gave with no
  // session: a sign-up, whose verification asks Better Auth to sign the new
  // account in (`createSession`). Better Auth's options look the same for a
  // signed-in user adding a passkey (the upgrade card, and a `<passkey-button>`
  // given a `username`, send one too), and `createSession` would then open a
  // second session, so the options call asks `/get-session` alongside, in
  // parallel: no added wait, and no request between click and prompt when the
  // options were fetched before the click. Remembering the last options is enough: Better Auth keeps one
  // challenge cookie, so only those can be verified; any other verification
  // asks for no session.
  let signUpChallenge: string | undefined;

  async function request(call: Call, path: string, signal: AbortSignal, body?: unknown): Promise<unknown> {
    const data = await fetchJson(
      options,
      `${base}${path}`,
      // Better Auth's session and challenge live in cookies, possibly on another origin.
      { method: body === undefined ? 'GET' : 'POST', credentials: 'include' },
      signal,
      body,
      (response, data) => {
        const error = isObject(data) ? data : undefined;
        const message = typeof error?.message === 'string' && error.message ? error.message : undefined;
        return new PasskeyError(
          errorCode(response.status, error?.code, call),
          message ?? `Better Auth answered ${response.status}.`,
          { cause: { status: response.status, error } },
        );
      },
      'Better Auth',
    );
    // Better Auth always answers with a body: an empty one is not JSON either.
    if (data === undefined) throw malformed('not JSON');
    return data;
  }

  function toPasskey(value: unknown): Passkey {
    if (!isObject(value) || typeof value.id !== 'string') throw malformed('passkey without an id');
    const raw = value as BetterAuthPasskey;
    const passkey: Passkey = {
      id: raw.id,
      name: (typeof raw.name === 'string' && raw.name) || options.passkeyName?.(raw) || 'Passkey',
      // Optional in Better Auth's schema; an empty date shows no date rather than failing the list.
      createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : '',
    };
    if (typeof raw.credentialID === 'string') passkey.credentialId = raw.credentialID;
    if (typeof raw.aaguid === 'string' && raw.aaguid) passkey.aaguid = raw.aaguid;
    if (typeof raw.backedUp === 'boolean') passkey.backedUp = raw.backedUp;
    if (raw.deviceType === 'singleDevice' || raw.deviceType === 'multiDevice') passkey.deviceType = raw.deviceType;
    const transports = typeof raw.transports === 'string' ? raw.transports.split(',') : raw.transports;
    if (Array.isArray(transports)) {
      passkey.transports = transports.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    }
    return assertPasskey(passkey);
  }

  function creationOrRequestOptions<T>(value: unknown): T {
    if (!isObject(value) || typeof value.challenge !== 'string') throw malformed('options without a challenge');
    return value as T;
  }

  return {
    async getAuthenticationOptions(_input, { signal }) {
      return creationOrRequestOptions(
        await request('sign-in-options', '/passkey/generate-authenticate-options', signal),
      );
    },
    async verifyAuthentication(response, { signal }) {
      const reply = await request('sign-in', '/passkey/verify-authentication', signal, { response });
      if (!isObject(reply) || !isObject(reply.user) || typeof reply.user.id !== 'string') {
        throw malformed('sign-in without a user');
      }
      // The session (and its token) stays in Better Auth's cookie: events must not carry it.
      return { user: toUser(reply.user) };
    },
    async getRegistrationOptions(input, { signal }) {
      // `name` becomes the WebAuthn user.name the authenticator shows (the account's
      // identifier); Better Auth uses the account's email when it is absent.
      const { username, displayName } = input;
      const query = new URLSearchParams();
      const name = username ?? displayName;
      if (name) query.set('name', name);
      // For a sign-up server's `resolveUser`; Better Auth ignores it when a session exists.
      if (username) query.set('context', JSON.stringify({ username, displayName }));
      const search = query.toString();
      const path = `/passkey/generate-register-options${search ? `?${search}` : ''}`;
      const [reply, session] = await Promise.all([
        request(username ? 'sign-up-options' : 'register-options', path, signal),
        // Only a username can mean a sign-up: without one there is nothing to resolve a new account from.
        // Unanswered (a server that disabled the path, say), it is not known to be one: no session is asked for.
        username ? request('register-options', '/get-session', signal).catch(() => undefined) : undefined,
      ]);
      const result = creationOrRequestOptions<PublicKeyCredentialCreationOptionsJSON>(reply);
      // Better Auth answers `null` when no one is signed in; anything else is a session.
      signUpChallenge = username && session === null ? result.challenge : undefined;
      return result;
    },
    async verifyRegistration(response, { signal }) {
      const signUp = signUpChallenge !== undefined && challengeOf(response) === signUpChallenge;
      signUpChallenge = undefined;
      const reply = await request(
        signUp ? 'sign-up' : 'register',
        '/passkey/verify-registration',
        signal,
        signUp ? { response, createSession: true } : { response },
      );
      const passkey = toPasskey(reply);
      // The new account, as the REST adapter's sign-up reply carries it; the session stays in the cookie.
      const user = isObject(reply) ? toUser(reply.user) : undefined;
      return user ? ({ ...passkey, user } as Passkey) : passkey;
    },
    async listPasskeys({ signal }) {
      const reply = await request('list', '/passkey/list-user-passkeys', signal);
      if (!Array.isArray(reply)) throw malformed('the passkey list is not a list');
      return reply.map(toPasskey);
    },
    async renamePasskey(id, name, { signal }) {
      const reply = await request('manage', '/passkey/update-passkey', signal, { id, name });
      if (!isObject(reply)) throw malformed('rename without a passkey');
      return toPasskey(reply.passkey);
    },
    async deletePasskey(id, { signal }) {
      const reply = await request('manage', '/passkey/delete-passkey', signal, { id });
      if (!isObject(reply) || reply.status !== true) throw malformed('delete without a status');
    },
  };
}
