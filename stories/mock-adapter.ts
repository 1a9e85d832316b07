// An in-memory PasskeyAdapter and a stand-in for the browser's WebAuthn API,
// for Storybook only. Storybook has no authenticator and no backend: these let
// every state of every element be shown. Never import this from src/ or test/.
import { PasskeyError } from '../src/index.js';
import type {
  AdapterContext,
  AuthenticationResponseJSON,
  Passkey,
  PasskeyAdapter,
  PasskeyErrorCode,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  SignInResult,
} from '../src/index.js';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

export const AAGUID = {
  applePasswords: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
  googlePasswordManager: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
  yubiKey5: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
  windowsHello: '08987058-cadc-4b81-b6e1-30de50dcbe96',
  onePassword: 'bada5566-a7aa-401f-bd96-45619a55120d',
  bitwarden: 'd548826e-79b4-db40-a3d8-11116f7e8349',
} as const;

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64url(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. `Infinity` never resolves. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal));
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** An ISO date `days` (fractions allowed) before now. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 3600_000).toISOString();
}

// ---------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------

export type MockMethod =
  | 'getAuthenticationOptions'
  | 'verifyAuthentication'
  | 'getRegistrationOptions'
  | 'verifyRegistration'
  | 'listPasskeys'
  | 'renamePasskey'
  | 'deletePasskey';

export interface MockAdapterOptions {
  /** Milliseconds every call takes (default 250). */
  latency?: number;
  /** Make a method fail with a code, or `'hang'` (never settles; aborting its signal still rejects it). */
  fail?: Partial<Record<MockMethod, PasskeyErrorCode | 'hang'>>;
  /** How many times each configured failure happens before the method succeeds (default: always). */
  failTimes?: number;
  /** The passkeys the "server" starts with (copied). */
  passkeys?: Passkey[];
  /** Leave out `renamePasskey` and `deletePasskey` (the elements then hide those controls). */
  readOnly?: boolean;
  /** What `verifyAuthentication` returns (default: the mock user, no redirect). */
  signInResult?: SignInResult;
  /** The signed-in account. */
  user?: { id: string; username: string; displayName: string };
  /** AAGUID given to passkeys created through the adapter (default: Google Password Manager). */
  newPasskeyAaguid?: string;
  /** Name given to passkeys created through the adapter. */
  newPasskeyName?: string;
}

const DEFAULT_USER = { id: 'user-ada', username: 'ada@example.com', displayName: 'Ada Lovelace' };

/**
 * A `PasskeyAdapter` that keeps everything in memory. Options are
 * valid-looking WebAuthn JSON for `location.hostname`; responses are checked
 * against the challenges it issued; every call honours `ctx.signal`.
 */
