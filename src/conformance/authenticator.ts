/**
 * A software authenticator for the conformance kit: one ES256 passkey per
 * instance, made with WebCrypto, with "none" attestation, user presence and
 * user verification, a signature counter and a user handle (a discoverable
 * credential). It turns the options JSON a server sends into the
 * RegistrationResponseJSON / AuthenticationResponseJSON a browser would send
 * back. Nothing here needs `@simplewebauthn/server`.
 */

export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData: string;
    publicKey: string;
    publicKeyAlgorithm: number;
    transports: string[];
  };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
}

export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
}

export interface AuthenticatorOptions {
  /** Set the backup-eligible and backed-up flags (a synced passkey). Default true. */
  backedUp?: boolean;
  /** Claim this credential id (base64url) instead of a random one: a forger with a key of its own. */
  credentialId?: string;
  /** The user handle (base64url) the credential answers with before any registration. */
  userHandle?: string;
}

/** What a ceremony answer may change, to make the wrong answers the checks need. */
export interface AnswerOverrides {
  /** Sign this challenge instead of the options' one. */
  challenge?: string;
}

/** Options the server sent that no browser would act on. */
export class InvalidOptionsError extends Error {}

const encoder = new TextEncoder();

// Authenticator data flags (WebAuthn §6.1): user present, user verified,
// backup eligible, backed up, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;
const ES256 = -7;

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new InvalidOptionsError(`not base64url: ${text.slice(0, 40)}`);
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const randomBase64url = (length: number) => toBase64url(crypto.getRandomValues(new Uint8Array(length)));

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const uint16 = (n: number) => new Uint8Array([(n >>> 8) & 255, n & 255]);
const uint32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const sha256 = async (bytes: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

// ---------------------------------------------------------------- CBOR (RFC 8949), only what attestation needs

export type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

/** The head of a CBOR item: major type and argument, in the shortest form. */
function cborHead(major: number, value: number): Uint8Array {
  if (value < 24) return new Uint8Array([(major << 5) | value]);
  if (value < 0x100) return new Uint8Array([(major << 5) | 24, value]);
  if (value < 0x10000) return concat(new Uint8Array([(major << 5) | 25]), uint16(value));
  if (value < 0x100000000) return concat(new Uint8Array([(major << 5) | 26]), uint32(value));
  throw new RangeError('CBOR: integer too large');
}

/** Encodes integers, byte and text strings, arrays and maps (keys in insertion order). */
export function encodeCbor(value: CborValue): Uint8Array<ArrayBuffer> {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('CBOR: only integers');
    return concat(value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value));
  }
  if (typeof value === 'string') {
    const bytes = encoder.encode(value);
    return concat(cborHead(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value);
  if (Array.isArray(value)) return concat(cborHead(4, value.length), ...value.map(encodeCbor));
  const entries = [...value].flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)]);
  return concat(cborHead(5, value.size), ...entries);
}

// ---------------------------------------------------------------- signatures

/** WebAuthn wants ECDSA signatures DER-encoded (an ASN.1 SEQUENCE of r and s); WebCrypto gives r || s. */
function derSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let value = bytes.slice(start);
    if (value[0] & 0x80) value = concat(new Uint8Array([0]), value);
    return concat(new Uint8Array([0x02, value.length]), value);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

// ---------------------------------------------------------------- reading options

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function challengeOf(options: Json, what: string): string {
  if (typeof options.challenge !== 'string' || options.challenge === '') {
    throw new InvalidOptionsError(`${what} have no challenge`);
  }
  fromBase64url(options.challenge);
  return options.challenge;
}

const clientData = (type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string) =>
  encoder.encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

// ---------------------------------------------------------------- the authenticator

export interface SoftAuthenticator {
  /** The credential id, base64url. */
  readonly credentialId: string;
  /** The user handle from the registration options (or the constructor), base64url. */
  readonly userHandle: string | undefined;
  /** The signature counter of the last answer. */
  readonly counter: number;
  /** Answers creation options (`navigator.credentials.create()`), as the page at `origin`. */
  register(options: unknown, origin: string): Promise<RegistrationResponseJSON>;
  /** Answers request options (`navigator.credentials.get()`), as the page at `origin`. */
  authenticate(options: unknown, origin: string, overrides?: AnswerOverrides): Promise<AuthenticationResponseJSON>;
}

