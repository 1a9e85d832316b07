import { PasskeyError, isPasskeyErrorCode, parseRetryAfter } from '../core/errors.js';
import { isObject, malformed, fetchJson, type Json } from './http.js';
import type { RestAdapterOptions } from './rest.js';
import type { PasskeyAdapter } from './types.js';

// What every REST adapter shares: the request, with its headers and error
// mapping, and the sign-in half of the contract. `createRestAdapter` adds the
// rest; `<passkey-sign-in>`, which only signs in, uses this half alone.

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
  // A custom header makes the request non-simple: a cross-site form cannot forge it.
  const headers = { 'X-Requested-With': 'passkey-elements' };

  return (method, path, signal, body) =>
    fetchJson(
      options,
      `${base}${path}`,
      { method, credentials: options.credentials ?? 'same-origin', headers },
      signal,
      body,
      (response, data) => {
        const error = isObject(data) && isObject(data.error) ? data.error : undefined;
        const code = isPasskeyErrorCode(error?.code) ? error.code : statusCode(response.status);
        const message = typeof error?.message === 'string' && error.message ? error.message : undefined;
        return new PasskeyError(code, message ?? `The server answered ${response.status}.`, {
          cause: { status: response.status, error },
          retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
        });
      },
    );
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
