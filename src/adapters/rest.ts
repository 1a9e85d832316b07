import { isObject, malformed } from './http.js';
import { object, restRequest, signInCalls } from './rest-client.js';
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

/**
 * The default adapter: speaks the REST contract of the README to `endpoint`.
 * Every reply is checked before it is trusted; a non-JSON, malformed or
 * wrongly-shaped reply becomes a `server` error, an unreachable server a
 * `network` error.
 */
export function createRestAdapter(options: RestAdapterOptions): PasskeyAdapter {
  const request = restRequest(options);
  const passkeyPath = (id: string) => `/passkeys/${encodeURIComponent(id)}`;

  return {
    ...signInCalls(request),
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
