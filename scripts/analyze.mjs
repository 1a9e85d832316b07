#!/usr/bin/env node
// Generates custom-elements.json from the source, keeping only the public
// modules, in a stable order so the committed file can be checked in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

// One element per folder, in the file named after it: src/components/<tag>/<tag>.ts.
// Its styles, icons and helpers beside it are not public API.
const elements = readdirSync('src/components')
  .map((tag) => `src/components/${tag}/${tag}.ts`)
  .filter((file) => existsSync(file));

execFileSync(
  'npx',
  [
    'custom-elements-manifest',
    'analyze',
    '--litelement',
    '--globs',
    ...elements,
    'src/passkey-*.ts',
    'src/core/passkey-element.ts',
    'src/components/shared/passkey-card.ts',
    'src/index.ts',
    '--quiet',
    '--outdir',
    '.',
  ],
  { stdio: 'inherit' },
);
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
writeFileSync('custom-elements.json', JSON.stringify(manifest, null, 2) + '\n');
// docs/api.md's tables come from the manifest too.
execFileSync(process.execPath, ['scripts/api-docs.mjs'], { stdio: 'inherit' });
