// Deliberately broken servers for the conformance kit's tests: each is the
// reference handler with one mistake a backend author could make, and the kit
// must catch exactly that one.

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });

function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Keeps one challenge per session, as many hand-written backends do (visitors
 * without a session share one): a verify answering any but the last options
 * issued there is refused.
 */
export function oneChallengePerSession(handler) {
  const lastChallenge = new Map();
  const sessionOf = (request) => readCookie(request.headers.get('Cookie'), 'pk_session') ?? 'anonymous';
  return async (request, info) => {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname.endsWith('/verify')) {
      const body = await request
        .clone()
        .json()
        .catch(() => undefined);
      const clientData = body?.response?.clientDataJSON;
      const challenge = clientData && JSON.parse(Buffer.from(clientData, 'base64url').toString()).challenge;
      if (challenge && lastChallenge.get(sessionOf(request)) !== challenge) {
        return json(400, {
          error: { code: 'verification-failed', message: 'No such challenge.', reason: 'challenge-expired' },
        });
      }
    }
    const response = await handler(request, info);
    if (request.method === 'POST' && pathname.endsWith('/options') && response.ok) {
      lastChallenge.set(sessionOf(request), (await response.clone().json()).challenge);
    }
    return response;
  };
}

/** No CSRF check: every request is passed on as if it came from the allowed origin. */
export function noCsrfCheck(handler, origin) {
  return (request, info) => {
    const headers = new Headers(request.headers);
    headers.set('Origin', origin);
    headers.set('X-Requested-With', 'passkey-elements');
    return handler(new Request(request, { headers }), info);
  };
}

/** A store that never remembers a used challenge: every answer may be replayed. */
export function replayingStore(store) {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'useChallenge') return async () => true;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Sign-out that only asks the browser to forget the cookie: the session goes
 * on living on the server. (Requests the CSRF check refuses still reach the
 * handler, which refuses them.)
 */
export function signOutInBrowserOnly(handler, origin) {
  return (request, info) => {
    const { method, headers } = request;
    const passesCsrf = headers.get('Origin') === origin && headers.has('X-Requested-With');
    if (method === 'POST' && passesCsrf && new URL(request.url).pathname.endsWith('/session/sign-out')) {
      return new Response(null, {
        status: 204,
        headers: { 'Set-Cookie': 'pk_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' },
      });
    }
    return handler(request, info);
  };
}
