/**
 * One simulated browser for the conformance kit: requests to the endpoint as
 * the elements' REST adapter sends them (JSON, `Origin`, `X-Requested-With`,
 * the user's extra headers), with a cookie jar of its own, so each browser
 * holds its own session and ceremony cookies.
 */

/** `fetch`, or a Fetch API handler called in-process. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface ClientOptions {
  /** Base URL of the REST contract, without a trailing slash. */
  endpoint: string;
  /** The page origin the browser claims. */
  origin: string;
  /** Extra headers for every request (a CSRF token, an API key). */
  headers: [string, string][];
  fetch: FetchLike;
  /** Every reply with an error status is appended here (for the error-envelope check). */
  errorReplies: Reply[];
  /** Milliseconds before an unanswered request fails. */
  timeoutMs: number;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with the JSON content type (malformed bodies). */
  rawBody?: string;
  /** The `Origin` header; `null` sends none. Default: the browser's origin. */
  origin?: string | null;
  /** Sent instead of the jar's cookies (a cookie replayed by hand). */
  cookie?: string;
}

export interface Reply {
  /** `POST /authentication/verify`: method and path below the endpoint. */
  request: string;
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON; undefined when it is empty or not JSON. */
  json: unknown;
  /** From an error envelope `{"error": {"code", "message", "reason"?}}`. */
  code?: string;
  reason?: string;
  message?: string;
}

/** The server answered 429: not a conformance failure, but the check could not run. */
export class RateLimitedError extends Error {}

/** The request never got an answer. */
export class NetworkError extends Error {}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class Browser {
  readonly #options: ClientOptions;
  readonly #cookies = new Map<string, string>();

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  get origin(): string {
    return this.#options.origin;
  }

  /** The Cookie header this browser sends now ('' with no cookie). */
  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const { endpoint, fetch, timeoutMs } = this.#options;
    const headers = new Headers(this.#options.headers);
    const origin = options.origin === undefined ? this.#options.origin : options.origin;
    if (origin !== null) headers.set('Origin', origin);
    headers.set('X-Requested-With', 'passkey-elements');
    headers.set('Accept', 'application/json');
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const cookie = options.cookie ?? this.cookieHeader;
    if (cookie) headers.set('Cookie', cookie);

    const label = `${method} ${path}`;
    const url = endpoint + path;
    let response: Response;
    let text: string;
    try {
      const request = new Request(url, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      response = await fetch(request);
      text = await response.text();
    } catch (error) {
      throw new NetworkError(`${label}: no answer from ${url} (${describeFailure(error)})`, { cause: error });
    }

    if (options.cookie === undefined) this.#keepCookies(response.headers);
    const reply = toReply(label, response, text);
    if (reply.status >= 400) this.#options.errorReplies.push(reply);
    if (reply.status === 429) {
      const retryAfter = response.headers.get('Retry-After');
      throw new RateLimitedError(
        `rate-limited: ${label} answered 429${retryAfter ? ` (Retry-After: ${retryAfter} s)` : ''}; ` +
          'the server limits requests from this client: run again later or relax its limits for the kit',
      );
    }
    return reply;
  }

  /** Applies Set-Cookie headers: the jar keeps name=value and drops expired cookies. */
  #keepCookies(headers: Headers): void {
    const lines = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, ...rest] = attribute.split('=');
        const setting = rest.join('=').trim();
        if (key.trim().toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.trim().toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

function toReply(label: string, response: Response, text: string): Reply {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const reply: Reply = { request: label, status: response.status, headers: response.headers, text, json };
  const error = isObject(json) && isObject(json.error) ? json.error : undefined;
  if (error) {
    if (typeof error.code === 'string') reply.code = error.code;
    if (typeof error.reason === 'string') reply.reason = error.reason;
    if (typeof error.message === 'string') reply.message = error.message;
  }
  return reply;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}

/** A reply in a few words: `409 username-taken`, `400 verification-failed (challenge-expired)`, `500 (not JSON)`. */
export function describeReply(reply: Reply): string {
  if (reply.status < 400) return String(reply.status);
  if (reply.code === undefined) return `${reply.status} ${reply.json === undefined ? '(not JSON)' : '(no error code)'}`;
  return `${reply.status} ${reply.code}${reply.reason ? ` (${reply.reason})` : ''}`;
}
