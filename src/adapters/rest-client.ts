import { PasskeyError, isPasskeyErrorCode, parseRetryAfter, toAdapterError } from '../core/errors.js';
import type { RestAdapterOptions } from './rest.js';
import type { PasskeyAdapter } from './types.js';

// What every REST adapter shares: the request, with its headers, timeout and
// error mapping, and the sign-in half of the contract. `createRestAdapter`
// adds the rest; `<passkey-sign-in>`, which only signs in, uses this half alone.

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function malformed(what: string): PasskeyError {
  return new PasskeyError('server', `The server sent an unexpected reply (${what}).`);
}

export function object(value: unknown, what: string): Json {
  if (!isObject(value)) throw malformed(what);
  return value;
}

function statusCode(status: number): PasskeyError['code'] {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  return 'server';
}

export type RestRequest = (method: string, path: string, signal: AbortSignal, body?: unknown) => Promise<unknown>;

/**
 * Requests to `endpoint` as the REST contract of the README has them. Every
 * reply is checked before it is trusted; a non-JSON reply or an error status
 * becomes a `PasskeyError`, an unreachable or silent server a `network` one.
 */
export function restRequest(options: RestAdapterOptions): RestRequest {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  return async function request(method: string, path: string, signal: AbortSignal, body?: unknown): Promise<unknown> {
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
  };
}

/** Signing in: the options, then the verification. */
export function signInCalls(
  request: RestRequest,
): Pick<PasskeyAdapter, 'getAuthenticationOptions' | 'verifyAuthentication'> {
  return {
    async getAuthenticationOptions(input, { signal }) {
      return object(await request('POST', '/authentication/options', signal, input), 'options') as never;
    },
    async verifyAuthentication(response, { signal }) {
      return object(await request('POST', '/authentication/verify', signal, response), 'sign-in result');
    },
  };
}

/** The REST adapter `<passkey-sign-in>` builds: signing in is all it ever asks of the server. */
export function createRestSignInAdapter(options: RestAdapterOptions): PasskeyAdapter {
  // The registration calls are never made by the sign-in card; leaving them
  // out keeps them out of its bundle.
  return signInCalls(restRequest(options)) as PasskeyAdapter;
}
