/**
 * The stable error codes of passkey-elements. They are public API: a page may
 * branch on them, so a code is never renamed or removed in a minor release.
 */
export const ERROR_CODES = [
  'cancelled',
  'not-supported',
  'insecure-context',
  'invalid-domain',
  'already-registered',
  'unknown-credential',
  'invalid-options',
  'verification-failed',
  'unauthorized',
  'network',
  'server',
  'rate-limited',
  'aborted',
  'username-taken',
  'invalid-username',
  'reauthentication-required',
  'last-passkey',
  'unknown',
] as const;

export type PasskeyErrorCode = (typeof ERROR_CODES)[number];

/** What the element was doing when a failure happened. */
export type PasskeyAction = 'sign-in' | 'sign-up' | 'register' | 'list' | 'rename' | 'delete' | 'reauthenticate';

export function isPasskeyErrorCode(value: unknown): value is PasskeyErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * The one error type adapters throw and elements report. The original failure
 * (a `DOMException`, a `Response` status, a `TypeError` from `fetch`) is kept
 * as `cause` so nothing is lost for debugging.
 */
export class PasskeyError extends Error {
  readonly code: PasskeyErrorCode;
  /** Seconds the server asked to wait before trying again (a 429's `Retry-After`). */
  readonly retryAfter: number | undefined;

  constructor(code: PasskeyErrorCode, message?: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(message ?? code, options);
    this.name = 'PasskeyError';
    this.code = isPasskeyErrorCode(code) ? code : 'unknown';
    const wait = options?.retryAfter ?? 0;
    this.retryAfter = wait > 0 && wait < Infinity ? wait : undefined;
  }
}

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null): number | undefined {
  const seconds = Number(value) || (Date.parse(value ?? '') - Date.now()) / 1000;
  return seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** Whatever was thrown, as a `PasskeyError` whose code is one of `ERROR_CODES`. */
export function asPasskeyError(error: unknown): PasskeyError {
  return error instanceof PasskeyError ? error : new PasskeyError('unknown', 'Something went wrong.', { cause: error });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Maps what an adapter threw to a `PasskeyError`: its own `PasskeyError` as is,
 * an aborted request as `aborted`, a failed `fetch` as `network`, anything else
 * as `server` (the adapter talks to the server, so that is where it went wrong).
 */
export function toAdapterError(error: unknown, signal?: AbortSignal): PasskeyError {
  if (error instanceof PasskeyError) return error;
  if (signal?.aborted || isAbort(error)) {
    return new PasskeyError('aborted', 'The request was aborted.', { cause: error });
  }
  // `fetch` rejects with a TypeError when the server cannot be reached.
  if (error instanceof TypeError) {
    return new PasskeyError('network', 'The server could not be reached.', { cause: error });
  }
  return new PasskeyError('server', 'The server could not complete the request.', { cause: error });
}

/**
 * Maps a failure of `navigator.credentials.get/create` (as raised directly or
 * wrapped by `@simplewebauthn/browser`'s `WebAuthnError`) to a `PasskeyError`.
 * The DOMException names are those the WebAuthn spec allows the browser to
 * raise; `@simplewebauthn/browser` narrows some of them with a `code`.
 */
export function toCeremonyError(error: unknown): PasskeyError {
  if (error instanceof PasskeyError) return error;
  if (!(error instanceof Error)) {
    return new PasskeyError('unknown', 'The passkey request failed.', { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  const name = error.name === 'Error' && error.cause instanceof Error ? error.cause.name : error.name;

  // WebAuthn §5.1.3 step 16 / §5.1.4.1 step 11: the request was aborted through its signal.
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'AbortError') {
    return new PasskeyError('aborted', 'The passkey request was replaced by another one.', { cause: error });
  }
  // §6.3.2 step 3 / §5.1.3 step 20: an excluded credential lives on this authenticator.
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
    return new PasskeyError('already-registered', 'This authenticator is already registered.', { cause: error });
  }
  // §5.1.3 steps 7–8 / §5.1.4.1 steps 5–6: the rpId is not a registrable suffix of the origin.
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') {
    return new PasskeyError('invalid-domain', 'The passkey is not valid for this website’s address.', {
      cause: error,
    });
  }
  // §5.1.3 step 5 and friends: the options themselves are unusable.
  if (
    code === 'ERROR_MALFORMED_PUBKEYCREDPARAMS' ||
    code === 'ERROR_INVALID_USER_ID_LENGTH' ||
    name === 'TypeError' ||
    // base64url that does not decode (a challenge or credential id), before any prompt.
    name === 'InvalidCharacterError' ||
    name === 'EncodingError'
  ) {
    return new PasskeyError('invalid-options', 'The server sent passkey options the browser cannot use.', {
      cause: error,
    });
  }
  // §5.1.3 step 10 / §6.3.2 steps 2, 4, 5: nothing here can make the requested kind of credential.
  if (
    code === 'ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG' ||
    code === 'ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT' ||
    code === 'ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT' ||
    code === 'ERROR_AUTO_REGISTER_USER_VERIFICATION_FAILURE' ||
    name === 'NotSupportedError' ||
    name === 'ConstraintError'
  ) {
    return new PasskeyError('not-supported', 'This device cannot create or use this kind of passkey.', {
      cause: error,
    });
  }
  // NotAllowedError covers both a dismissed prompt and a timeout; the spec keeps
  // them indistinguishable on purpose. For a UI it is a quiet, retryable cancel.
  if (name === 'NotAllowedError') {
    return new PasskeyError('cancelled', 'The passkey request was cancelled or timed out.', { cause: error });
  }
  return new PasskeyError('unknown', 'The passkey request failed.', { cause: error });
}
