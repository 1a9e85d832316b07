// The generated framework types, checked by each framework's own checker:
// tsc (React 19, Preact, Solid, and listeners on document and window),
// vue-tsc with strictTemplates, svelte-check, and the Angular compiler with
// strictTemplates. Each folder in test/types/ holds a correct fixture, which
// must report nothing, and a wrong one, whose every mistake must be reported
// on its own line with the expected message (and nothing else reported).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const path = (relative) => new URL(relative, import.meta.url).pathname;
const bin = {
  tsc: path('../../node_modules/typescript/bin/tsc'),
  vueTsc: path('../../node_modules/vue-tsc/bin/vue-tsc.js'),
  svelteCheck: path('../../node_modules/svelte-check/bin/svelte-check'),
  ngc: path('../../node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js'),
};

/** `file(line,col): error TS1234: message`, as tsc and vue-tsc print it. */
function tscDiagnostics(output) {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(([, file, line, code, message]) => ({
    file: basename(file),
    line: Number(line),
    text: `${code}: ${message}`,
  }));
}
/** ngc always prints tsc's "pretty" format: `file:line:col - error TS1234: message`. */
function ngcDiagnostics(output) {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^(.+?):(\d+):\d+ - error ((?:TS|NG)\d+): (.*)$/gm)].map(
    ([, file, line, code, message]) => ({
      file: basename(file),
      line: Number(line),
      text: `${code}: ${message}`,
    }),
  );
}
/** svelte-check's machine-verbose output: one JSON object a line (0-based lines); warnings count too. */
function svelteDiagnostics(output) {
  return output
    .split('\n')
    .map((line) => /^\d+ (\{.*\})$/.exec(line)?.[1])
    .filter(Boolean)
    .map((json) => JSON.parse(json))
    .map((d) => ({
      file: basename(d.filename),
      line: d.start.line + 1,
      text: `${d.source === 'ts' ? 'TS' : `${d.type} ${d.source} `}${d.code}: ${d.message}`,
    }));
}

const tsc = (dir) => ({ dir, args: [bin.tsc, '-p', path(`../types/${dir}/tsconfig.json`)], parse: tscDiagnostics });
const attributeTypo = ['endpont=', /endpont/];
const badAction = ['action="delete"', /TS2322: Type '"delete"' is not assignable to type 'PasskeyButtonAction/];
const deletedDetail = ['detail.passkey', /TS2339: Property 'passkey' does not exist on type 'PasskeyDeletedDetail'/];
const signedInDetail = ['detail.user', /TS2339: Property 'user' does not exist on type 'PasskeySignedInDetail'/];
const misspelledCode = [`'canceled'`, /TS2367: .*'"canceled"' have no overlap/];
// TypeScript never reports an unknown hyphenated JSX attribute, so in JSX an
// event-name typo shows only as the handler's untyped parameter.
const jsxEventTypo = ['signed-on', /TS7006: Parameter 'e' implicitly has an 'any' type/];
const jsx = [attributeTypo, badAction, deletedDetail, signedInDetail, misspelledCode, jsxEventTypo];

const frameworks = {
  'React 19 (tsc)': { ...tsc('react'), good: 'good.tsx', bad: 'bad.tsx', expected: jsx },
  'Preact (tsc)': { ...tsc('preact'), good: 'good.tsx', bad: 'bad.tsx', expected: jsx },
  'Solid (tsc)': { ...tsc('solid'), good: 'good.tsx', bad: 'bad.tsx', expected: jsx },
  'document and window listeners (tsc)': {
    ...tsc('dom'),
    good: 'good.ts',
    bad: 'bad.ts',
    expected: [
      misspelledCode,
      ['detail.reason', /TS2339: Property 'reason' does not exist on type 'PasskeyErrorDetail'/],
      signedInDetail,
      [`'timeout'`, /TS2367: .*'"timeout"' have no overlap/],
      ['passkey-eror', /TS2339: Property 'detail' does not exist on type 'Event'/],
    ],
  },
  'Vue (vue-tsc, strictTemplates)': {
    dir: 'vue',
    args: [bin.vueTsc, '--noEmit', '-p', path('../types/vue/tsconfig.json')],
    parse: tscDiagnostics,
    good: 'Good.vue',
    bad: 'Bad.vue',
    expected: [
      attributeTypo,
      badAction,
      deletedDetail,
      signedInDetail,
      misspelledCode,
      ['signed-on', /'onPasskeySignedOn' does not exist/],
    ],
  },
  'Svelte 5 (svelte-check)': {
    dir: 'svelte',
    args: [
      bin.svelteCheck,
      '--workspace',
      path('../types/svelte'),
      '--tsconfig',
      path('../types/svelte/tsconfig.json'),
      '--output',
      'machine-verbose',
    ],
    parse: svelteDiagnostics,
    good: 'Good.svelte',
    bad: 'Bad.svelte',
    expected: [
      attributeTypo,
      badAction,
      deletedDetail,
      signedInDetail,
      misspelledCode,
      ['signed-on', /'"onpasskey-signed-on"' does not exist/],
    ],
  },
  // CUSTOM_ELEMENTS_SCHEMA accepts any attribute and property binding on the
  // elements, so Angular catches mistakes in event handlers only.
  'Angular (ngc, strictTemplates)': {
    dir: 'angular',
    args: [bin.ngc, '-p', path('../types/angular/tsconfig.json')],
    parse: ngcDiagnostics,
    good: 'good.component.ts',
    bad: 'bad.component.ts',
    expected: [
      ['passkey-eror', /TS2345: Argument of type 'Event' is not assignable to parameter of type 'CustomEvent</],
      ['signed-on', /TS2339: Property 'detail' does not exist on type 'Event'/],
      deletedDetail,
      misspelledCode,
    ],
  },
};

describe('framework types', { concurrency: Math.min(4, availableParallelism()) }, () => {
  for (const [name, { dir, args, parse, good, bad, expected }] of Object.entries(frameworks)) {
    it(`${name}: the correct fixture passes and every mistake fails`, async () => {
      const result = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }).catch((error) => error);
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      const diagnostics = parse(output);
      assert.notEqual(result.code ?? 0, 0, `${name} exits non-zero for ${bad}:\n${output}`);
      assert.deepEqual(
        diagnostics.filter((d) => d.file !== bad),
        [],
        `${name} reports nothing for ${good} (or anything else but ${bad}):\n${output}`,
      );
      const lines = readFileSync(path(`../types/${dir}/${bad}`), 'utf8').split('\n');
      const expectedLines = expected.map(([snippet]) => {
        const matches = lines.flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
        assert.equal(matches.length, 1, `one line of ${bad} contains ${snippet}`);
        return matches[0];
      });
      for (const [i, [snippet, text]] of expected.entries()) {
        const at = diagnostics.filter((d) => d.line === expectedLines[i]);
        assert.ok(
          at.some((d) => text.test(d.text)),
          `${name} reports ${text} for the line with ${snippet} (line ${expectedLines[i]}); got:\n${at.map((d) => d.text).join('\n')}`,
        );
      }
      const unexpected = diagnostics.filter((d) => !expectedLines.includes(d.line));
      assert.deepEqual(unexpected, [], `${name} reports only the planted mistakes`);
    });
  }
});
