// Browser side of the real-ceremony tests: Chromium's virtual authenticator
// (through test-server commands) and the reference backend's state.
import { executeServerCommand } from '@web/test-runner-commands';
import type { PasskeyAdapter, PublicKeyCredentialRequestOptionsJSON } from '../../src/index.js';

export interface VirtualAuthenticatorOptions {
  transport?: 'internal' | 'usb' | 'nfc' | 'ble' | 'hybrid';
  isUserVerified?: boolean;
  automaticPresenceSimulation?: boolean;
  hasResidentKey?: boolean;
}

export const addAuthenticator = (options?: VirtualAuthenticatorOptions) =>
  executeServerCommand<string, VirtualAuthenticatorOptions | undefined>('authenticator:add', options);

export const removeAuthenticator = (authenticatorId: string) =>
  executeServerCommand('authenticator:remove', { authenticatorId });

/**
 * For each test of the enclosing `describe`: signs out and adds a virtual
 * authenticator before, removes it after. `id` is the one in use; a test can
 * `remove()` it (to have none) or `replace()` it with a fresh one.
 */
export function useVirtualAuthenticator(options?: VirtualAuthenticatorOptions) {
  let current: string | undefined;
  beforeEach(async () => {
    await signOut();
    current = await addAuthenticator(options);
  });
  afterEach(async () => {
    if (current) await removeAuthenticator(current);
    current = undefined;
  });
  return {
    get id(): string {
      if (!current) throw new Error('No virtual authenticator: the test removed it.');
      return current;
    },
    async remove(): Promise<void> {
      if (current) await removeAuthenticator(current);
      current = undefined;
    },
    async replace(next?: VirtualAuthenticatorOptions): Promise<void> {
      await this.remove();
      current = await addAuthenticator(next);
    },
  };
}

/**
 * `adapter`, with a fresh authenticator swapped in before its second
 * registration-options request: after "Confirm it's you" the new passkey is
 * made on another device (the first already holds one). `calls` counts those
 * requests.
 */
export function newDeviceAfterConfirm(adapter: PasskeyAdapter, authenticator: { replace(): Promise<void> }) {
  let calls = 0;
  return {
    adapter: {
      ...adapter,
      getRegistrationOptions: async (input, ctx) => {
        if (++calls === 2) await authenticator.replace();
        return adapter.getRegistrationOptions(input, ctx);
      },
    } as PasskeyAdapter,
    get calls() {
      return calls;
    },
  };
}

/** `false` makes the authenticator refuse user verification: the browser reports it as a cancel. */
export const setUserVerified = (authenticatorId: string, isUserVerified: boolean) =>
  executeServerCommand('authenticator:set-user-verified', { authenticatorId, isUserVerified });

/** `false` leaves the browser prompt open until it is aborted or times out. */
export const setPresence = (authenticatorId: string, enabled: boolean) =>
  executeServerCommand('authenticator:set-presence', { authenticatorId, enabled });

export interface StoredCredential {
  credentialId: string;
  rpId: string;
  signCount: number;
  /** base64url */
  userHandle?: string;
  userName?: string;
  userDisplayName?: string;
}
export const credentialsOf = (authenticatorId: string) =>
  executeServerCommand<StoredCredential[], { authenticatorId: string }>('authenticator:credentials', {
    authenticatorId,
  });

/** Credential ids the browser removed through the Signal API (DevTools `WebAuthn.credentialDeleted`). */
export const deletedCredentials = () => executeServerCommand<string[], undefined>('authenticator:deleted-credentials');

