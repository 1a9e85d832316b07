/** Replies, errors, bodies and cookies: the HTTP side of the reference backend. */

/** The contract's error codes the reference backend answers with. */
export type ErrorCode =
  | 'server'
  | 'unauthorized'
  | 'verification-failed'
  | 'unknown-credential'
  | 'already-registered'
  | 'rate-limited'
  | 'username-taken'
  | 'invalid-username'
  | 'reauthentication-required'
  | 'last-passkey';

/** A failure with a status and an error code of the contract; the dispatcher turns it into a JSON reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly reason?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'server', message);

export function json(status: number, body: unknown, init?: Headers | Record<string, string>): Response {
  const headers = new Headers(init);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(JSON.stringify(body), { status, headers });
}

export function noContent(init?: Headers): Response {
  const headers = new Headers(init);
  headers.set('Cache-Control', 'no-store');
  return new Response(null, { status: 204, headers });
}

export function errorResponse(error: HttpError): Response {
  const body = { code: error.code, message: error.message, ...(error.reason ? { reason: error.reason } : {}) };
  return json(error.status, { error: body }, error.headers);
}

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const MAX_BODY_BYTES = 64 * 1024;
const tooLarge = () => new HttpError(413, 'server', 'The request body is too large.');

/** The body as text ('' when there is none), at most 64 KB, and JSON-typed when present. */
export async function readBodyText(request: Request): Promise<string> {
  const declared = request.headers.get('Content-Length');
  if (declared && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';

  // Read chunk by chunk so an oversized body is refused without buffering it all.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (total === 0) return '';

  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'server', 'The request body must be application/json.');

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
}

/** The JSON object in the body. With `optional`, no body at all reads as `{}`. */
export async function readJsonObject(request: Request, what: string, optional = false): Promise<Json> {
  const text = await readBodyText(request);
  if (text === '') {
    if (optional) return {};
    throw badRequest(`The request body must be ${what}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (!isObject(value)) throw badRequest(`The request body must be ${what}.`);
  return value;
}

/** Anything with request headers: a Fetch `Request`, or Node's `IncomingMessage` (Express, Koa…). */
export type HasHeaders = { headers: Headers | Record<string, string | string[] | undefined> };

function cookieHeader(request: HasHeaders): string {
  const { headers } = request;
  if (headers instanceof Headers) return headers.get('Cookie') ?? '';
  const value = headers.cookie ?? headers.Cookie;
  return Array.isArray(value) ? value.join('; ') : (value ?? '');
}

/** Every cookie of the request, name → value (the first one wins, as browsers send the most specific first). */
export function readCookies(request: HasHeaders): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of cookieHeader(request).split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie; absent makes it end with the browser session. */
  maxAge?: number;
}

/** A Set-Cookie value: always HttpOnly, SameSite=Lax and Path=/ (what the `__Host-` prefix requires). */
export function serializeCookie(name: string, value: string, { secure, maxAge }: CookieOptions): string {
  const age = maxAge === undefined ? '' : `; Max-Age=${maxAge}`;
  return `${name}=${value}${age}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
