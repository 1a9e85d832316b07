// A minimal software authenticator (ES256, "none" attestation) so the Node
// tests can run complete ceremonies against the handler without a browser.
import { isoCBOR } from '@simplewebauthn/server/helpers';

const encoder = new TextEncoder();

export const toBase64url = (bytes) => Buffer.from(bytes).toString('base64url');
export const fromBase64url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));
export const encodeClientData = (data) => toBase64url(encoder.encode(JSON.stringify(data)));

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const uint32 = (n) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** WebAuthn wants ECDSA signatures DER-encoded; WebCrypto gives r || s. */
function derSignature(raw) {
  const integer = (bytes) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let value = bytes.slice(i);
    if (value[0] & 0x80) value = concat(new Uint8Array([0]), value);
    return concat(new Uint8Array([0x02, value.length]), value);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

// Flags: UP (0x01), UV (0x04), BE (0x08), BS (0x10), AT (0x40).
const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 };

export { FLAGS };

/**
 * `flags` are the authenticator data flags of every response (UP|UV|BE|BS by default);
 * `credentialIdLength` the id's length in bytes.
 */
export async function createSoftAuthenticator({
  origin = 'http://localhost:8000',
  aaguid = new Uint8Array(16),
  flags = FLAGS.UP | FLAGS.UV | FLAGS.BE | FLAGS.BS,
  credentialIdLength = 32,
} = {}) {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const credentialId = crypto.getRandomValues(new Uint8Array(credentialIdLength));
  const id = toBase64url(credentialId);
  let counter = 0;
  let userHandle;

  const coseKey = isoCBOR.encode(
    new Map([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, fromBase64url(jwk.x)],
      [-3, fromBase64url(jwk.y)],
    ]),
  );

  return {
    id,
    /** A RegistrationResponseJSON answering `options` (creation options JSON). */
    async register(options, { clientOrigin = origin, flags: registrationFlags = flags } = {}) {
      userHandle = options.user.id;
      const clientDataJSON = encodeClientData({
        type: 'webauthn.create',
        challenge: options.challenge,
        origin: clientOrigin,
        crossOrigin: false,
      });
      const authData = concat(
        await sha256(encoder.encode(options.rp.id)),
        new Uint8Array([registrationFlags | FLAGS.AT]),
        uint32(counter),
        aaguid,
        new Uint8Array([credentialId.length >> 8, credentialId.length & 255]),
        credentialId,
        coseKey,
      );
      const attestationObject = isoCBOR.encode(
        new Map([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      );
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON,
          attestationObject: toBase64url(attestationObject),
          transports: ['hybrid', 'internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
    /** An AuthenticationResponseJSON answering `options` (request options JSON). */
    /** `counter` sets the signature counter sent (default: one more each time); `flags` this response's flags. */
    async authenticate(options, { clientOrigin = origin, flags: assertionFlags = flags, counter: sent } = {}) {
      counter = sent ?? counter + 1;
      const clientDataJSON = encodeClientData({
        type: 'webauthn.get',
        challenge: options.challenge,
        origin: clientOrigin,
        crossOrigin: false,
      });
      const authenticatorData = concat(
        await sha256(encoder.encode(options.rpId)),
        new Uint8Array([assertionFlags]),
        uint32(counter),
      );
      const signed = concat(authenticatorData, await sha256(fromBase64url(clientDataJSON)));
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signed));
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON,
          authenticatorData: toBase64url(authenticatorData),
          signature: toBase64url(derSignature(raw)),
          userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}
