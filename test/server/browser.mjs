// A browser as the reference backend sees it: its own cookie jar (session and
// ceremony cookies, kept and expired as a browser would), its Origin and the
// CSRF header, and a client address for the rate limits.
import { createSoftAuthenticator } from './soft-authenticator.mjs';

export const ORIGIN = 'http://localhost:8000';
export const BASE = `${ORIGIN}/api/passkeys`;

let addresses = 0;

/** `keepCookies: false` makes a script that ignores Set-Cookie (as a flood would). */
export function createBrowser(handler, { origin = ORIGIN, url = BASE, address, keepCookies = true } = {}) {
  const jar = new Map();
  const clientAddress = address ?? `198.51.100.${(++addresses % 250) + 1}`;

  async function call(method, path, { body, headers = {}, cookie } = {}) {
    const all = {
      Origin: origin,
      'X-Requested-With': 'passkey-elements',
      'Content-Type': 'application/json',
      ...headers,
    };
    for (const [name, value] of Object.entries(all)) if (value === undefined) delete all[name];
    const cookies = [...jar].map(([name, value]) => `${name}=${value}`);
    if (cookie) cookies.push(cookie);
    if (cookies.length) all.Cookie = cookies.join('; ');
    const init = { method, headers: all };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await handler(new Request(`${url}${path}`, init), { clientAddress });
    for (const set of keepCookies ? response.headers.getSetCookie() : []) {
      const [pair] = set.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      if (/Max-Age=0(;|$)/.test(set)) jar.delete(name);
      else jar.set(name, pair.slice(name.length + 1));
    }
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** The session cookie as a `name=value` pair, to replay by hand later. */
  const sessionCookie = () => {
    for (const [name, value] of jar) if (/pk_session$/.test(name)) return `${name}=${value}`;
    return undefined;
  };

  async function signUp(username, authenticator, extra = {}) {
    const key = authenticator ?? (await createSoftAuthenticator({ origin }));
    const options = await call('POST', '/registration/options', { body: { username, ...extra } });
    if (options.status !== 200) return { ...options, key };
    const verified = await call('POST', '/registration/verify', { body: await key.register(options.json) });
    return { ...verified, key };
  }

  async function signIn(key, { username, reauthenticate, counter, flags, edit } = {}) {
    const body = { ...(username ? { username } : {}), ...(reauthenticate ? { reauthenticate: true } : {}) };
    const options = await call('POST', '/authentication/options', { body });
    if (options.status !== 200) return options;
    const response = await key.authenticate(options.json, { counter, flags });
    edit?.(response);
    return call('POST', '/authentication/verify', { body: response });
  }

  async function addPasskey(authenticator) {
    const key = authenticator ?? (await createSoftAuthenticator({ origin }));
    const options = await call('POST', '/registration/options', { body: {} });
    if (options.status !== 200) return { ...options, key };
    return { ...(await call('POST', '/registration/verify', { body: await key.register(options.json) })), key };
  }

  return { call, jar, sessionCookie, signUp, signIn, addPasskey, clientAddress };
}
