// The CSS squeezer of the build: what it takes out, and what it must leave.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss } from '../../scripts/minify-templates.mjs';

test('drops spaces around * and /, the last semicolon and the zero of 0.5', () => {
  assert.equal(
    minifyCss(`
      .a {
        /* why */
        padding: calc(var(--_space) * 1.5);
        gap: calc(var(--_space) / 2);
        grid-column: 1 / -1;
        font-size: 0.875em;
      }`).trim(),
    '.a{padding:calc(var(--_space)*1.5);gap:calc(var(--_space)/2);grid-column:1/-1;font-size:.875em}',
  );
});

test('keeps the spaces calc() needs around + and -, and numbers that only end in 0.', () => {
  assert.equal(
    minifyCss('.b { margin: calc(-2.8em - var(--_space) * 2); inline-size: calc(100% + 10.5px); }'),
    '.b{margin:calc(-2.8em - var(--_space)*2);inline-size:calc(100% + 10.5px)}',
  );
});
