// Provider logos: generation keeps only base64 SVG, and the bundle loads each
// provider's logo as its own chunk, never with the elements.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { rollup } from 'rollup';
import config from '../../rollup.config.mjs';
import { logoModules } from '../../scripts/aaguid-logos.mjs';

const svg = (text) => `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`;
const GOOD = svg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
const AAGUID = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';

describe('logoModules', () => {
  it('writes one module per provider, by AAGUID without dashes', () => {
    const { modules, index, refused } = logoModules(
      { [AAGUID]: { name: 'A', icon_light: GOOD, icon_dark: GOOD } },
      'test',
    );
    assert.deepEqual([...modules.keys()], ['ea9b8d664d011d213ce4b6b48cb575d4.ts']);
    assert.match(modules.get('ea9b8d664d011d213ce4b6b48cb575d4.ts'), /export const dark = light;/);
    assert.match(index, /import\('\.\/logos\/ea9b8d664d011d213ce4b6b48cb575d4\.js'\)/);
    assert.deepEqual(refused, []);
  });

  it('refuses what is not a base64 SVG data URI', () => {
    const bad = [
      'data:image/svg+xml,<svg onload="alert(1)"/>',
      'data:image/png;base64,iVBORw0KGgo=',
      svg('<html><script>alert(1)</script></html>'),
      `${GOOD}" onerror="alert(1)`,
      'javascript:alert(1)',
    ];
    const list = Object.fromEntries(
      bad.map((value, i) => [`0000000${i}-0000-0000-0000-000000000000`, { name: 'x', icon_light: value }]),
    );
    list[AAGUID] = { name: 'A', icon_light: bad[0], icon_dark: GOOD };
    const { modules, refused } = logoModules(list, 'test');
    assert.deepEqual([...modules.keys()], ['ea9b8d664d011d213ce4b6b48cb575d4.ts']);
    assert.doesNotMatch(modules.get('ea9b8d664d011d213ce4b6b48cb575d4.ts'), /light/);
    assert.equal(refused.length, bad.length + 1);
  });
});

describe('logo chunks', () => {
  it('splits every logo into its own chunk, loaded only on demand', async () => {
    // The single-file bundle's own settings, with the logo loader as its entry.
    const { plugins } = config[1];
    const bundle = await rollup({ input: 'src/core/provider-logos.ts', plugins });
    const { output } = await bundle.generate({
      format: 'esm',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].min.js',
    });
    await bundle.close();
    const entry = output.find((c) => c.isEntry);
    const logos = output.filter((c) => c.type === 'chunk' && /data:image\/svg\+xml/.test(c.code));
    const index = output.find((c) => c.type === 'chunk' && c.code.includes('ea9b8d664d011d213ce4b6b48cb575d4'));
    const generated = await readFile(new URL('../../src/generated/logos.ts', import.meta.url), 'utf8');
    assert.equal(logos.length, generated.match(/import\(/g).length);
    assert.ok(
      logos.every((c) => c.code.match(/data:image/g).length <= 2),
      'one provider per chunk',
    );
    assert.doesNotMatch(entry.code, /data:image\/svg\+xml;base64,[A-Za-z0-9]/);
    assert.deepEqual(entry.imports, [], 'the loader imports nothing up front');
    assert.notEqual(index, entry, 'the AAGUID index is a chunk of its own');
    assert.deepEqual(index.imports, []);
  });
});
