#!/usr/bin/env node
// `npm test`: makes sure a browser exists, builds, runs the reference
// backend's Node tests and the browser tests, and ends with one summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './browser.mjs';

const chromium = ensureChromium();
console.log(`Using Chromium at ${chromium}`);
const dir = mkdtempSync(join(tmpdir(), 'passkey-elements-test-'));
const tap = join(dir, 'server.tap');
const summary = join(dir, 'browser.json');
const env = { ...process.env, CHROME_PATH: chromium, TEST_SUMMARY_FILE: summary };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status;

if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);
const serverStatus = run('node', [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  'test/server/',
  'test/node/',
]);
const browserStatus = run('npx', ['web-test-runner', ...process.argv.slice(2)]);

const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const tapCount = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(tapText)?.[1] ?? 0);
const browser = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
const passed = tapCount('pass') + browser.passed;
// A runner that failed without counting a failure still fails the run.
const failed =
  tapCount('fail') +
  browser.failed +
  (serverStatus && !tapCount('fail') ? 1 : 0) +
  (browserStatus && !browser.failed ? 1 : 0);
console.log(
  `\nserver tests: ${tapCount('pass')} passed, ${tapCount('fail')} failed; browser tests: ${browser.passed} passed, ${browser.failed} failed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${tapCount('skipped') + browser.skipped} skipped`);
process.exit(failed ? 1 : 0);
