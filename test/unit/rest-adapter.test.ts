import { expect } from '@open-wc/testing';
import { PasskeyError, createRestAdapter, type PasskeyAdapter } from '../../src/index.js';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal | null | undefined;
}

/** A fake `fetch` that records each request and answers with `reply`. */
function recorder(reply: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      credentials: init.credentials,
      signal: init.signal,
    });
    return reply();
  };
  return { sent, fetch: fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const passkey = { id: 'pk1', name: 'Laptop', createdAt: '2026-01-01T00:00:00Z' };
const ctx = () => ({ signal: new AbortController().signal });

async function failure(promise: Promise<unknown>): Promise<PasskeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(PasskeyError);
    return error as PasskeyError;
  }
  throw new Error('expected a failure');
}

describe('createRestAdapter', () => {
  describe('when the server answers', () => {
    it('sends each call of the contract to its route with a JSON body', async () => {
      const { sent, fetch } = recorder(() => json(passkey));
      const adapter = createRestAdapter({ endpoint: '/api/passkeys/', fetch });

      await adapter.getAuthenticationOptions({ username: 'ada' }, ctx());
      await adapter.verifyAuthentication({ id: 'c' } as never, ctx());
      await adapter.getRegistrationOptions({ username: 'ada', displayName: 'Ada' }, ctx());
      await adapter.verifyRegistration({ id: 'c' } as never, ctx());
      await adapter.renamePasskey!('a/b', 'Phone', ctx());

      expect(sent.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
        'POST /api/passkeys/authentication/options',
        'POST /api/passkeys/authentication/verify',
        'POST /api/passkeys/registration/options',
        'POST /api/passkeys/registration/verify',
        'PATCH /api/passkeys/passkeys/a%2Fb',
      ]);
      expect(sent.map((s) => s.body)).to.deep.equal([
        { username: 'ada' },
        { id: 'c' },
        { username: 'ada', displayName: 'Ada' },
        { id: 'c' },
        { name: 'Phone' },
      ]);
      for (const s of sent) {
        expect(s.headers.get('Content-Type')).to.equal('application/json');
        expect(s.headers.get('X-Requested-With')).to.equal('passkey-elements');
        expect(s.credentials).to.equal('same-origin');
      }
    });

    it('lists with GET and deletes with DELETE, without a body', async () => {
      const { sent, fetch } = recorder(() => json([passkey]));
      const adapter = createRestAdapter({ endpoint: '/api', fetch });

      const list = await adapter.listPasskeys!(ctx());
      const del = recorder(() => new Response(null, { status: 204 }));
      await createRestAdapter({ endpoint: '/api', fetch: del.fetch }).deletePasskey!('pk1', ctx());

      expect(list).to.deep.equal([passkey]);
      expect(sent[0]).to.include({ method: 'GET', url: '/api/passkeys', body: undefined });
      expect(del.sent[0]).to.include({ method: 'DELETE', url: '/api/passkeys/pk1', body: undefined });
      expect(del.sent[0].headers.has('Content-Type')).to.equal(false);
    });

    it('sends the configured headers and credentials, calling a header function per request', async () => {
      let token = 0;
      const { sent, fetch } = recorder(() => json({ challenge: 'x' }));
      const adapter = createRestAdapter({
        endpoint: '/api',
        fetch,
        credentials: 'include',
        headers: () => ({ 'X-CSRF-Token': `t${++token}` }),
      });

      await adapter.getAuthenticationOptions({}, ctx());
      await adapter.getAuthenticationOptions({}, ctx());

      expect(sent.map((s) => s.headers.get('X-CSRF-Token'))).to.deep.equal(['t1', 't2']);
      expect(sent[0].credentials).to.equal('include');
    });

    it('aborts the request when the element’s signal aborts', async () => {
      const { sent, fetch } = recorder(() => json({ challenge: 'x' }));
      const controller = new AbortController();

      await createRestAdapter({ endpoint: '/api', fetch }).getAuthenticationOptions({}, { signal: controller.signal });
      controller.abort();

      expect(sent[0]!.signal!.aborted).to.equal(true);
    });
  });

  describe('when the server fails', () => {
    const cases: [string, () => Response, string, string?][] = [
      [
        'a JSON error',
        () => json({ error: { code: 'verification-failed', message: 'Bad signature' } }, 400),
        'verification-failed',
        'Bad signature',
      ],
      ['an unknown error code', () => json({ error: { code: 'teapot', message: 'No' } }, 418), 'server'],
      ['a 401 without a body', () => new Response('', { status: 401 }), 'unauthorized'],
      ['a 429', () => new Response('slow down', { status: 429 }), 'rate-limited'],
      ['an HTML error page', () => new Response('<h1>Bad gateway</h1>', { status: 502 }), 'server'],
      ['a 200 that is not JSON', () => new Response('<html>', { status: 200 }), 'server'],
      ['a 200 with a JSON array for options', () => json([1, 2]), 'server'],
    ];
    for (const [what, reply, code, message] of cases) {
      it(`maps ${what} to \`${code}\``, async () => {
        const { fetch } = recorder(reply);

        const error = await failure(createRestAdapter({ endpoint: '/api', fetch }).getAuthenticationOptions({}, ctx()));

        expect(error.code).to.equal(code);
        if (message) expect(error.message).to.equal(message);
      });
    }

    // What the reference backend answers on sign-up, and when adding or deleting a passkey.
    const refusals: [number, string, (adapter: PasskeyAdapter) => Promise<unknown>][] = [
      [409, 'username-taken', (a) => a.getRegistrationOptions({ username: 'alice' }, ctx())],
      [400, 'invalid-username', (a) => a.getRegistrationOptions({ username: ' ' }, ctx())],
      [403, 'reauthentication-required', (a) => a.getRegistrationOptions({}, ctx())],
      [403, 'reauthentication-required', (a) => a.deletePasskey!('pk1', ctx())],
      [409, 'last-passkey', (a) => a.deletePasskey!('pk1', ctx())],
    ];
    for (const [status, code, call] of refusals) {
      it(`passes on a ${status} \`${code}\` as that code, with the server’s message`, async () => {
        const { fetch } = recorder(() => json({ error: { code, message: `Refused: ${code}` } }, status));

        const error = await failure(call(createRestAdapter({ endpoint: '/api', fetch })));

        expect(error.code).to.equal(code);
        expect(error.message).to.equal(`Refused: ${code}`);
        expect(error.cause).to.deep.include({ status });
      });
    }

    it('maps a 403 or 409 without a known code to `server`', async () => {
      const forbidden = createRestAdapter({
        endpoint: '/api',
        fetch: recorder(() => new Response('', { status: 403 })).fetch,
      });
      const conflict = createRestAdapter({
        endpoint: '/api',
        fetch: recorder(() => json({ error: { code: 'conflict' } }, 409)).fetch,
      });

      expect((await failure(forbidden.deletePasskey!('pk1', ctx()))).code).to.equal('server');
      expect((await failure(conflict.deletePasskey!('pk1', ctx()))).code).to.equal('server');
    });

    it('maps a list that is not a list, or a passkey without an id, to `server`', async () => {
      const list = createRestAdapter({ endpoint: '/api', fetch: recorder(() => json({ passkeys: 'nope' })).fetch });
      const rename = createRestAdapter({ endpoint: '/api', fetch: recorder(() => json({ name: 'x' })).fetch });

      expect((await failure(list.listPasskeys!(ctx()))).code).to.equal('server');
      expect((await failure(rename.renamePasskey!('1', 'x', ctx()))).code).to.equal('server');
    });

    it('maps a failed fetch to `network`, keeping the cause', async () => {
      const cause = new TypeError('Failed to fetch');
      const fetch = (async () => {
        throw cause;
      }) as typeof globalThis.fetch;

      const error = await failure(createRestAdapter({ endpoint: '/api', fetch }).listPasskeys!(ctx()));

      expect(error.code).to.equal('network');
      expect(error.cause).to.equal(cause);
    });

    it('gives up on a server that never answers, as `network`', async () => {
      const fetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
        )) as typeof globalThis.fetch;

      const error = await failure(createRestAdapter({ endpoint: '/api', fetch, timeout: 50 }).listPasskeys!(ctx()));

      expect(error.code).to.equal('network');
      expect(error.message).to.equal('The server did not answer in time.');
    });

    it('maps an aborted request to `aborted`', async () => {
      const controller = new AbortController();
      controller.abort();

      const error = await failure(
        createRestAdapter({ endpoint: '/api' }).getAuthenticationOptions({}, { signal: controller.signal }),
      );

      expect(error.code).to.equal('aborted');
    });
  });
});

