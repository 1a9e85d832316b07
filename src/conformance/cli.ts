#!/usr/bin/env node
/**
 * `passkey-conformance <endpoint-url> [--origin <origin>] [--header 'Name: value']...`
 * Prints one line per check, then `N passed, N failed`; exits 1 when a check
 * fails and 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { runConformance } from './index.js';
import type { CheckResult } from './index.js';

const USAGE = `Usage: passkey-conformance <endpoint-url> [--origin <origin>] [--header 'Name: value']...

Checks a server's implementation of the passkey-elements REST contract with a
software authenticator: sign-up, sign-in, several open ceremonies, replayed
and forged answers, list, rename, delete, re-authentication, CSRF refusals,
sign-out and error replies. Each run makes a few new accounts with random
usernames (kit-...).

  <endpoint-url>       the contract's base URL, e.g. http://localhost:3000/api/passkeys
  --origin <origin>    the page origin to claim (default: the endpoint's origin);
                       one of the origins your server accepts
  --header 'N: value'  an extra header on every request (repeatable), e.g. a CSRF token
  -h, --help           show this help

Exit status: 0 when every check passes, 1 when one fails, 2 for a usage error.`;

class UsageError extends Error {}

function parse(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        origin: { type: 'string' },
        header: { type: 'string', short: 'H', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? 'Give one endpoint URL.' : 'The endpoint URL is missing.');
  }
  const endpoint = positionals[0];
  if (!/^https?:\/\/[^/]/.test(endpoint) || !URL.canParse(endpoint)) {
    throw new UsageError(`Not an http(s) URL: ${endpoint}`);
  }
  const origin = values.origin;
  if (origin !== undefined && (!/^https?:\/\/[^/]/.test(origin) || !URL.canParse(origin))) {
    throw new UsageError(`Not an origin: ${origin}`);
  }
  const headers = (values.header ?? []).map((header): [string, string] => {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`Not a header (Name: value): ${header}`);
    }
    return [name, header.slice(colon + 1).trim()];
  });
  return { endpoint, origin, headers };
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function line(result: CheckResult): string {
  if (result.skipped) return `${paint(33, '-')} ${result.name} ${paint(2, `(skipped: ${result.detail})`)}`;
  if (result.ok) return `${paint(32, '✓')} ${result.name}`;
  return `${paint(31, '✗')} ${result.name} — ${result.detail}`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`passkey-conformance: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await runConformance({
    ...options,
    onResult: (result) => process.stdout.write(`${line(result)}\n`),
  });
  const skipped = report.results.filter((result) => result.skipped).length;
  process.stdout.write(`${report.passed} passed, ${report.failed} failed${skipped ? ` (${skipped} skipped)` : ''}\n`);
  return report.failed > 0 ? 1 : 0;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`passkey-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
