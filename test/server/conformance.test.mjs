// The conformance kit (`passkey-conformance`, `runConformance`): the reference
// backend passes every check, in-process and over HTTP through the command,
// and each deliberately broken server fails exactly the check made for it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';
import {
  createMemoryStore,
  createPasskeyHandler,
  createPostgresStore,
  createSqliteStore,
  fromSqlJs,
  toNodeListener,
} from '../../dist/server/index.js';
import { PGlite } from '@electric-sql/pglite';
import { checkNames, runConformance } from '../../dist/conformance/index.js';
import { noCsrfCheck, oneChallengePerSession, replayingStore, signOutInBrowserOnly } from './broken-servers.mjs';

const CLI = fileURLToPath(new URL('../../dist/conformance/cli.js', import.meta.url));
const ORIGIN = 'http://localhost:8000';
const ENDPOINT = `${ORIGIN}/api/passkeys`;
const SECRET = 'conformance-kit-test-secret-0123456789';

const reference = (options = {}) =>
  createPasskeyHandler({ rpID: 'localhost', origins: [ORIGIN], secret: SECRET, ...options });

/** Runs the command (the file itself: its shebang and mode must work); resolves with the exit code too. */
function runCli(args) {
  return new Promise((resolve) => {
    execFile(CLI, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr, lines: stdout.trimEnd().split('\n') });
    });
  });
}