export function createMockAdapter(options: MockAdapterOptions = {}): PasskeyAdapter {
  const latency = options.latency ?? 250;
  const user = options.user ?? DEFAULT_USER;
  const userHandle = toBase64url(new TextEncoder().encode(user.id));
  let passkeys: Passkey[] = (options.passkeys ?? []).map((p) => ({ ...p }));
  const issued = new Set<string>();
  const failures = new Map<MockMethod, number>();
  let created = 0;

  /** Latency, then the configured failure (if any) for `method`. */
  async function step(method: MockMethod, ctx: AdapterContext): Promise<void> {
    const failure = options.fail?.[method];
    const count = failures.get(method) ?? 0;
    const active = failure !== undefined && count < (options.failTimes ?? Infinity);
    if (active) failures.set(method, count + 1);
    if (active && failure === 'hang') return wait(Infinity, ctx.signal);
    await wait(latency, ctx.signal);
    if (active) throw new PasskeyError(failure as PasskeyErrorCode, `Mock ${method} failed with "${failure}".`);
  }

  function challenge(): string {
    const value = toBase64url(randomBytes(32));
    issued.add(value);
    return value;
  }

  /** A light server-side check: the response answers a challenge this adapter issued. */
  function checkClientData(clientDataJSON: string, type: 'webauthn.get' | 'webauthn.create'): void {
    let data: { type?: string; challenge?: string; origin?: string };
    try {
      data = JSON.parse(new TextDecoder().decode(fromBase64url(clientDataJSON))) as typeof data;
    } catch {
      throw new PasskeyError('verification-failed', 'clientDataJSON is not JSON.');
    }
    if (data.type !== type || !data.challenge || !issued.has(data.challenge) || data.origin !== location.origin) {
      throw new PasskeyError('verification-failed', 'The response does not answer a challenge issued here.');
    }
    issued.delete(data.challenge);
  }

  const descriptors = () =>
    passkeys
      .filter((p) => p.credentialId)
      .map((p) => ({ id: p.credentialId!, type: 'public-key' as const, transports: p.transports }));

  const adapter: PasskeyAdapter = {
    async getAuthenticationOptions(input, ctx): Promise<PublicKeyCredentialRequestOptionsJSON> {
      await step('getAuthenticationOptions', ctx);
      return {
        challenge: challenge(),
        rpId: location.hostname,
        timeout: 300_000,
        userVerification: 'preferred',
        allowCredentials: input.username ? descriptors() : [],
      };
    },

    async verifyAuthentication(response: AuthenticationResponseJSON, ctx): Promise<SignInResult> {
      await step('verifyAuthentication', ctx);
      checkClientData(response.response.clientDataJSON, 'webauthn.get');
      const known = passkeys.find((p) => p.credentialId === response.id);
      if (known) known.lastUsedAt = new Date().toISOString();
      return options.signInResult ?? { user: { ...user } };
    },

    async getRegistrationOptions(input, ctx): Promise<PublicKeyCredentialCreationOptionsJSON> {
      await step('getRegistrationOptions', ctx);
      return {
        challenge: challenge(),
        rp: { id: location.hostname, name: 'Passkey Elements Storybook' },
        user: {
          id: userHandle,
          name: input.username ?? user.username,
          displayName: input.displayName ?? user.displayName,
        },
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        timeout: 300_000,
        attestation: 'none',
        excludeCredentials: descriptors(),
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
        hints: [],
        extensions: { credProps: true },
      };
    },

    async verifyRegistration(response: RegistrationResponseJSON, ctx): Promise<Passkey> {
      await step('verifyRegistration', ctx);
      checkClientData(response.response.clientDataJSON, 'webauthn.create');
      created += 1;
      const passkey: Passkey = {
        id: `pk-new-${Date.now().toString(36)}-${created}`,
        name: options.newPasskeyName ?? (created > 1 ? `New passkey ${created}` : 'New passkey'),
        createdAt: new Date().toISOString(),
        credentialId: response.id,
        aaguid: options.newPasskeyAaguid ?? AAGUID.googlePasswordManager,
        backedUp: true,
        deviceType: 'multiDevice',
        transports: response.response.transports ?? ['internal', 'hybrid'],
      };
      passkeys = [...passkeys, passkey];
      return { ...passkey };
    },

    async listPasskeys(ctx): Promise<Passkey[]> {
      await step('listPasskeys', ctx);
      return passkeys.map((p) => ({ ...p }));
    },
  };

  if (!options.readOnly) {
    adapter.renamePasskey = async (id, name, ctx) => {
      await step('renamePasskey', ctx);
      const passkey = passkeys.find((p) => p.id === id);
      if (!passkey) throw new PasskeyError('unknown-credential', 'No such passkey.');
      passkey.name = name.trim();
      return { ...passkey };
    };
    adapter.deletePasskey = async (id, ctx) => {
      await step('deletePasskey', ctx);
      if (!passkeys.some((p) => p.id === id)) throw new PasskeyError('unknown-credential', 'No such passkey.');
      passkeys = passkeys.filter((p) => p.id !== id);
    };
  }
  return adapter;
}

// ---------------------------------------------------------------------------
// A stand-in for navigator.credentials (Storybook only)
// ---------------------------------------------------------------------------

/** DOMException names `navigator.credentials.get/create` can reject with. */
export const WEBAUTHN_ERRORS = [
  'NotAllowedError',
  'InvalidStateError',
  'SecurityError',
  'NotSupportedError',
  'ConstraintError',
  'AbortError',
  'TypeError',
  'UnknownError',
] as const;
export type WebAuthnErrorName = (typeof WEBAUTHN_ERRORS)[number];

