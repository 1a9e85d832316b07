// The README's attribute, slot, event and part tables are generated from
// custom-elements.json: a README that drifted from the manifest fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { render } from '../../scripts/readme-api.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../../custom-elements.json', import.meta.url), 'utf8'));

describe('README API tables', () => {
  it('match custom-elements.json (run `npm run analyze` after changing the JSDoc)', async () => {
    assert.equal(await render(readme), readme);
  });

  it('name every attribute, part, slot and event of every element', () => {
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
    assert.equal(elements.length, 5);
    for (const el of elements) {
      const block = readme.slice(
        readme.indexOf(`<!-- api:${el.tagName} -->`),
        readme.indexOf(`<!-- /api:${el.tagName} -->`),
      );
      for (const name of [
        ...(el.attributes ?? []).map((a) => a.name),
        ...(el.cssParts ?? []).map((p) => p.name),
        ...(el.slots ?? []).map((s) => s.name).filter(Boolean),
        ...(el.events ?? []).map((e) => e.name),
      ]) {
        assert.ok(block.includes(`\`${name}\``), `${el.tagName}: ${name} is missing from the README`);
      }
    }
  });
});