/** `handler(origin)` served over HTTP on a free port, at http://localhost:<port>. */
async function serve(makeHandler) {
  let listener;
  const server = createServer((req, res) => listener(req, res));
  await new Promise((resolve) => server.listen(0, resolve));
  const origin = `http://localhost:${server.address().port}`;
  listener = toNodeListener(makeHandler(origin));
  return { endpoint: `${origin}/api/passkeys`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const failedNames = (report) => report.results.filter((r) => !r.ok).map((r) => r.name);
const details = (report) =>
  report.results
    .filter((r) => !r.ok)
    .map((r) => `${r.name}: ${r.detail}`)
    .join('\n');

describe('passkey-conformance', () => {
  describe('against the reference backend', () => {
    it('passes every check in-process (memory store)', async () => {
      const handler = reference({ store: createMemoryStore() });

      const report = await runConformance({ endpoint: ENDPOINT, fetch: (request) => handler(request) });

      assert.equal(report.failed, 0, details(report));
      assert.deepEqual(
        report.results.map((r) => r.name),
        checkNames,
      );
      assert.equal(report.passed, checkNames.length);
      assert.ok(checkNames.length >= 20);
      assert.ok(report.results.every((r) => r.ok && !r.skipped));
    });

    it('passes again on the same server (fresh usernames each run)', async () => {
      const handler = reference();
      const run = () => runConformance({ endpoint: ENDPOINT, fetch: (request) => handler(request) });

      await run();
      const second = await run();

      assert.equal(second.failed, 0, details(second));
    });

    it('sends well under 100 requests in a run', async () => {
      const handler = reference();
      let requests = 0;

      await runConformance({ endpoint: ENDPOINT, fetch: (request) => (requests++, handler(request)) });

      assert.ok(requests < 90, `${requests} requests`);
    });

    it('skips only the sign-out check on a server without the optional session endpoints', async () => {
      const handler = reference();
      const withoutSessions = (request) =>
        new URL(request.url).pathname.startsWith('/api/passkeys/session')
          ? new Response('<h1>Not Found</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } })
          : handler(request);

      const report = await runConformance({ endpoint: ENDPOINT, fetch: withoutSessions });

      assert.equal(report.failed, 0, details(report));
      assert.deepEqual(
        report.results.filter((r) => r.skipped).map((r) => r.name),
        ['sign-out ends the session on the server'],
      );
    });

    it('reports a 429 as rate-limited, with its Retry-After, not as a wrong reply', async () => {
      const handler = reference({ rateLimits: { requestsPerClient: { limit: 20, windowMs: 60_000 } } });

      const report = await runConformance({
        endpoint: ENDPOINT,
        fetch: (request) => handler(request, { clientAddress: '203.0.113.5' }),
      });

      const failures = report.results.filter((r) => !r.ok);
      assert.ok(failures.length > 0);
      for (const { detail } of failures) {
        assert.match(detail, /rate-limited: POST \/\w+\/(options|verify) answered 429 \(Retry-After: \d+ s\)/, detail);
      }
    });

    it('passes every check on the SQLite store', async () => {
      const SQL = await initSqlJs();
      const store = await createSqliteStore(fromSqlJs(new SQL.Database()));
      const handler = reference({ store });

      const report = await runConformance({ endpoint: ENDPOINT, fetch: (request) => handler(request) });

      assert.equal(report.failed, 0, details(report));
    });

    it('passes every check on the PostgreSQL store (PGlite)', async () => {
      const db = new PGlite();
      try {
        const handler = reference({ store: await createPostgresStore(db) });
        const report = await runConformance({ endpoint: ENDPOINT, fetch: (request) => handler(request) });
        assert.equal(report.failed, 0, details(report));
      } finally {
        await db.close();
      }
    });

    describe('over HTTP, through the command', () => {
      let server;
      before(async () => {
        server = await serve((origin) => reference({ origins: [origin] }));
      });
      after(() => server.close());

      it('prints one line per check and "N passed, 0 failed" last, and exits 0', async () => {
        const { code, lines, stderr } = await runCli([server.endpoint]);

        assert.equal(code, 0, lines.join('\n') + stderr);
        assert.equal(lines.at(-1), `${checkNames.length} passed, 0 failed`);
        assert.deepEqual(
          lines.slice(0, -1),
          checkNames.map((name) => `✓ ${name}`),
        );
      });

      it('takes --origin and --header', async () => {
        const origin = new URL(server.endpoint).origin;

        const { code, lines } = await runCli([server.endpoint, '--origin', origin, '--header', 'X-Api-Key: 123']);

        assert.equal(code, 0, lines.join('\n'));
      });

      it('fails the ceremonies when the origin is not one the server accepts', async () => {
        const { code, lines } = await runCli([server.endpoint, '--origin', 'https://elsewhere.example']);

        assert.equal(code, 1);
        assert.match(lines.at(-1), /^0 passed, \d+ failed$/);
        assert.match(lines[0], /^✗ sign-up creates the account and signs it in — POST \/registration\/options .*403/);
      });
    });

    it('says so once when nothing answers at the endpoint', async () => {
      const { endpoint, close } = await serve(() => reference());
      await close();

      const { code, lines } = await runCli([endpoint]);

      assert.equal(code, 1);
      assert.equal(lines.length, 2);
      assert.match(lines[0], /^✗ the endpoint answers — GET \/session: no answer from http:\/\/localhost:\d+/);
      assert.equal(lines[1], '0 passed, 1 failed');
    });
  });

  describe('against a broken server', () => {
    const cases = [
      {
        title: 'one challenge per session',
        check: 'several ceremonies can be open at once',
        handler: () => oneChallengePerSession(reference()),
      },
      {
        title: 'no CSRF check',
        check: 'requests from another origin, or with none, are refused (CSRF)',
        handler: (origin) => noCsrfCheck(reference({ origins: [origin] }), origin),
      },
      {
        title: 'used challenges accepted again',
        check: 'a used challenge cannot be answered again (challenge-expired)',
        handler: () => reference({ store: replayingStore(createMemoryStore()) }),
      },
      {
        title: 'sign-out that only clears the cookie',
        check: 'sign-out ends the session on the server',
        handler: (origin) => signOutInBrowserOnly(reference({ origins: [origin] }), origin),
      },
    ];

    for (const { title, check, handler } of cases) {
      it(`${title}: fails "${check}" alone`, async () => {
        const report = await runConformance({ endpoint: ENDPOINT, fetch: handler(ORIGIN) });

        assert.deepEqual(failedNames(report), [check], details(report));
      });
    }

    it('the command exits 1 and names the failed check with a reason', async () => {
      const server = await serve((origin) => signOutInBrowserOnly(reference({ origins: [origin] }), origin));
      try {
        const { code, lines } = await runCli([server.endpoint]);

        assert.equal(code, 1);
        assert.equal(lines.at(-1), `${checkNames.length - 1} passed, 1 failed`);
        const failures = lines.filter((line) => line.startsWith('✗'));
        assert.deepEqual(failures, [
          '✗ sign-out ends the session on the server — GET /passkeys (the old session cookie after sign-out): ' +
            'expected 401 unauthorized, got 200',
        ]);
      } finally {
        await server.close();
      }
    });
  });

  describe('usage errors', () => {
    for (const [title, args] of [
      ['no endpoint', []],
      ['two endpoints', ['http://localhost:1/a', 'http://localhost:1/b']],
      ['not a URL', ['localhost:3000/api/passkeys']],
      ['an unknown option', ['http://localhost:1/api/passkeys', '--verbose']],
      ['a header without a colon', ['http://localhost:1/api/passkeys', '--header', 'X-Token']],
      ['an origin that is not one', ['http://localhost:1/api/passkeys', '--origin', 'example.com']],
    ]) {
      it(`${title}: exits 2 with the usage`, async () => {
        const { code, stdout, stderr } = await runCli(args);

        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, /^passkey-conformance: .+\n\nUsage: passkey-conformance <endpoint-url>/);
      });
    }

    it('--help prints the usage and exits 0', async () => {
      const { code, stdout } = await runCli(['--help']);

      assert.equal(code, 0);
      assert.match(stdout, /^Usage: passkey-conformance <endpoint-url> \[--origin <origin>\]/);
    });
  });
});