/**
 * What the fake authenticator does when asked:
 * - `success`: resolves with a fake credential;
 * - `hang`: the prompt stays open (rejects only when aborted);
 * - a DOMException name: rejects with it (`NotAllowedError` = the user dismissed the prompt);
 * - `unsupported`: the browser has no WebAuthn (`PublicKeyCredential` is hidden);
 * - `insecure`: the page is not a secure context.
 */
export type WebAuthnOutcome = 'success' | 'hang' | 'unsupported' | 'insecure' | WebAuthnErrorName;

export const WEBAUTHN_OUTCOMES: readonly WebAuthnOutcome[] = [
  'success',
  'hang',
  'unsupported',
  'insecure',
  ...WEBAUTHN_ERRORS,
];

export interface MockWebAuthnOptions {
  /** Whether passkey autofill (conditional mediation) is reported available (default true). */
  autofill?: boolean;
  /** `platform` (this device) or `cross-platform` (a phone or security key). Default `platform`. */
  authenticatorAttachment?: 'platform' | 'cross-platform';
  /** AAGUID written into created credentials (default: Google Password Manager). */
  aaguid?: string;
  /**
   * Conditional create (a silent passkey after a password sign-in): reported
   * available, and a conditional `create()` succeeds. Default false: reported
   * unavailable, and a conditional `create()` is refused (NotAllowedError).
   */
  conditionalCreate?: boolean;
  /**
   * Immediate mode (`uiMode: "immediate"`): `none` reports it available and
   * answers that this device holds no passkey. Story clicks count as the user's
   * gesture then. Default: not available.
   */
  immediate?: 'none';
}

interface Install {
  outcome: WebAuthnOutcome;
  options: MockWebAuthnOptions;
}

/**
 * The attribute a story puts on a wrapper to choose the outcome for the
 * element inside it: on a docs page, where several stories share one window,
 * each story's element still gets its own outcome when it is interacted with.
 */
export const OUTCOME_ATTRIBUTE = 'data-mock-webauthn';

const installs: Install[] = [];
let saved: { restore: () => void } | undefined;

/** The outcome for this call: the scoped wrapper of the focused element, else the latest install. */
function currentOutcome(): WebAuthnOutcome {
  const top = installs.at(-1)?.outcome ?? 'success';
  const scopes = document.querySelectorAll(`[${OUTCOME_ATTRIBUTE}]`);
  const scope =
    document.activeElement?.closest(`[${OUTCOME_ATTRIBUTE}]`) ?? (scopes.length === 1 ? scopes[0] : undefined);
  const scoped = scope?.getAttribute(OUTCOME_ATTRIBUTE) as WebAuthnOutcome | null | undefined;
  return scoped && scoped !== 'unsupported' && scoped !== 'insecure' ? scoped : top;
}

