import { PasskeyError, toAdapterError } from '../core/errors.js';

// What every adapter shares on the wire: the request with its headers and
// timeout, a failed or silent fetch as `network`, and the reply read as JSON.
// Each adapter maps an error status to a code in its own way.

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A reply of the wrong shape: a `server` error, named after who sent it. */
export function malformed(what: string, sender?: string): PasskeyError {
  return new PasskeyError('server', `${sender ?? 'The server'} sent an unexpected reply (${what}).`);
}

/** The options every adapter takes for its requests. */
export interface HttpOptions {
  fetch?: typeof fetch;
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  timeout?: number;
}

/**
 * Sends `body` as JSON and returns the reply's JSON (`undefined` for an empty
 * body). An error status becomes the error `refused` makes of it, a reply
 * that is not JSON a `server` error; an unreachable server, or one that does
 * not answer within `timeout` (30 000 ms by default, 0 for none), fails as
 * `network`, an aborted `signal` as `aborted`.
 */
export async function fetchJson(
  options: HttpOptions,
  url: string,
  init: { method: string; credentials: RequestCredentials; headers?: Record<string, string> },
  signal: AbortSignal,
  body: unknown,
  refused: (response: Response, data: unknown) => PasskeyError,
  sender?: string,
): Promise<unknown> {
  const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
  const headers = new Headers(extra);
  headers.set('Accept', 'application/json');
  for (const name in init.headers) headers.set(name, init.headers[name]);
  if (body !== undefined) headers.set('Content-Type', 'application/json');

  // A hung server must not leave a spinner forever: give up after `timeout`.
  const limit = options.timeout ?? 30_000;
  const timer = limit > 0 ? AbortSignal.timeout(limit) : undefined;
  // Read per request, so a `fetch` replaced after the adapter was made is used.
  const doFetch = options.fetch ?? fetch;

  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      ...init,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timer ? AbortSignal.any([signal, timer]) : signal,
    });
    text = await response.text();
  } catch (error) {
    throw timer?.aborted && !signal.aborted
      ? new PasskeyError('network', 'The server did not answer in time.', { cause: error })
      : toAdapterError(error, signal);
  }
  let data: unknown = undefined;
  let parsed = text === '';
  if (!parsed) {
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      // Handled below: a proxy's HTML error page is a server failure, not a crash.
    }
  }
  if (!response.ok) throw refused(response, data);
  if (!parsed) throw malformed('not JSON', sender);
  return data;
}
