import { expect, fixture, html } from '@open-wc/testing';
import type { CSSResult } from 'lit';
import '../../src/passkey-elements.js';
import {
  PasskeyButtonElement,
  PasskeySignInElement,
  PasskeyUpgradeElement,
  PasskeyUserProfileElement,
} from '../../src/index.js';
import { tokens } from '../../src/styles/tokens.js';

const elements = [PasskeyButtonElement, PasskeySignInElement, PasskeyUserProfileElement, PasskeyUpgradeElement];
const cssOf = (element: { styles?: unknown }) =>
  [element.styles]
    .flat(Infinity)
    .map((s) => (s as CSSResult).cssText)
    .join('\n');
const names = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]));

describe('design tokens', () => {
  const defined = names(tokens.cssText, /(--_[\w-]+)\s*:/g);
  const used = names(elements.map(cssOf).join('\n'), /var\((--_[\w-]+)/g);

  it('defines every private token a component reads', () => {
    expect([...used].filter((name) => !defined.has(name))).to.deep.equal([]);
  });

  it('uses every private token it defines', () => {
    expect([...defined].filter((name) => !used.has(name))).to.deep.equal([]);
  });

  it('documents every public custom property in the manifest', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: { cssProperties?: { name: string }[] }[] }[];
    };
    const documented = new Set(
      manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.cssProperties ?? []).map((p) => p.name)),
    );
    const publicProps = names(tokens.cssText, /var\((--passkey-[\w-]+)/g);

    expect([...publicProps].filter((name) => !documented.has(name))).to.deep.equal([]);
  });
});

describe('example themes', () => {
  for (const [theme, accent] of [
    ['neutral', 'rgb(24, 24, 27)'],
    ['brand', 'rgb(109, 40, 217)'],
    ['high-contrast', 'rgb(0, 0, 0)'],
  ] as const) {
    it(`${theme}.css restyles the elements through properties and parts`, async () => {
      const style = document.createElement('style');
      style.textContent = await (await fetch(`/themes/${theme}.css`)).text();
      document.head.append(style);
      try {
        const el = await fixture<PasskeyButtonElement>(html`<passkey-button theme="light"></passkey-button>`);
        const button = el.shadowRoot!.querySelector('button')!;

        expect(getComputedStyle(button).backgroundColor).to.equal(accent);
        expect(style.textContent).not.to.match(/passkey-[\w-]+\s+(?!::part)[.#\w[]/);
      } finally {
        style.remove();
      }
    });
  }
});