function currentOptions(): MockWebAuthnOptions {
  return installs.at(-1)?.options ?? {};
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Just enough CBOR for an attestation object and a COSE key. */
function cbor(value: unknown): Uint8Array {
  const head = (major: number, n: number): number[] => {
    if (n < 24) return [(major << 5) | n];
    if (n < 256) return [(major << 5) | 24, n];
    return [(major << 5) | 25, n >> 8, n & 0xff];
  };
  if (typeof value === 'number') return new Uint8Array(value >= 0 ? head(0, value) : head(1, -1 - value));
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return concat(head(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].flatMap(([k, v]) => [cbor(k), cbor(v)]);
    return concat(head(5, value.size), ...entries);
  }
  throw new TypeError('cbor: unsupported value');
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function bufferOf(source: BufferSource | undefined): Uint8Array {
  if (!source) return new Uint8Array();
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

/** Rejects with `name`, or never settles for `hang`; always rejects when `signal` aborts. */
async function settleFor(outcome: WebAuthnOutcome, signal: AbortSignal | null | undefined): Promise<void> {
  const never = new AbortController().signal;
  // A real prompt takes a moment to answer; so does this one.
  await wait(outcome === 'hang' ? Infinity : 150, signal ?? never).catch(() => {
    throw new DOMException('The operation either timed out or was not allowed.', 'AbortError');
  });
  // `unsupported` and `insecure` act before any request (the elements check first): answer normally.
  if (outcome === 'success' || outcome === 'unsupported' || outcome === 'insecure') return;
  if (outcome === 'TypeError') throw new TypeError('The options are not valid.');
  throw new DOMException(`Mock authenticator: ${outcome}.`, outcome);
}

type FakeCredential = Record<string, unknown>;

async function fakeAssertion(options: CredentialRequestOptions): Promise<FakeCredential> {
  const publicKey = options.publicKey!;
  const rpId = publicKey.rpId ?? location.hostname;
  const rawId = publicKey.allowCredentials?.length
    ? bufferOf(publicKey.allowCredentials[0].id).slice()
    : fromBase64url('c3Rvcnlib29rLXBhc3NrZXktMDAx'); // "storybook-passkey-001"
  const clientData = new TextEncoder().encode(
    JSON.stringify({
      type: 'webauthn.get',
      challenge: toBase64url(bufferOf(publicKey.challenge)),
      origin: location.origin,
      crossOrigin: false,
    }),
  );
  // rpIdHash, flags UP|UV|BE|BS, signCount 0.
  const authenticatorData = concat(await sha256(rpId), [0x1d], [0, 0, 0, 0]);
  const signature = concat([0x30, 0x44, 0x02, 0x20], randomBytes(32), [0x02, 0x20], randomBytes(32));
  const userHandle = new TextEncoder().encode(DEFAULT_USER.id);
  return {
    id: toBase64url(rawId),
    rawId: rawId.buffer,
    type: 'public-key',
    authenticatorAttachment: currentOptions().authenticatorAttachment ?? 'platform',
    response: {
      clientDataJSON: clientData.buffer,
      authenticatorData: authenticatorData.buffer,
      signature: signature.buffer,
      userHandle: userHandle.buffer,
    },
    getClientExtensionResults: () => ({}),
  };
}

async function fakeAttestation(options: CredentialCreationOptions): Promise<FakeCredential> {
  const publicKey = options.publicKey!;
  const rpId = publicKey.rp.id ?? location.hostname;
  const rawId = randomBytes(16);
  const clientData = new TextEncoder().encode(
    JSON.stringify({
      type: 'webauthn.create',
      challenge: toBase64url(bufferOf(publicKey.challenge)),
      origin: location.origin,
      crossOrigin: false,
    }),
  );
  const coseKey = cbor(
    new Map<number, unknown>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, randomBytes(32)],
      [-3, randomBytes(32)],
    ]),
  );
  const authenticatorData = concat(
    await sha256(rpId),
    [0x5d], // UP | UV | BE | BS | AT
    [0, 0, 0, 0],
    uuidBytes(currentOptions().aaguid ?? AAGUID.googlePasswordManager),
    [rawId.length >> 8, rawId.length & 0xff],
    rawId,
    coseKey,
  );
  const attestationObject = cbor(
    new Map<string, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authenticatorData],
    ]),
  );
  return {
    id: toBase64url(rawId),
    rawId: rawId.buffer,
    type: 'public-key',
    authenticatorAttachment: currentOptions().authenticatorAttachment ?? 'platform',
    response: {
      clientDataJSON: clientData.buffer,
      attestationObject: attestationObject.slice().buffer,
      authenticatorData: authenticatorData.buffer,
      getTransports: () => ['internal', 'hybrid'],
      getPublicKey: () => null,
      getPublicKeyAlgorithm: () => -7,
      getAuthenticatorData: () => authenticatorData.buffer,
    },
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
  };
}

