// The package as a user's tooling sees it: every `exports` path resolves, and
// importing any entry in Node (SSR, a build step) does not touch the DOM.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));

describe('package exports', () => {
  for (const [path, target] of Object.entries(pkg.exports)) {
    if (path.includes('*')) continue;
    const specifier = path === '.' ? pkg.name : `${pkg.name}/${path.slice(2)}`;
    it(`${specifier} resolves`, async () => {
      const file = typeof target === 'string' ? target : target.default;
      if (file.endsWith('.min.js')) {
        // A browser bundle for a <script type="module">: it must exist, not run in Node.
        assert.ok((await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')).includes('passkey-sign-in'));
        return;
      }
      if (file.endsWith('.json')) {
        assert.ok(JSON.parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')));
        return;
      }
      const module = await import(specifier);
      assert.ok(module, specifier);
      if (typeof target !== 'string') await readFile(new URL(`../../${target.types}`, import.meta.url));
    });
  }

  it('exports the public API from the root', async () => {
    const api = await import('passkey-elements');
    for (const name of [
      'PasskeyButtonElement',
      'PasskeySignInElement',
      'PasskeyUserProfileElement',
      'PasskeyUpgradeElement',
      'PasskeyError',
      'createRestAdapter',
    ]) {
      assert.ok(api[name], name);
    }
  });

  it('imports every entry in Node without a window', async () => {
    assert.equal(typeof globalThis.window, 'undefined');
    for (const entry of [
      'passkey-elements',
      'passkey-elements/passkey-button',
      'passkey-elements/passkey-sign-in',
      'passkey-elements/passkey-user-profile',
      'passkey-elements/passkey-upgrade',
      'passkey-elements/adapters/rest',
      'passkey-elements/server',
    ]) {
      await import(entry);
    }
    assert.equal(typeof globalThis.window, 'undefined');
  });

  it('define() does nothing, without an error, where there is no registry', async () => {
    const { PasskeyButtonElement } = await import('passkey-elements');
    const registry = globalThis.customElements;
    delete globalThis.customElements;
    try {
      assert.doesNotThrow(() => PasskeyButtonElement.define('x-passkey-button'));
    } finally {
      globalThis.customElements = registry;
    }
  });
});
