#!/usr/bin/env node
// Finds a Chromium for the tests, installing one when none is there, the way
// `playwright install --with-deps` would: CHROME_PATH, then Debian's
// /usr/bin/chromium, then Playwright's own build; else try to download
// Playwright's, else (as root) apt-get Debian's; else explain what to install.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function playwrightChromium() {
  try {
    const path = require('playwright').chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The Chromium to use, or undefined when none is installed. */
export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  return playwrightChromium();
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', timeout: 10 * 60_000 }).status === 0;
}

export function ensureChromium() {
  let path = findChromium();
  if (path) return path;
  console.log('No Chromium found: trying to install one.');
  run('npx', ['playwright', 'install', 'chromium']);
  path = findChromium();
  if (path) return path;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', 'chromium']);
    path = findChromium();
    if (path) return path;
  }
  console.error(
    'No Chromium could be found or installed.\n' +
      'Install one, then run the tests again:\n' +
      '  - Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  - anywhere else: npx playwright install chromium\n' +
      '  - or point CHROME_PATH at an existing Chrome or Chromium binary.',
  );
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Chromium: ${ensureChromium()}`);
}
