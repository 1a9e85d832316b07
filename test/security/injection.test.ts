import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-elements.js';
import type { PasskeySignInElement, PasskeyUserProfileElement } from '../../src/index.js';
import { registerUser, seedPasskeys, until, useVirtualAuthenticator } from '../helpers/authenticator.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

declare global {
  interface Window {
    __xss?: (n: number) => void;
  }
}

const fired: number[] = [];

/** Every element in a shadow tree, nested shadow roots included. */
function allElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [el, ...(el.shadowRoot ? allElements(el.shadowRoot) : [])]);
}

function assertInert(root: ParentNode) {
  const elements = allElements(root);
  const tags = new Set(elements.map((el) => el.localName));
  for (const tag of [
    'script',
    'iframe',
    'object',
    'embed',
    'img',
    'style',
    'link',
    'meta',
    'base',
    'form',
    'video',
    'audio',
    'math',
    'marquee',
    'details',
  ]) {
    expect(tags.has(tag), `a <${tag}> element`).to.equal(false);
  }
  const handlers = elements.flatMap((el) =>
    [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName}[${a.name}]`),
  );
  expect(handlers).to.deep.equal([]);
  // Text attributes (title, aria-label) may hold any text; URL and style attributes may not.
  const urlAttributes = ['href', 'src', 'srcset', 'action', 'formaction', 'data', 'xlink:href', 'style', 'background'];
  const urls = elements.flatMap((el) =>
    [...el.attributes]
      .filter((a) => urlAttributes.includes(a.name) && /javascript:|data:text|expression\(/i.test(a.value))
      .map((a) => `${el.localName}[${a.name}]`),
  );
  expect(urls).to.deep.equal([]);
}

describe('untrusted strings', () => {
  useVirtualAuthenticator();

  before(() => {
    window.__xss = (n) => fired.push(n);
  });

  it(`render ${XSS_PAYLOADS.length} hostile passkey names from the server as inert text`, async () => {
    const { username } = await registerUser(undefined, { stay: true });
    await seedPasskeys(
      username,
      XSS_PAYLOADS.map((name) => ({ name })),
    );

    const el = await fixture<PasskeyUserProfileElement>(
      html`<passkey-user-profile endpoint="/api/passkeys"></passkey-user-profile>`,
    );
    await until(() => el.shadowRoot!.querySelectorAll('[part="row"]').length === XSS_PAYLOADS.length + 1, 'every row');
    await new Promise((r) => setTimeout(r, 300));

    const shown = [...el.shadowRoot!.querySelectorAll('[part~="name"]')].map((n) => n.textContent);
    // Seeded entries are older than the registered passkey, so they come first.
    expect(shown.slice(0, -1)).to.deep.equal(XSS_PAYLOADS);
    assertInert(el.shadowRoot!);
    expect(fired).to.deep.equal([]);
  });

  it('keep hostile names inert in the rename editor and the delete confirmation', async () => {
    const { username } = await registerUser(undefined, { stay: true });
    await seedPasskeys(username, [{ name: XSS_PAYLOADS[1]! }]);
    const el = await fixture<PasskeyUserProfileElement>(
      html`<passkey-user-profile endpoint="/api/passkeys"></passkey-user-profile>`,
    );
    await until(() => el.shadowRoot!.querySelectorAll('[part="row"]').length === 2, 'the rows');
    const row = [...el.shadowRoot!.querySelectorAll('[part="row"]')].find(
      (r) => r.querySelector('[part~="name"]')!.textContent === XSS_PAYLOADS[1],
    )!;

    [...row.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Delete')!.click();
    await until(() => Boolean(el.shadowRoot!.querySelector('[part="popover"]')), 'the confirmation');
    expect(el.shadowRoot!.querySelector('[part="popover"]')!.textContent).to.contain(XSS_PAYLOADS[1]);
    assertInert(el.shadowRoot!);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    [...row.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Rename')!.click();
    await el.updateComplete;

    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part="rename-input"]')!.value).to.equal(XSS_PAYLOADS[1]);
    assertInert(el.shadowRoot!);
    expect(fired).to.deep.equal([]);
  });

  it('render hostile labels, headings and usernames given by the page as text', async () => {
    const payload = XSS_PAYLOADS[0]!;
    const el = await fixture<PasskeySignInElement>(
      html`<passkey-sign-in
        endpoint="/api/passkeys"
        heading=${payload}
        button-label=${payload}
        username-label=${payload}
        identifier-first
      ></passkey-sign-in>`,
    );
    el.querySelector('input')!.value = XSS_PAYLOADS[1]!;
    await el.updateComplete;

    expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent).to.equal(payload);
    assertInert(el.shadowRoot!);
    expect(fired).to.deep.equal([]);
  });

  it('never show a server’s own error message, only the localized one', async () => {
    const el = await fixture(html`<passkey-button endpoint="/fault/500"></passkey-button>`);
    const failed = new Promise<CustomEvent>((r) =>
      el.addEventListener('passkey-error', (e) => r(e as CustomEvent), { once: true }),
    );

    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await failed;

    expect(detail.message).to.equal('Something went wrong on the server. Please try again.');
    expect(el.shadowRoot!.textContent).not.to.contain('Database is down');
  });
});