/** Waits (up to 3 s: the DevTools event trails the page's call) until `credentialId` was removed by a signal. */
export async function signalledDeletion(credentialId: string): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    if ((await deletedCredentials()).includes(credentialId)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export interface BackendUser {
  id: string;
  username: string;
  displayName: string;
  passkeys: { id: string; name: string; credentialId: string; counter: number; lastUsedAt?: string }[];
}
export const backendUser = (username: string) =>
  executeServerCommand<BackendUser | null, { username: string }>('backend:user', { username });

export const forgetCredentialOnServer = (credentialId: string) =>
  executeServerCommand<boolean, { credentialId: string }>('backend:delete-passkey-by-credential', { credentialId });

/** Ages the user's sessions past the server's re-authentication window: adding or deleting a passkey is then refused. */
export const staleSessions = (username: string) =>
  executeServerCommand<number, { username: string }>('backend:stale-sessions', { username });

let counter = 0;
export const uniqueUsername = (prefix = 'user') => `${prefix}-${Date.now().toString(36)}-${++counter}@example.com`;

export async function signOut(): Promise<void> {
  await fetch('/api/passkeys/session/sign-out', {
    method: 'POST',
    headers: { 'X-Requested-With': 'passkey-elements' },
  });
}

export async function currentUser(): Promise<{ username: string } | null> {
  const response = await fetch('/api/passkeys/session');
  return ((await response.json()) as { user: { username: string } | null }).user;
}

/**
 * Resolves when the page calls `navigator.credentials.get` or `create`. It
 * only observes: the call goes through to the real browser unchanged.
 */
export function whenCredentialRequested(kind: 'get' | 'create' = 'get'): Promise<void> {
  const credentials = navigator.credentials;
  const original = credentials[kind].bind(credentials);
  return new Promise((resolve) => {
    credentials[kind] = function (this: CredentialsContainer, ...args: unknown[]) {
      credentials[kind] = original;
      resolve();
      return (original as (...a: unknown[]) => Promise<Credential | null>).apply(this, args);
    };
  });
}

/**
 * Chromium's virtual authenticator answers a request when it arrives, by the presence setting at
 * that moment; a request already waiting is not answered when presence turns on later. The
 * request reaches the authenticator a little after the page's call, so a test that turns presence
 * on for a click must first let a pending autofill request arrive — or it would sign in instead.
 */
export const ARRIVAL_MS = 400;

/** Until `observer` has seen an autofill request since call number `since`, and it has arrived. */
export async function autofillWaiting(observer: { calls: ObservedCall[] }, since = 0, timeout?: number): Promise<void> {
  await until(
    () => observer.calls.slice(since).some((c) => c.mediation === 'conditional'),
    'the autofill request',
    timeout,
  );
  await new Promise((r) => setTimeout(r, ARRIVAL_MS));
}

export interface ObservedCall {
  kind: 'get' | 'create';
  mediation?: string;
  /** `'immediate'` for a request that asks this device only. */
  uiMode?: string;
  publicKey: PublicKeyCredentialRequestOptions | PublicKeyCredentialCreationOptions | undefined;
  /** The signal the call was made with: aborted once the page cancelled it. */
  signal?: AbortSignal;
  /** Requests the page made (through fetch) before this call. */
  fetchesBefore: number;
}

/**
 * Records every `navigator.credentials.get/create` call and every `fetch`,
 * passing all of them through to the real browser unchanged.
 */
export function observe() {
  const credentials = navigator.credentials;
  const get = credentials.get.bind(credentials);
  const create = credentials.create.bind(credentials);
  const realFetch = window.fetch.bind(window);
  const calls: ObservedCall[] = [];
  let fetches = 0;
  window.fetch = (...args: Parameters<typeof fetch>) => {
    fetches++;
    return realFetch(...args);
  };
  credentials.get = (options?: CredentialRequestOptions) => {
    const { mediation, publicKey, signal, uiMode } = (options ?? {}) as CredentialRequestOptions & { uiMode?: string };
    calls.push({ kind: 'get', mediation, uiMode, publicKey, signal, fetchesBefore: fetches });
    return get(options);
  };
  credentials.create = (options?: CredentialCreationOptions) => {
    const mediation = (options as { mediation?: string } | undefined)?.mediation;
    calls.push({
      kind: 'create',
      mediation,
      publicKey: options?.publicKey,
      signal: options?.signal,
      fetchesBefore: fetches,
    });
    return create(options);
  };
  return {
    calls,
    get fetches() {
      return fetches;
    },
    restore() {
      credentials.get = get;
      credentials.create = create;
      window.fetch = realFetch;
    },
  };
}

export async function until(condition: () => boolean, what = 'condition', timeout = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface SeedPasskey {
  name?: string;
  aaguid?: string;
  backedUp?: boolean;
  deviceType?: 'singleDevice' | 'multiDevice';
  transports?: string[];
  createdAt?: string;
  lastUsedAt?: string;
}
/** Adds list entries (not usable keys) to a user's passkeys on the server; resolves to their ids. */
export const seedPasskeys = (username: string, passkeys: SeedPasskey[]) =>
  executeServerCommand<string[], { username: string; passkeys: SeedPasskey[] }>('backend:seed-passkeys', {
    username,
    passkeys,
  });

/** POSTs JSON to the reference backend the way the REST adapter does; throws on an error status. */
async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`/api/passkeys${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'passkey-elements' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** Registers a passkey for a new user through the REST contract, then signs out (unless `stay`). */
export async function registerUser(
  username = uniqueUsername(),
  { stay = false } = {},
): Promise<{ username: string; credentialId: string; id: string }> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  const optionsJSON = await post('/registration/options', { username });
  const response = await startRegistration({ optionsJSON: optionsJSON as never });
  const passkey = await post('/registration/verify', response);
  if (!stay) await signOut();
  return { username, credentialId: passkey.credentialId as string, id: passkey.id as string };
}

/** Signs the page in with a (discoverable) passkey through the REST contract. */
export async function signInWithPasskey(): Promise<void> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const optionsJSON = await post('/authentication/options', {});
  await post('/authentication/verify', await startAuthentication({ optionsJSON: optionsJSON as never }));
}

/**
 * `rest`, except that its first sign-in options carry a challenge the server
 * has already spent (a sign-in used them, then signed out); later requests get
 * fresh ones. `calls` counts the options requests.
 */
export async function spentOptionsFirst(rest: PasskeyAdapter): Promise<{
  adapter: PasskeyAdapter;
  spent: PublicKeyCredentialRequestOptionsJSON;
  calls: () => number;
}> {
  const signal = new AbortController().signal;
  const spent = await rest.getAuthenticationOptions({}, { signal });
  const { startAuthentication } = await import('@simplewebauthn/browser');
  await rest.verifyAuthentication(await startAuthentication({ optionsJSON: spent }), { signal });
  await signOut();
  let calls = 0;
  const adapter: PasskeyAdapter = {
    ...rest,
    getAuthenticationOptions: async (input, ctx) => (++calls === 1 ? spent : rest.getAuthenticationOptions(input, ctx)),
  };
  return { adapter, spent, calls: () => calls };
}