/** Replaces `name` on `target` and returns how to put the original back. */
function replace(target: object, name: string, value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(target, name);
  Object.defineProperty(target, name, { value, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(target, name, own);
    else delete (target as Record<string, unknown>)[name];
  };
}

/** Installs the stubs for the latest install; undoes everything when none is left. */
function apply(): void {
  saved?.restore();
  saved = undefined;
  const top = installs.at(-1);
  if (!top) return;
  const undo: (() => void)[] = [];
  const pkc = window.PublicKeyCredential as unknown as Record<string, unknown> | undefined;

  if (navigator.credentials) {
    undo.push(
      replace(navigator.credentials, 'get', async (options: CredentialRequestOptions = {}) => {
        // Autofill waits for the user to pick a passkey in the field's suggestions: in Storybook, forever.
        const outcome = options.mediation === 'conditional' ? 'hang' : currentOutcome();
        if ((options as { uiMode?: string }).uiMode === 'immediate') {
          throw new DOMException('No passkey on this device.', 'NotAllowedError');
        }
        await settleFor(outcome, options.signal);
        return fakeAssertion(options);
      }),
      replace(navigator.credentials, 'create', async (options: CredentialCreationOptions = {}) => {
        const conditional = (options as { mediation?: string }).mediation === 'conditional';
        // A silent create either just works or is refused, never a dialog.
        const outcome = conditional
          ? top.options.conditionalCreate
            ? 'success'
            : 'NotAllowedError'
          : currentOutcome();
        await settleFor(outcome, options.signal);
        return fakeAttestation(options);
      }),
    );
  }
  if (pkc) {
    const autofill = top.options.autofill ?? true;
    undo.push(
      replace(pkc, 'getClientCapabilities', () =>
        Promise.resolve({
          conditionalGet: autofill,
          conditionalCreate: top.options.conditionalCreate ?? false,
          immediateGet: !!top.options.immediate,
          hybridTransport: true,
          passkeyPlatformAuthenticator: true,
          userVerifyingPlatformAuthenticator: true,
          relatedOrigins: false,
          signalAllAcceptedCredentials: true,
          signalCurrentUserDetails: true,
          signalUnknownCredential: true,
        }),
      ),
      replace(pkc, 'isConditionalMediationAvailable', () => Promise.resolve(autofill)),
      // A play function's click is no user gesture; with immediate mode on, it counts as one.
      ...(top.options.immediate ? [replace(navigator, 'userActivation', { isActive: true, hasBeenActive: true })] : []),
      replace(pkc, 'isUserVerifyingPlatformAuthenticatorAvailable', () => Promise.resolve(true)),
      // The Signal API talks to the real password manager: keep Storybook's fake ids away from it.
      replace(
        pkc,
        'signalUnknownCredential',
        (o: unknown) => (console.info('signalUnknownCredential', o), Promise.resolve()),
      ),
      replace(
        pkc,
        'signalAllAcceptedCredentials',
        (o: unknown) => (console.info('signalAllAcceptedCredentials', o), Promise.resolve()),
      ),
      replace(pkc, 'signalCurrentUserDetails', () => Promise.resolve()),
    );
  }
  if (top.outcome === 'unsupported') {
    const own = Object.getOwnPropertyDescriptor(window, 'PublicKeyCredential');
    delete (window as unknown as Record<string, unknown>).PublicKeyCredential;
    undo.push(() => own && Object.defineProperty(window, 'PublicKeyCredential', own));
  }
  if (top.outcome === 'insecure') {
    const own = Object.getOwnPropertyDescriptor(window, 'isSecureContext');
    Object.defineProperty(window, 'isSecureContext', { get: () => false, configurable: true });
    undo.push(() =>
      own
        ? Object.defineProperty(window, 'isSecureContext', own)
        : delete (window as { isSecureContext?: boolean }).isSecureContext,
    );
  }
  saved = { restore: () => undo.reverse().forEach((fn) => fn()) };
}

/**
 * Replaces `navigator.credentials.get/create` (and the capability probes) with
 * a fake authenticator that answers with `outcome`. Storybook only: call it
 * from a story's `beforeEach` and return its result, which undoes it.
 */
export function mockWebAuthn(outcome: WebAuthnOutcome = 'success', options: MockWebAuthnOptions = {}): () => void {
  const install: Install = { outcome, options };
  installs.push(install);
  apply();
  return () => {
    const index = installs.indexOf(install);
    if (index < 0) return;
    installs.splice(index, 1);
    apply();
  };
}
