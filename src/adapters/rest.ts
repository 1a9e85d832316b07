import { PasskeyError, isPasskeyErrorCode, parseRetryAfter, toAdapterError } from '../core/errors.js';
import type { Passkey, PasskeyAdapter, PasskeyList } from './types.js';

export interface RestAdapterOptions {
  /** Base URL of the REST contract, e.g. `/api/passkeys`. */
  endpoint: string;
  /** `fetch` credentials mode; `same-origin` by default. */
  credentials?: RequestCredentials;
  /**
   * Extra headers for every request (a CSRF token, say). A function is called
   * per request, so a rotating token is always current.
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** The `fetch` to use; the global one by default. */
  fetch?: typeof fetch;
  /** Milliseconds before an unanswered request fails as `network`; 30 000 by default, 0 for none. */
  timeout?: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function malformed(what: string): PasskeyError {
  return new PasskeyError('server', `The server sent an unexpected reply (${what}).`);
}

/**
 * Throws unless `value` is a passkey with an id. Its other fields are checked
 * by the elements, for every adapter alike (`normalizePasskey`).
 */
export function assertPasskey(value: unknown): Passkey {
  if (!isObject(value) || !(typeof value.id === 'string' ? value.id : typeof value.id === 'number')) {
    throw malformed('passkey without an id');
  }
  return value as unknown as Passkey;
}

export function assertPasskeyList(value: unknown): Passkey[] | PasskeyList {
  if (Array.isArray(value) || (isObject(value) && Array.isArray(value.passkeys))) {
    return value as Passkey[] | PasskeyList;
  }
  throw malformed('the passkey list is not a list');
}

function statusCode(status: number): PasskeyError['code'] {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  return 'server';
}

/**
 * The default adapter: speaks the REST contract of the README to `endpoint`.
 * Every reply is checked before it is trusted; a non-JSON, malformed or
 * wrongly-shaped reply becomes a `server` error, an unreachable server a
 * `network` error.
 */
export function createRestAdapter(options: RestAdapterOptions): PasskeyAdapter {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request(method: string, path: string, signal: AbortSignal, body?: unknown): Promise<unknown> {
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    const headers = new Headers(extra);
    headers.set('Accept', 'application/json');
    // A custom header makes the request non-simple: a cross-site form cannot forge it.
    headers.set('X-Requested-With', 'passkey-elements');
    if (body !== undefined) headers.set('Content-Type', 'application/json');

    // A hung server must not leave a spinner forever: give up after `timeout`.
    const limit = options.timeout ?? 30_000;
    const timer = limit > 0 ? AbortSignal.timeout(limit) : undefined;
    const combined = timer ? AbortSignal.any([signal, timer]) : signal;
    const failed = (error: unknown) =>
      timer?.aborted && !signal.aborted
        ? new PasskeyError('network', 'The server did not answer in time.', { cause: error })
        : toAdapterError(error, signal);

    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: options.credentials ?? 'same-origin',
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      throw failed(error);
    }
    let data: unknown = undefined;
    let parsed = text === '';
    if (text !== '') {
      try {
        data = JSON.parse(text);
        parsed = true;
      } catch {
        // Handled below: a proxy's HTML error page is a server failure, not a crash.
      }
    }

    if (!response.ok) {
      const error = parsed && isObject(data) && isObject(data.error) ? data.error : undefined;
      const code = isPasskeyErrorCode(error?.code) ? error.code : statusCode(response.status);
      const message = typeof error?.message === 'string' && error.message ? error.message : undefined;
      throw new PasskeyError(code, message ?? `The server answered ${response.status}.`, {
        cause: { status: response.status, error },
        retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
      });
    }
    if (!parsed) throw malformed('not JSON');
    return data;
  }

  function object(value: unknown, what: string): Json {
    if (!isObject(value)) throw malformed(what);
    return value;
  }

  const passkeyPath = (id: string) => `/passkeys/${encodeURIComponent(id)}`;

  return {
    async getAuthenticationOptions(input, { signal }) {
      return object(await request('POST', '/authentication/options', signal, input), 'options') as never;
    },
    async verifyAuthentication(response, { signal }) {
      return object(await request('POST', '/authentication/verify', signal, response), 'sign-in result');
    },
    async getRegistrationOptions(input, { signal }) {
      return object(await request('POST', '/registration/options', signal, input), 'options') as never;
    },
    async verifyRegistration(response, { signal }) {
      return assertPasskey(await request('POST', '/registration/verify', signal, response));
    },
    async listPasskeys({ signal }) {
      return assertPasskeyList(await request('GET', '/passkeys', signal));
    },
    async renamePasskey(id, name, { signal }) {
      return assertPasskey(await request('PATCH', passkeyPath(id), signal, { name }));
    },
    async deletePasskey(id, { signal }) {
      await request('DELETE', passkeyPath(id), signal);
    },
  };
}
