/**
 * Rate limits kept in the store, so every instance sharing it counts the same:
 * requests and failures per client address, failed signatures per account.
 * Answered `429 rate-limited` with `Retry-After`.
 */
import { HttpError } from './http.js';
import type { PasskeyStore } from './store.js';

/** A limit of `limit` events per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Options and verify requests from one client address. Default 200 a minute. */
  requestsPerClient?: RateLimit | false;
  /** Failed verifies and taken-username answers for one client address (IPv6: its /64). Default 30 in 15 minutes. */
  failuresPerClient?: RateLimit | false;
  /**
   * Failed signatures made with one account's passkeys, from anywhere: past it, failures get 429
   * (a valid signature still signs in, so no one can lock the owner out). Default 10 in 15 minutes.
   */
  failuresPerAccount?: RateLimit | false;
}

const MINUTE = 60_000;
const DEFAULT_LIMITS: Required<RateLimitOptions> = {
  requestsPerClient: { limit: 200, windowMs: MINUTE },
  failuresPerClient: { limit: 30, windowMs: 15 * MINUTE },
  failuresPerAccount: { limit: 10, windowMs: 15 * MINUTE },
};

function rateLimited(resetAt: number, now: number): HttpError {
  const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new HttpError(429, 'rate-limited', `Too many attempts. Try again in ${wait}.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** An IPv4 address as is; an IPv6 one by its /64 (one subscriber usually holds a whole /64). */
export function clientBucket(address: string): string {
  const plain = address
    .slice(0, 64)
    .replace(/^::ffff:(?=\d+\.)/i, '')
    .toLowerCase();
  if (!plain.includes(':')) return plain;
  const [head, tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = plain.includes('::') && tail ? tail.split(':') : [];
  const groups = plain.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

let warnedNoAddress = false;

export function createRateLimits(
  store: PasskeyStore,
  options: RateLimitOptions | false | undefined,
  now: () => number,
) {
  const limits = options === false ? undefined : { ...DEFAULT_LIMITS, ...options };

  /** The key of a client, for its limits; none when its address is unknown (one shared bucket would let anyone lock everyone out). */
  function clientOf(address: string | null | undefined): string | undefined {
    if (address) return clientBucket(address);
    if (limits && !warnedNoAddress) {
      warnedNoAddress = true;
      console.warn(
        'passkey-elements server: a request came without a client address, so per-client rate limits do not apply to it. Pass `{ clientAddress }` to the handler or set the `clientAddress` option.',
      );
    }
    return undefined;
  }

  /** Counts a request of `client` and refuses it past the limit (counted first: a burst cannot overshoot). */
  async function countRequest(client: string | undefined): Promise<void> {
    const limit = limits?.requestsPerClient;
    if (!limit || !client) return;
    const hit = await store.hit(`requests:${client}`, limit.windowMs, now());
    if (hit.count > limit.limit) throw rateLimited(hit.resetAt, now());
  }

  /** Refuses when the client already had its limit of failures in this window. */
  async function checkFailures(key: string | undefined): Promise<void> {
    const limit = limits?.failuresPerClient;
    if (!limit || !key) return;
    const hits = await store.getHits(key, now());
    if (hits && hits.count >= limit.limit) throw rateLimited(hits.resetAt, now());
  }

  async function countFailure(key: string | undefined): Promise<void> {
    const limit = limits?.failuresPerClient;
    if (limit && key) await store.hit(key, limit.windowMs, now());
  }

  /**
   * Counts a failed signature for the account; past the limit, the error to answer with (429).
   * Only failures are refused this way: a valid signature still signs its owner in.
   */
  async function accountFailed(userId: string): Promise<HttpError | undefined> {
    const limit = limits?.failuresPerAccount;
    if (!limit) return undefined;
    const hit = await store.hit(`failures:account:${userId}`, limit.windowMs, now());
    return hit.count > limit.limit ? rateLimited(hit.resetAt, now()) : undefined;
  }

  const clientKey = (client: string | undefined) => client && `failures:client:${client}`;

  return { clientOf, countRequest, checkFailures, countFailure, accountFailed, clientKey };
}
