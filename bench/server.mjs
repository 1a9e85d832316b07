// Server: sign-ins per second through the reference handler, called in process
// with Fetch Requests (no HTTP), for each store — beside the raw ES256
// verifications per second of the same machine, the most sign-ins it could do
// if checking the signature were the only work. Reported, never gated.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as server from '../dist/server/index.js';
import { createSoftAuthenticator } from '../test/server/soft-authenticator.mjs';

const ORIGIN = 'http://localhost:8000';
const HEADERS = { Origin: ORIGIN, 'X-Requested-With': 'passkey-elements', 'Content-Type': 'application/json' };
const SECONDS = 2;
const WARM_UP_SECONDS = 0.5;
const IN_FLIGHT = 16;

/** Runs `work(lane)` in `lanes` parallel loops for `seconds`; resolves to completions per second. */
async function perSecond(work, lanes, seconds) {
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  const loop = async (lane) => {
    while (performance.now() < end) {
      await work(lane);
      done++;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, lane) => loop(lane)));
  return done / ((performance.now() - start) / 1000);
}

/** Warmed up, then one at a time and `IN_FLIGHT` at once. */
async function measure(work) {
  await perSecond(work, IN_FLIGHT, WARM_UP_SECONDS);
  return { sequential: await perSecond(work, 1, SECONDS), concurrent: await perSecond(work, IN_FLIGHT, SECONDS) };
}

/** The limit: WebCrypto ECDSA P-256 verifications of one assertion's signature, key already imported. */
async function verifyLimit() {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const authData = crypto.getRandomValues(new Uint8Array(37));
  const clientDataHash = new Uint8Array(
    await crypto.subtle.digest('SHA-256', crypto.getRandomValues(new Uint8Array(140))),
  );
  const signed = new Uint8Array([...authData, ...clientDataHash]);
  const algorithm = { name: 'ECDSA', hash: 'SHA-256' };
  const signature = await crypto.subtle.sign(algorithm, keys.privateKey, signed);
  return measure(async () => {
    if (!(await crypto.subtle.verify(algorithm, keys.publicKey, signature, signed))) throw new Error('bad signature');
  });
}

// ------------------------------------------------------------ sign-ins

