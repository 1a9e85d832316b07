// The generated framework types: each framework's test file type-checks, and
// the `@ts-expect-error` lines in it (a typo, a wrong value, a wrong detail)
// must fail, or tsc reports them as unused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;

describe('framework types', () => {
  for (const framework of ['react', 'preact', 'vue', 'svelte', 'solid']) {
    it(`type-check in ${framework}`, async () => {
      const config = new URL(`../types/tsconfig.${framework}.json`, import.meta.url).pathname;
      const result = await run(process.execPath, [tsc, '-p', config]).catch((error) => error);
      assert.equal(result.stdout ?? '', '', `tsc for ${framework}`);
    });
  }
});
