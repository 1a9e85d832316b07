/**
 * What the reference backend accepts from a client: usernames, names,
 * transports and the WebAuthn response JSON. Everything is checked here,
 * before it reaches the store or a reply.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { base64urlToBytes } from './encoding.js';
import { HttpError, badRequest, isObject } from './http.js';
import type { Json } from './http.js';

export const MAX_TEXT_LENGTH = 64;
/** WebAuthn L3 §5.4.3: a credential id is at most 1023 bytes. */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

const invalidUsername = (message: string) => new HttpError(400, 'invalid-username', message);
// Characters that change how text around them reads: bidi overrides, embeddings and isolates, marks.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const codePoints = (text: string) => [...text].length;
// With the u flag a lone surrogate reads as one code point of category Cs; paired ones never do.
const isWellFormed = (text: string) => !/\p{Cs}/u.test(text);

/**
 * The canonical form of a username, in the spirit of PRECIS `UsernameCaseMapped` (RFC 8265):
 * full-width letters folded to their ASCII forms, lower case, NFC. `Alice`, `alice` and
 * `ａｌｉｃｅ` are one account; NFC and NFD `josé` too. Whitespace, control and format characters
 * (zero-width, bidi), other invisible characters, compatibility forms (`𝐚𝐥𝐢𝐜𝐞`, `ﬃ`), unassigned
 * code points and lone surrogates are refused: they make names that look alike but differ.
 * Look-alikes across scripts (Cyrillic `а` for Latin `a`) are not detected.
 */
export function canonicalUsername(value: unknown): string {
  if (typeof value !== 'string') throw invalidUsername('The username must be a string.');
  if (!isWellFormed(value)) throw invalidUsername('The username holds characters that cannot be shown.');
  const folded = value
    .trim()
    .normalize('NFC')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .normalize('NFC');
  if (folded === '') throw invalidUsername('Enter a username.');
  if (codePoints(folded) > MAX_TEXT_LENGTH) {
    throw invalidUsername(`The username must be at most ${MAX_TEXT_LENGTH} characters.`);
  }
  // Invisible (default-ignorable) characters and compatibility forms (math bold, ligatures, roman
  // numerals) make names that look like another: PRECIS disallows both.
  if (
    /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Z}\s\p{Default_Ignorable_Code_Point}]/u.test(folded) ||
    folded.normalize('NFKC') !== folded
  ) {
    throw invalidUsername('The username may not contain spaces, invisible, control or stylised characters.');
  }
  return folded;
}

/** An optional username field: absent, null or blank → undefined; otherwise canonical or refused. */
export function optionalUsername(body: Json): string | undefined {
  const value = body.username;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  return canonicalUsername(value);
}

/**
 * Text a person reads (a display name, a passkey's name): NFC, trimmed, 1–64 characters,
 * at least one visible character, no control or bidi characters, no lone surrogates.
 * Emoji sequences (with zero-width joiners) are fine. Undefined when invalid.
 */
export function readableText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !isWellFormed(value)) return undefined;
  const text = value.normalize('NFC').trim();
  const length = codePoints(text);
  if (length < 1 || length > MAX_TEXT_LENGTH) return undefined;
  if (/\p{Cc}/u.test(text) || BIDI_CONTROLS.test(text)) return undefined;
  if (text.replace(/[\p{Cf}\p{Z}\s]/gu, '') === '') return undefined;
  return text;
}

/** An optional display name; absent, null or blank → undefined, refused when unreadable. */
export function optionalDisplayName(body: Json): string | undefined {
  const value = body.displayName;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const text = readableText(value);
  if (text === undefined) {
    throw badRequest(`"displayName" must be 1 to ${MAX_TEXT_LENGTH} readable characters.`);
  }
  return text;
}

/** WebAuthn's transport values only, each once, in a stable order; anything else is dropped. */
export function cleanTransports(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((t): t is string => typeof t === 'string' && TRANSPORTS.has(t)))].sort();
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isBase64url = (value: unknown): value is string => isNonEmptyString(value) && /^[A-Za-z0-9_-]+$/.test(value);

/** A credential id that is base64url and at most 1023 bytes. */
function isCredentialId(value: unknown): value is string {
  return isBase64url(value) && Math.floor((value.length * 3) / 4) <= MAX_CREDENTIAL_ID_BYTES;
}

export function parseAuthenticationResponse(body: Json): AuthenticationResponseJSON {
  const r = body.response;
  const valid =
    isCredentialId(body.id) &&
    body.rawId === body.id &&
    body.type === 'public-key' &&
    isObject(r) &&
    isBase64url(r.clientDataJSON) &&
    isBase64url(r.authenticatorData) &&
    isBase64url(r.signature) &&
    (r.userHandle === undefined || r.userHandle === null || r.userHandle === '' || isBase64url(r.userHandle)) &&
    (body.clientExtensionResults === undefined || isObject(body.clientExtensionResults));
  if (!valid) throw badRequest('The request body is not a WebAuthn authentication response.');
  const response = { ...r, userHandle: r.userHandle || undefined };
  return { ...body, response, clientExtensionResults: body.clientExtensionResults ?? {} } as AuthenticationResponseJSON;
}

export function parseRegistrationResponse(body: Json): RegistrationResponseJSON {
  const r = body.response;
  const valid =
    isNonEmptyString(body.id) &&
    body.rawId === body.id &&
    body.type === 'public-key' &&
    isObject(r) &&
    isBase64url(r.clientDataJSON) &&
    isBase64url(r.attestationObject) &&
    (body.clientExtensionResults === undefined || isObject(body.clientExtensionResults));
  if (!valid) throw badRequest('The request body is not a WebAuthn registration response.');
  if (!isCredentialId(body.id)) {
    throw new HttpError(400, 'verification-failed', 'The passkey id is longer than WebAuthn allows.');
  }
  // Only WebAuthn's transport names are kept: they are stored and shown back.
  const response = { ...r, transports: cleanTransports(r.transports) };
  return { ...body, response, clientExtensionResults: body.clientExtensionResults ?? {} } as RegistrationResponseJSON;
}

/** The challenge inside a response's base64url clientDataJSON. */
export function challengeOf(clientDataJSON: string): string {
  try {
    const data: unknown = JSON.parse(new TextDecoder().decode(base64urlToBytes(clientDataJSON)));
    if (isObject(data) && isNonEmptyString(data.challenge)) return data.challenge;
  } catch {
    // Reported below.
  }
  throw new HttpError(400, 'verification-failed', 'The passkey response could not be read (client data).');
}
