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

  it('the single-file bundle imports in Node and exports the same API as the root', async () => {
    const bundle = await import('passkey-elements/passkey-elements.min.js');
    const root = await import('passkey-elements');

    assert.deepEqual(Object.keys(bundle).sort(), Object.keys(root).sort());
    assert.equal(typeof globalThis.HTMLElement, 'undefined', 'no DOM global left behind');
    assert.equal(typeof globalThis.document, 'undefined', 'no DOM global left behind');
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
      'passkey-elements/adapters/better-auth',
      'passkey-elements/react',
      'passkey-elements/server',
      'passkey-elements/passkey-elements.min.js',
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

describe('React wrappers on the server', () => {
  it('renderToString renders every wrapper as its element, with its label and no handler', async () => {
    const React = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { PasskeyButton, PasskeySignIn, PasskeyUserProfile, PasskeyUpgrade } = await import('passkey-elements/react');
    const cases = [
      [PasskeyButton, 'passkey-button', { action: 'register', onPasskeyRegistered: () => {} }, 'Create'],
      [PasskeySignIn, 'passkey-sign-in', { endpoint: '/api/passkeys', onPasskeySignedIn: () => {} }],
      [PasskeyUserProfile, 'passkey-user-profile', { endpoint: '/api/passkeys', onPasskeyDeleted: () => {} }],
      [PasskeyUpgrade, 'passkey-upgrade', { endpoint: '/api/passkeys', onPasskeyPromptShown: () => {} }],
    ];
    for (const [Component, tag, props, label = ''] of cases) {
      // Element properties are set in the browser, after hydration; plain attributes are rendered.
      const html = renderToString(React.createElement(Component, { ...props, id: 'pk', className: 'card' }, label));
      const match = new RegExp(`^<${tag}( [^>]*)?>(.*)</${tag}>$`).exec(html);
      assert.ok(match, html);
      assert.match(match[1], /id="pk"/, html);
      assert.match(match[1], /class="card"/, html);
      assert.equal(match[2], label, html);
      assert.doesNotMatch(html, /onPasskey|=>/, `no handler in the markup: ${html}`);
    }
  });
});
