#!/usr/bin/env node
// `npm test`: makes sure a browser exists, builds, runs the reference
// backend's Node tests and the browser tests, and ends with one summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
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
/** Runs a command, showing its output and keeping a copy in `file`. */
function runLogged(command, args, file) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  writeFileSync(file, result.stdout ?? '');
  return result.status;
}

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
// Every story rendered in Chromium and checked with axe (skipped when files were given).
const storiesLog = join(dir, 'stories.log');
const storiesStatus = process.argv.length > 2 ? 0 : runLogged('node', ['scripts/test-stories.mjs'], storiesLog);
const storiesText = existsSync(storiesLog) ? readFileSync(storiesLog, 'utf8') : '';
const stories = /stories: (\d+) passed, (\d+) failed/.exec(storiesText);
const storyCounts = { passed: Number(stories?.[1] ?? 0), failed: Number(stories?.[2] ?? (storiesStatus ? 1 : 0)) };

const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const tapCount = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(tapText)?.[1] ?? 0);
const browser = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
const passed = tapCount('pass') + browser.passed + storyCounts.passed;
// A runner that failed without counting a failure still fails the run.
const failed =
  tapCount('fail') +
  browser.failed +
  storyCounts.failed +
  (serverStatus && !tapCount('fail') ? 1 : 0) +
  (browserStatus && !browser.failed ? 1 : 0);
console.log(
  `\nnode tests: ${tapCount('pass')} passed, ${tapCount('fail')} failed; browser tests: ${browser.passed} passed, ${browser.failed} failed; stories: ${storyCounts.passed} passed, ${storyCounts.failed} failed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${tapCount('skipped') + browser.skipped} skipped`);
process.exit(failed ? 1 : 0);
