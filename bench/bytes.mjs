// Bytes: each element's entry as a user's bundler ships it (tree-shaken,
// minified), the whole browser bundle, the floor (its dependencies alone), and
// the peers' shipped browser bundles — min, gzip and brotli.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup } from 'rollup';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, 'bench/tmp');

export function sizes(code) {
  const buffer = Buffer.from(code);
  return {
    min: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Bundles `source` the way a user's bundler would, every lazy chunk included, and sizes the eager part and the whole. */
async function bundle(name, source) {
  const input = join(tmp, `${name}.entry.js`);
  writeFileSync(input, source);
  const build = await rollup({
    input,
    plugins: [nodeResolve({ browser: true, rootDir: root })],
    onwarn: () => {},
  });
  const { output } = await build.generate({
    format: 'esm',
    plugins: [terser({ module: true, format: { comments: false } })],
  });
  await build.close();
  const entry = output.find((o) => o.type === 'chunk' && o.isEntry);
  const all = output
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  return { ...sizes(entry.code), total: sizes(all) };
}

const entries = {
  'passkey-sign-in': `import 'passkey-elements/passkey-sign-in';`,
  'passkey-user-profile': `import 'passkey-elements/passkey-user-profile';`,
  'passkey-button': `import 'passkey-elements/passkey-button';`,
  'passkey-upgrade': `import 'passkey-elements/passkey-upgrade';`,
  // The floor: every export of the runtime dependencies, so nothing is shaken away.
  'floor (lit + simplewebauthn + floating-ui)': `export * from 'lit'; export * from '@simplewebauthn/browser'; export * from '@floating-ui/dom';`,
  'lit + simplewebauthn': `export * from 'lit'; export * from '@simplewebauthn/browser';`,
};

// What a user would pick instead: their shipped browser bundle, fetched with npm pack at bench time.
const peers = [
  { name: '@teamhanko/hanko-elements', file: /^package\/dist\/elements\.js$/ },
  { name: '@corbado/web-js', file: /^package\/dist\/bundle\/index\.js$|^package\/dist\/.*\.min\.js$/ },
  { name: '@clerk/clerk-js', file: /^package\/dist\/clerk\.browser\.js$/ },
];

function listFiles(dir, prefix = '') {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? listFiles(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
  );
}

function peerSize({ name, file }) {
  const dir = join(tmp, 'peers', name.replace(/[@/]/g, '_'));
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', name, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
    const files = listFiles(dir).filter((f) => file.test(f));
    if (!files.length) return { error: 'no browser bundle found' };
    const { version } = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8'));
    return { version, file: files[0].replace(/^package\//, ''), ...sizes(readFileSync(join(dir, files[0]))) };
  } catch (error) {
    return { error: String(error.message ?? error).split('\n')[0] };
  }
}

export async function measureBytes({ withPeers = true } = {}) {
  mkdirSync(tmp, { recursive: true });
  const results = {};
  for (const [name, source] of Object.entries(entries)) results[name] = await bundle(name.replace(/\W+/g, '-'), source);
  const min = join(root, 'dist/passkey-elements.min.js');
  if (!existsSync(min)) throw new Error('Run `npm run build` first.');
  results['passkey-elements.min.js (all elements)'] = sizes(readFileSync(min));
  const peersResult = {};
  if (withPeers) for (const peer of peers) peersResult[peer.name] = peerSize(peer);
  return { elements: results, peers: peersResult };
}

/**
 * The byte checks of bench/budgets.json: each ratio against its `limit` (what
 * CI enforces: today's size plus a little room, so bytes only shrink on
 * purpose) and its `target` (where the size should get to). A check whose
 * budget is missing fails rather than passing unnoticed.
 */
export function checkByteBudgets(bytes, budgets) {
  const { elements } = bytes;
  const floor = elements['floor (lit + simplewebauthn + floating-ui)'];
  const ratios = {
    'full bundle / floor (min+brotli)': elements['passkey-elements.min.js (all elements)'].brotli / floor.brotli,
    'sign-in / lit + simplewebauthn (min+brotli)':
      elements['passkey-sign-in'].brotli / elements['lit + simplewebauthn'].brotli,
  };
  return Object.entries(ratios).map(([name, value]) => {
    const { limit = -Infinity, target = -Infinity } = budgets.bytes?.[name] ?? {};
    return { name, value, limit, target, ok: value <= limit };
  });
}
