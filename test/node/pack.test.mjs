// The published package: only what a user needs is in the tarball, and
// publint and Are the Types Wrong report no problem.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const ALLOWED =
  /^(dist\/|themes\/[\w-]+\.css$|custom-elements\.json$|docs\/[\w-]+\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/;

describe('npm pack', () => {
  it('contains only dist/, themes, the manifest, the docs, README, CHANGELOG, LICENSE and package.json', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files = JSON.parse(stdout)[0].files.map((f) => f.path);

    assert.deepEqual(
      files.filter((f) => !ALLOWED.test(f)),
      [],
    );
    for (const needed of [
      'dist/passkey-elements.min.js',
      'dist/server/index.js',
      'dist/types/react.d.ts',
      'custom-elements.json',
      'docs/api.md',
      'LICENSE',
    ]) {
      assert.ok(files.includes(needed), needed);
    }
    assert.equal(files.filter((f) => /\.test\.|\/test\/|\.stories\./.test(f)).length, 0);
  });

  it('passes publint', async () => {
    const { publint } = await import('publint');
    const { messages } = await publint({ pkgDir: root, level: 'warning' });

    assert.deepEqual(messages, []);
  });

  it('passes Are the Types Wrong (ESM only)', async () => {
    const bin = new URL('../../node_modules/@arethetypeswrong/cli/dist/index.js', import.meta.url).pathname;
    const result = await run(process.execPath, [bin, '--pack', '.', '--profile', 'esm-only', '--format', 'json'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error) => error);
    const report = JSON.parse(result.stdout);
    // An ESM-only package: CommonJS and node10 resolutions are out of scope (as --profile esm-only says).
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));

    assert.deepEqual(problems, []);
  });
});
