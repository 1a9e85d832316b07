import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import minifyTemplates from './scripts/minify-templates.mjs';

// Runtime dependencies stay external in the per-entry build: the user's bundler
// then shares one copy of each with the rest of their page.
const external = (id) => /^(lit|@lit\/|@simplewebauthn\/|@floating-ui\/|react|node:)/.test(id);

const entries = {
  'passkey-elements': 'src/passkey-elements.ts',
  index: 'src/index.ts',
  'passkey-button': 'src/passkey-button.ts',
  'passkey-sign-in': 'src/passkey-sign-in.ts',
  'passkey-sign-up': 'src/passkey-sign-up.ts',
  'passkey-user-profile': 'src/passkey-user-profile.ts',
  'passkey-upgrade': 'src/passkey-upgrade.ts',
  'adapters/rest': 'src/adapters/rest.ts',
  'adapters/better-auth': 'src/adapters/better-auth.ts',
  'react/index': 'src/react/index.ts',
  'server/index': 'src/server/index.ts',
  'conformance/index': 'src/conformance/index.ts',
  'conformance/cli': 'src/conformance/cli.ts',
};

// The `passkey-conformance` command: executable, so it also runs straight from dist/.
const executableBin = {
  name: 'executable-bin',
  async writeBundle({ dir }, bundle) {
    if (bundle['conformance/cli.js']) await chmod(join(dir, 'conformance/cli.js'), 0o755);
  },
};

export default [
  {
    input: entries,
    external,
    output: {
      dir: 'dist',
      format: 'esm',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
    },
    plugins: [
      typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: true, declarationDir: 'dist' }),
      minifyTemplates(),
      executableBin,
    ],
  },
  {
    // One file for a plain <script type="module">, every dependency inlined.
    // What most pages never use (other languages, the provider-name table,
    // the popover code) loads on demand from chunks/ beside it.
    input: 'src/passkey-elements.ts',
    output: {
      dir: 'dist',
      format: 'esm',
      sourcemap: true,
      entryFileNames: 'passkey-elements.min.js',
      // Importable in Node too (SSR, a build step), as the per-entry build is
      // through lit's `node` export condition: its top level touches only these
      // two names. Stand-ins local to the bundle, never globals; in a browser
      // they are the real ones.
      intro: 'const HTMLElement=globalThis.HTMLElement??class{},document=globalThis.document??{createTreeWalker(){}};',
      chunkFileNames: 'chunks/[name]-[hash].min.js',
    },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, outDir: 'dist' }),
      minifyTemplates(),
      terser({ ecma: 2022, module: true, format: { comments: false } }),
    ],
  },
];
