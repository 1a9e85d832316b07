// The byte gate CI runs (`npm run bench -- --bytes`): it must fail over a limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkByteBudgets } from '../../bench/bytes.mjs';

const sized = (brotli) => ({ min: brotli * 4, gzip: brotli * 1.2, brotli });
const bytes = (full, signIn) => ({
  elements: {
    'floor (lit + simplewebauthn + floating-ui)': sized(10_000),
    'lit + simplewebauthn': sized(5_000),
    'passkey-sign-in': sized(signIn),
    'passkey-elements.min.js (all elements)': sized(full),
  },
});
const budgets = {
  bytes: {
    'full bundle / floor (min+brotli)': { target: 1.3, limit: 1.4 },
    'sign-in / lit + simplewebauthn (min+brotli)': { target: 1.1, limit: 1.8 },
  },
};

test('passes when every ratio is within its limit, and tells whether the target is met', () => {
  const checks = checkByteBudgets(bytes(12_000, 8_500), budgets);
  assert.deepEqual(
    checks.map((c) => [c.name, c.value, c.ok, c.value <= c.target]),
    [
      ['full bundle / floor (min+brotli)', 1.2, true, true],
      ['sign-in / lit + simplewebauthn (min+brotli)', 1.7, true, false],
    ],
  );
});

test('fails the check that goes over its limit', () => {
  const checks = checkByteBudgets(bytes(14_100, 8_500), budgets);
  assert.deepEqual(
    checks.map((c) => c.ok),
    [false, true],
  );
  assert.deepEqual(
    checkByteBudgets(bytes(12_000, 9_050), budgets).map((c) => c.ok),
    [true, false],
  );
});

test('fails a check whose budget is missing instead of passing it', () => {
  const checks = checkByteBudgets(bytes(1, 1), { bytes: {} });
  assert.deepEqual(
    checks.map((c) => c.ok),
    [false, false],
  );
});

test('bench/budgets.json has a limit and a target for every check', () => {
  const real = JSON.parse(readFileSync(new URL('../../bench/budgets.json', import.meta.url), 'utf8'));
  for (const check of checkByteBudgets(bytes(1, 1), real)) {
    assert.equal(typeof check.limit, 'number', check.name);
    assert.equal(typeof check.target, 'number', check.name);
    assert.ok(check.target <= check.limit, check.name);
  }
});
