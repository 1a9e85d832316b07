/**
 * Challenges that need no server memory until they are used: each one is
 * HMAC-signed and carries what its verify needs (kind, expiry, the account it
 * is for), and is bound to the browser that asked by a cookie of its own.
 * Only a successful verify writes to the store (the single-use record), so a
 * flood of options requests can neither evict a pending ceremony nor grow
 * memory, and any number of ceremonies can be open at once — across
 * instances that share the secret.
 */
import { base64urlToBytes, bytesToBase64url, hmac, randomBytes, utf8 } from './encoding.js';
import { HttpError, isObject } from './http.js';
import type { StoredUser } from './store.js';

export interface ChallengeClaims {
  kind: 'registration' | 'authentication';
  /** Identifier-first sign-in: only this (canonical) username's passkeys may answer. */
  username?: string;
  /** Re-authentication, or adding a passkey: the signed-in account … */
  userId?: string;
  /** … and the session that asked. */
  sessionId?: string;
  reauthenticate?: boolean;
  /** Sign-up: the account is only created once its first passkey is verified. */
  pendingUser?: StoredUser;
}

export interface IssuedChallenge {
  /** base64url, for the options JSON. */
  challenge: string;
  /** The binding cookie to set with the options. */
  cookie: { name: string; value: string; maxAgeSeconds: number };
}

export interface VerifiedChallenge extends ChallengeClaims {
  /** The single-use id, for `store.useChallenge`. */
  id: string;
  expiresAt: number;
  /** The binding cookie's name, to delete once the ceremony is over. */
  cookieName: string;
}

const MAC_BYTES = 32;
/** Ceremonies one browser can have open at once. */
const MAX_OPEN = 16;

export const challengeExpired = (): HttpError =>
  new HttpError(
    400,
    'verification-failed',
    'This request has expired or was already used. Please try again.',
    'challenge-expired',
  );

export function createChallenges(key: CryptoKey, cookiePrefix: string, ttlMs: number, now: () => number) {
  const bindingProof = async (id: string, token: string) => bytesToBase64url(await hmac(key, `bind.${id}.${token}`));

  async function issue(claims: ChallengeClaims): Promise<IssuedChallenge> {
    // Time first, so a browser's ceremony cookies sort oldest first (see `staleCookies`).
    const id = now().toString(36).padStart(9, '0') + bytesToBase64url(randomBytes(9));
    const token = bytesToBase64url(randomBytes(16));
    const payload = utf8(JSON.stringify({ ...claims, id, exp: now() + ttlMs, bind: await bindingProof(id, token) }));
    const mac = await hmac(key, payload);
    const bytes = new Uint8Array(MAC_BYTES + payload.byteLength);
    bytes.set(mac);
    bytes.set(payload, MAC_BYTES);
    return {
      challenge: bytesToBase64url(bytes),
      cookie: { name: `${cookiePrefix}${id}`, value: token, maxAgeSeconds: Math.ceil(ttlMs / 1000) },
    };
  }

  /** The claims of a challenge this server issued to this browser, unexpired; refused otherwise. */
  async function verify(
    challenge: string,
    kind: ChallengeClaims['kind'],
    cookies: Map<string, string>,
  ): Promise<VerifiedChallenge> {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = base64urlToBytes(challenge);
    } catch {
      throw notIssued();
    }
    if (bytes.byteLength <= MAC_BYTES) throw notIssued();
    const payload = bytes.slice(MAC_BYTES);
    // subtle.verify compares in constant time.
    if (!(await crypto.subtle.verify('HMAC', key, bytes.slice(0, MAC_BYTES), payload))) throw notIssued();
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (!isObject(claims) || typeof claims.id !== 'string' || typeof claims.exp !== 'number') throw notIssued();
    if (claims.kind !== kind) throw challengeExpired();
    if (claims.exp <= now()) throw challengeExpired();
    // Answered from another browser than the one that asked (or its cookie is gone): fresh options fix it.
    const cookieName = `${cookiePrefix}${claims.id}`;
    const token = cookies.get(cookieName);
    if (token === undefined || (await bindingProof(claims.id, token)) !== claims.bind) throw challengeExpired();
    const { exp, bind: _bind, ...rest } = claims;
    return { ...(rest as unknown as ChallengeClaims & { id: string }), expiresAt: exp, cookieName };
  }

  /**
   * The binding cookies to clear so that a browser keeps at most `MAX_OPEN` (the oldest go):
   * browsers hold about 180 cookies per site and evict the least recently used, which could be
   * the session's. A ceremony whose cookie went is answered `challenge-expired` and retried.
   */
  function staleCookies(cookies: Map<string, string>): string[] {
    const open = [...cookies.keys()].filter((name) => name.startsWith(cookiePrefix)).sort();
    return open.slice(0, Math.max(0, open.length - (MAX_OPEN - 1)));
  }

  return { issue, verify, staleCookies };
}

// Not signed by this secret: forged, or issued before a restart or a change of `secret`. Either way
// fresh options are the answer, so it reads like an expired one (the elements retry once).
const notIssued = challengeExpired;