/** Sends a request with the browser's headers and cookies; resolves to the reply JSON and its cookies, or throws. */
async function call(handler, path, body, cookie) {
  const headers = { ...HEADERS, ...(cookie ? { Cookie: cookie } : {}) };
  const response = await handler(
    new Request(`${ORIGIN}/api/passkeys${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  const json = await response.json();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${json.error?.message}`);
  return { json, cookies: response.headers.getSetCookie().map((c) => c.split(';')[0]) };
}

/** The options' ceremony cookie, to send back with the verify as the browser would. */
const ceremonyCookie = (cookies) => cookies.find((c) => c.startsWith('pk_c_'));

/** A handler on `store` with one registered user per lane; resolves to one sign-in for a lane. */
async function signInOn(store) {
  const handler = server.createPasskeyHandler({
    store,
    secret: 'bench-secret-0123456789-0123456789',
    rpID: 'localhost',
    origins: [ORIGIN],
    rateLimits: false,
  });
  // One authenticator (and account) per lane: one signature counter is never raced.
  const authenticators = [];
  for (let lane = 0; lane < IN_FLIGHT; lane++) {
    const authenticator = await createSoftAuthenticator({ origin: ORIGIN });
    const options = await call(handler, '/registration/options', { username: `bench-${lane}` });
    const response = await authenticator.register(options.json);
    await call(handler, '/registration/verify', response, ceremonyCookie(options.cookies));
    authenticators.push(authenticator);
  }
  return async (lane) => {
    const options = await call(handler, '/authentication/options', {});
    const assertion = await authenticators[lane].authenticate(options.json);
    await call(handler, '/authentication/verify', assertion, ceremonyCookie(options.cookies));
  };
}

// ------------------------------------------------------------ stores

async function sqliteStore() {
  const { default: initSqlJs } = await import('sql.js');
  const database = new (await initSqlJs()).Database();
  return { store: await server.createSqliteStore(server.fromSqlJs(database)), close: () => database.close() };
}

function requirePostgresStore() {
  if (typeof server.createPostgresStore !== 'function') throw new Error('createPostgresStore not available');
}

async function pgliteStore() {
  const { PGlite } = await import('@electric-sql/pglite');
  requirePostgresStore();
  const lite = new PGlite();
  return { store: await server.createPostgresStore(lite), close: () => lite.close() };
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/**
 * A real PostgreSQL: `PG_URL`, or else a throwaway cluster on loopback in a
 * temporary folder, when run as root where the `postgresql` package is
 * installed (initdb refuses root, hence `su postgres`); stopped afterwards.
 */
async function startPostgres() {
  if (process.env.PG_URL) return { config: { connectionString: process.env.PG_URL }, stop() {} };
  const installed = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const version = installed.sort((a, b) => a - b).at(-1);
  if (!version || process.getuid?.() !== 0)
    throw new Error('no server: set PG_URL, or run as root with postgresql installed');
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'passkey-bench-pg-'));
  const asPostgres = (command) => execFileSync('su', ['postgres', '-c', command], { stdio: 'ignore' });
  const stop = () => {
    if (existsSync(`${dir}/data/postmaster.pid`)) asPostgres(`${bin}/pg_ctl -D ${dir}/data -m fast stop`);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('chown', ['postgres', dir]);
    asPostgres(`${bin}/initdb -D ${dir}/data -A trust -U postgres`);
    asPostgres(
      `${bin}/pg_ctl -D ${dir}/data -o '-k ${dir} -p ${port} -c listen_addresses=127.0.0.1' -l ${dir}/log -w start`,
    );
  } catch (error) {
    stop();
    throw new Error(`could not start PostgreSQL ${version}: ${error.message}`);
  }
  return { config: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' }, stop };
}

async function postgresServerStore() {
  requirePostgresStore(); // before starting a server for nothing
  const running = await startPostgres();
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ ...running.config, max: IN_FLIGHT });
  try {
    return { store: await server.createPostgresStore(pool), close: async () => (await pool.end(), running.stop()) };
  } catch (error) {
    await pool.end();
    running.stop();
    throw error;
  }
}

const stores = [
  { name: 'memory', open: async () => ({ store: server.createMemoryStore() }) },
  { name: 'SQLite (sql.js)', open: sqliteStore },
  { name: 'PostgreSQL (PGlite)', open: pgliteStore },
  { name: 'PostgreSQL (server)', open: postgresServerStore },
];

// ------------------------------------------------------------ the table

export async function measureServer() {
  const limit = await verifyLimit();
  const rows = {};
  for (const { name, open } of stores) {
    let opened;
    try {
      opened = await open();
      rows[name] = await measure(await signInOn(opened.store));
    } catch (error) {
      rows[name] = { error: error.message };
    } finally {
      await opened?.close?.();
    }
  }
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    inFlight: IN_FLIGHT,
    seconds: SECONDS,
    es256VerifyLimit: limit,
    stores: rows,
  };
}

export function formatServer(results) {
  const { es256VerifyLimit: limit, inFlight, machine } = results;
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const lines = [
    `\nServer: sign-ins per second through the handler, in process (${machine.cpus} × ${machine.cpu}, Node ${machine.node})\n`,
    `| store | sign-ins/s (1 at a time) | sign-ins/s (${inFlight} at once) | × ES256 verify limit |`,
    '| --- | ---: | ---: | ---: |',
    `| ES256 verify alone (the limit) | ${n(limit.sequential)} | ${n(limit.concurrent)} | 1.00 |`,
  ];
  for (const [name, row] of Object.entries(results.stores)) {
    if (row.error) lines.push(`| ${name} | n/a (${row.error}) | | |`);
    else {
      const ratio = (row.concurrent / limit.concurrent).toFixed(2);
      lines.push(`| ${name} | ${n(row.sequential)} | ${n(row.concurrent)} | ${ratio} |`);
    }
  }
  lines.push(`\nThe ratio compares ${inFlight} at once with the limit ${inFlight} at once.`);
  return lines;
}
