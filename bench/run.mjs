#!/usr/bin/env node
// `npm run bench`: prints a table of bytes (and, without --bytes, timings and
// memory in Chromium), writes bench/results.json, and fails when a byte limit
// is exceeded. Timings are reported, not gated: machines are noisy.
// `npm run bench -- --server` runs only the server benchmark (sign-ins per second).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkByteBudgets, measureBytes } from './bytes.mjs';

const args = new Set(process.argv.slice(2));
const bytesOnly = args.has('--bytes');
const resultsFile = new URL('./results.json', import.meta.url);
// Each mode writes its own keys and keeps the others'.
const saveResults = (results) => {
  const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  writeFileSync(resultsFile, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
};

if (args.has('--server')) {
  const { measureServer, formatServer } = await import('./server.mjs');
  const server = await measureServer();
  console.log(formatServer(server).join('\n'));
  saveResults({ server });
  process.exit(0);
}

const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const bytes = await measureBytes({ withPeers: args.has('--peers') || (!args.has('--no-peers') && !bytesOnly) });
const floor = bytes.elements['floor (lit + simplewebauthn + floating-ui)'];
const litSwa = bytes.elements['lit + simplewebauthn'];

console.log('\nBytes (minified; the ratio is brotli against the floor)\n');
console.log('| what | min | gzip | brotli | × floor |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const row = (name, s) =>
  console.log(`| ${name} | ${kb(s.min)} | ${kb(s.gzip)} | ${kb(s.brotli)} | ${(s.brotli / floor.brotli).toFixed(2)} |`);
for (const [name, s] of Object.entries(bytes.elements)) row(name, s);
for (const [name, s] of Object.entries(bytes.peers)) {
  if (s.error) console.log(`| ${name} | n/a (${s.error}) | | | |`);
  else row(`${name}@${s.version} (${s.file})`, s);
}

const checks = checkByteBudgets(bytes, budgets);
let failed = false;
console.log('\nByte budgets (CI fails over a limit)\n');
for (const { name, value, limit, target, ok } of checks) {
  failed ||= !ok;
  const aim = value <= target ? `target ≤ ${target} met` : `target ≤ ${target} not met yet`;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${value.toFixed(3)} (limit ≤ ${limit}; ${aim})`);
}

const results = {
  date: new Date().toISOString(),
  bytes,
  budgets: Object.fromEntries(checks.map((c) => [c.name, c.value])),
};
if (!bytesOnly) {
  const { measureBrowser, formatBrowser } = await import('./browser.mjs');
  results.browser = await measureBrowser(budgets);
  console.log(formatBrowser(results.browser).join('\n'));
}
saveResults(results);
process.exit(failed ? 1 : 0);
