// A real PostgreSQL server for the store tests: `PG_URL` when set, else a
// throwaway cluster in a temporary folder, on loopback and a free port, made
// with the installed binaries (/usr/lib/postgresql/<major>/bin) and stopped by
// its own `pg_ctl stop`. As root, the cluster runs as the `postgres` user
// (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL_HINT =
  'no PostgreSQL server: install it (Debian/Ubuntu: apt-get install postgresql) or set PG_URL=postgres://…';

/** The newest installed PostgreSQL's bin folder, or undefined. */
function findBinaries() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0], 'bin') : undefined;
}

/** A port nothing listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

/**
 * Resolves to `{ config, stop }` (`config` for `new pg.Pool(config)`), or to
 * `{ skip }`, one line saying what is missing, when there is no server to use.
 */
export async function startPostgres() {
  if (process.env.PG_URL) return { config: { connectionString: process.env.PG_URL }, stop: async () => {} };

  const bin = findBinaries();
  if (!bin) return { skip: INSTALL_HINT };
  const asRoot = process.getuid?.() === 0;
  let owner;
  if (asRoot) {
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      };
    } catch {
      return { skip: `${INSTALL_HINT} (there is no postgres user to run the cluster as)` };
    }
  }
  // Runs a server binary, as the postgres user when we are root.
  const run = (command, args) => {
    const line = [join(bin, command), ...args].map(quote).join(' ');
    const [file, argv] = asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', line]] : ['sh', ['-c', line]];
    execFileSync(file, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  };

  const dir = mkdtempSync(join(tmpdir(), 'passkey-elements-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  let started = false;
  const stopNow = () => {
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Should the test process end without calling stop(), the cluster still goes.
  process.once('exit', stopNow);

  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    let port;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const serverOptions = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`;
      try {
        run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', log, '-w', 'start']);
        break;
      } catch (error) {
        // Another process may have taken the port in between: try another one.
        if (attempt >= 2) throw error;
      }
    }
    started = true;
    return {
      config: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' },
      stop: async () => {
        process.removeListener('exit', stopNow);
        stopNow();
      },
    };
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    stopNow();
    process.removeListener('exit', stopNow);
    throw new Error(`Could not start a PostgreSQL cluster with ${bin}: ${error.message}\n${tail}`, { cause: error });
  }
}