describe('REST adapter: odd but harmless replies', () => {
  it('reads Retry-After from a 429, in seconds or as a date', async () => {
    const inSeconds = recorder(() => new Response('', { status: 429, headers: { 'Retry-After': '12' } }));
    const seconds = await failure(
      createRestAdapter({ endpoint: '/api', fetch: inSeconds.fetch }).getAuthenticationOptions({}, ctx()),
    );
    expect([seconds.code, seconds.retryAfter]).to.deep.equal(['rate-limited', 12]);

    const date = new Date(Date.now() + 60_000).toUTCString();
    const asDate = recorder(() => new Response('', { status: 429, headers: { 'Retry-After': date } }));
    const dated = await failure(
      createRestAdapter({ endpoint: '/api', fetch: asDate.fetch }).getAuthenticationOptions({}, ctx()),
    );
    expect(dated.retryAfter).to.be.within(58, 61);
  });

  it('passes on a list with fields of the wrong type and numeric ids (the elements drop what they cannot use)', async () => {
    const odd = recorder(() =>
      json([
        { ...passkey, transports: 'usb' },
        { ...passkey, id: 2 },
      ]),
    );
    const list = await createRestAdapter({ endpoint: '/api', fetch: odd.fetch }).listPasskeys!(ctx());
    expect((list as { id: unknown }[]).map((p) => p.id)).to.deep.equal(['pk1', 2]);
  });
});
