import { expect } from '@open-wc/testing';
import { loadProviderLogo, svgDataUri } from '../../src/core/provider-logos.js';

const GOOGLE = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const ICLOUD = 'dd4ec289e01d41c9bb8970fa845d4bf2';

/** The logo modules the page has fetched so far. */
const logoModules = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.includes('/generated/logos/'))
    .map((path) => path.split('/').pop()!.split('.')[0]);

describe('loadProviderLogo', () => {
  it("loads only that provider's logo, light and dark", async () => {
    expect(logoModules()).to.deep.equal([]);
    const logo = await loadProviderLogo(GOOGLE.toUpperCase());
    expect(logo?.light).to.match(/^data:image\/svg\+xml;base64,/);
    expect(logo?.dark).to.match(/^data:image\/svg\+xml;base64,/);
    expect(logoModules()).to.deep.equal([GOOGLE.replace(/-/g, '')]);
    await loadProviderLogo(ICLOUD);
    expect(logoModules()).to.deep.equal([GOOGLE.replace(/-/g, ''), ICLOUD]);
  });

  it('loads no logo for a provider the list does not know', async () => {
    const before = logoModules().length;
    expect(await loadProviderLogo('00000000-0000-0000-0000-000000000001')).to.equal(undefined);
    expect(await loadProviderLogo('constructor')).to.equal(undefined);
    expect(logoModules().length).to.equal(before);
  });
});

describe('svgDataUri', () => {
  it('keeps a base64 SVG data URI', () => {
    const uri = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg"/>')}`;
    expect(svgDataUri(uri)).to.equal(uri);
  });

  for (const value of [
    'javascript:alert(1)',
    'https://example.com/logo.svg',
    'data:image/svg+xml,<svg onload="alert(1)"/>',
    `data:text/html;base64,${btoa('<script>alert(1)</script>')}`,
    'data:image/png;base64,iVBORw0KGgo=',
    'data:image/svg+xml;base64,PHN2Zy8+" onerror="alert(1)',
    42,
    undefined,
  ]) {
    it(`refuses ${String(value).slice(0, 40)}`, () => expect(svgDataUri(value)).to.equal(undefined));
  }
});