export async function createSoftAuthenticator(options: AuthenticatorOptions = {}): Promise<SoftAuthenticator> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const rawPublicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)); // 0x04 || x || y
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const credentialId = options.credentialId ?? randomBase64url(32);
  const credentialIdBytes = fromBase64url(credentialId);
  const backupFlags = options.backedUp === false ? 0 : BE | BS;
  let userHandle = options.userHandle;
  let counter = 0;

  const coseKey = encodeCbor(
    new Map<number, CborValue>([
      [1, 2], // kty: EC2
      [3, ES256], // alg
      [-1, 1], // crv: P-256
      [-2, rawPublicKey.slice(1, 33)], // x
      [-3, rawPublicKey.slice(33, 65)], // y
    ]),
  );

  /** This credential's answer, as `navigator.credentials` gives it to a page: only the response differs. */
  const answer = <const R extends object>(clientDataJSON: Uint8Array, response: R) => ({
    id: credentialId,
    rawId: credentialId,
    type: 'public-key' as const,
    response: { clientDataJSON: toBase64url(clientDataJSON), ...response },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform' as const,
  });

  return {
    credentialId,
    get userHandle() {
      return userHandle;
    },
    get counter() {
      return counter;
    },

    async register(creationOptions, origin) {
      if (!isObject(creationOptions)) throw new InvalidOptionsError('the creation options are not an object');
      const challenge = challengeOf(creationOptions, 'the creation options');
      const { rp, user, pubKeyCredParams } = creationOptions;
      if (!isObject(user) || typeof user.id !== 'string' || user.id === '') {
        throw new InvalidOptionsError('the creation options have no user.id');
      }
      fromBase64url(user.id);
      if (Array.isArray(pubKeyCredParams) && !pubKeyCredParams.some((p) => isObject(p) && p.alg === ES256)) {
        throw new InvalidOptionsError('the creation options do not accept ES256 (alg -7)');
      }
      const rpId = isObject(rp) && typeof rp.id === 'string' ? rp.id : new URL(origin).hostname;

      userHandle = user.id;
      const clientDataJSON = clientData('webauthn.create', challenge, origin);
      const authenticatorData = concat(
        await sha256(encoder.encode(rpId)),
        new Uint8Array([UP | UV | backupFlags | AT]),
        uint32(counter),
        new Uint8Array(16), // AAGUID: none, as with "none" attestation
        uint16(credentialIdBytes.length),
        credentialIdBytes,
        coseKey,
      );
      const attestationObject = encodeCbor(
        new Map<string, CborValue>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authenticatorData],
        ]),
      );
      return answer(clientDataJSON, {
        attestationObject: toBase64url(attestationObject),
        authenticatorData: toBase64url(authenticatorData),
        publicKey: toBase64url(spki),
        publicKeyAlgorithm: ES256,
        transports: ['hybrid', 'internal'],
      });
    },

    async authenticate(requestOptions, origin, overrides = {}) {
      if (!isObject(requestOptions)) throw new InvalidOptionsError('the request options are not an object');
      const challenge = overrides.challenge ?? challengeOf(requestOptions, 'the request options');
      const rpId = typeof requestOptions.rpId === 'string' ? requestOptions.rpId : new URL(origin).hostname;

      counter += 1;
      const clientDataJSON = clientData('webauthn.get', challenge, origin);
      const authenticatorData = concat(
        await sha256(encoder.encode(rpId)),
        new Uint8Array([UP | UV | backupFlags]),
        uint32(counter),
      );
      const signed = concat(authenticatorData, await sha256(clientDataJSON));
      const raw = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signed);
      return answer(clientDataJSON, {
        authenticatorData: toBase64url(authenticatorData),
        signature: toBase64url(derSignature(new Uint8Array(raw))),
        ...(userHandle ? { userHandle } : {}),
      });
    },
  };
}
