// Every element at phone, tablet and desktop widths, in a block parent and in
// a flex row: nothing overflows sideways, no name is cut to a few letters, and
// profile rows stay a sensible height (their actions stack under the name on
// a narrow element, by container query, not by the viewport).
import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-sign-up.js';
import '../../src/passkey-upgrade.js';
import '../../src/passkey-user-profile.js';
import { until } from '../helpers/authenticator.js';
import { authenticators, listAdapter } from '../helpers/layout.js';

// 256 and 288: a 320 px phone once the page's own margins (32 or 16 px a side) are taken.
const WIDTHS = [256, 288, 320, 360, 414, 768, 1280];
const PARENTS = ['block', 'flex'] as const;
const ELEMENTS: Record<string, () => TemplateResult> = {
  'passkey-sign-in': () => html`<passkey-sign-in .adapter=${listAdapter()}></passkey-sign-in>`,
  'passkey-sign-up': () =>
    html`<passkey-sign-up .adapter=${listAdapter()} ask-display-name
      ><input slot="username" value="ada.lovelace.with.a.long.address@example.com"
    /></passkey-sign-up>`,
  'passkey-user-profile': () =>
    html`<passkey-user-profile .adapter=${listAdapter()} .authenticators=${authenticators}></passkey-user-profile>`,
  'passkey-button': () => html`<passkey-button .adapter=${listAdapter()}>Sign in with a passkey</passkey-button>`,
  'passkey-upgrade': () => html`<passkey-upgrade .adapter=${listAdapter()} username="ada" manual></passkey-upgrade>`,
};

async function mount(tag: string, width: number, parent: (typeof PARENTS)[number]) {
  const style = `inline-size: ${width}px; ${parent === 'flex' ? 'display: flex; align-items: flex-start;' : ''}`;
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${style}>${ELEMENTS[tag]()}</div>`);
  const el = wrapper.firstElementChild as HTMLElement & { updateComplete: Promise<boolean> };
  await until(
    () =>
      Boolean(el.shadowRoot?.querySelector('[part="card"], [part="button"]')) &&
      !el.shadowRoot!.querySelector('[part="skeleton"]') &&
      (tag !== 'passkey-user-profile' || el.shadowRoot!.querySelectorAll('[part="row"]').length > 0),
    `${tag} to render`,
  );
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { wrapper, el };
}

/** Elements in `root` (and nested shadow roots) whose content is wider than their box. */
function overflowing(root: ShadowRoot | Element): string[] {
  const found: string[] = [];
  const walk = (node: ShadowRoot | Element) => {
    for (const child of node.children) {
      const style = getComputedStyle(child);
      if (style.display !== 'none' && style.display !== 'contents' && style.position !== 'fixed') {
        // A text box that ellipsizes its own overflow is fine; it is measured separately.
        if (child.scrollWidth > child.clientWidth + 1 && style.textOverflow !== 'ellipsis')
          found.push(`${child.localName}.${child.className} ${child.scrollWidth}>${child.clientWidth}`);
      }
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** Parts whose box ends past `right`. */
function sticking(root: ShadowRoot, right: number): string[] {
  const found: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    const r = node.getBoundingClientRect();
    if (r.width && r.right > right + 0.5)
      found.push(`${node.localName}.${node.className} ends at ${Math.round(r.right)}`);
    if (node.shadowRoot) found.push(...sticking(node.shadowRoot, right));
  }
  return found;
}

/** Words of button labels broken across lines ("Renam" / "e"), in `root` and the shadow roots inside it. */
function brokenWords(root: ShadowRoot): string[] {
  const found: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    if (node.shadowRoot) found.push(...brokenWords(node.shadowRoot));
    if (node.localName !== 'button' || !(node as HTMLElement).offsetWidth) continue;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const match of text.textContent!.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        if (range.getClientRects().length > 1) found.push(match[0]);
      }
    }
  }
  return found;
}

describe('layout at every width', () => {
  for (const tag of Object.keys(ELEMENTS))
    for (const parent of PARENTS)
      for (const width of WIDTHS)
        it(`<${tag}> in a ${parent} parent ${width}px wide`, async () => {
          const { wrapper, el } = await mount(tag, width, parent);
          const box = el.getBoundingClientRect();
          const outer = wrapper.getBoundingClientRect();

          expect(box.right, 'host inside its parent').to.be.at.most(outer.right + 0.5);
          expect(box.left).to.be.at.least(outer.left - 0.5);
          expect(sticking(el.shadowRoot!, outer.right), 'parts past the parent').to.deep.equal([]);
          expect(wrapper.scrollWidth, 'parent scrolls sideways').to.be.at.most(wrapper.clientWidth);
          expect(overflowing(el.shadowRoot!), 'shadow parts overflow').to.deep.equal([]);
          expect(brokenWords(el.shadowRoot!), 'button words broken across lines').to.deep.equal([]);
          // A card never collapses to its narrowest content in a flex row.
          if (tag !== 'passkey-button') expect(box.width).to.be.at.least(Math.min(width, 400) - 1);
          for (const text of el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="name"], [part="meta"] > *')) {
            const shown = text.clientWidth;
            const needed = text.scrollWidth;
            // Either the whole text fits, or at least 12 characters' worth shows.
            expect(shown, `"${text.textContent}" shown width`).to.be.at.least(Math.min(needed, 12 * 7.5) - 1);
          }
          for (const row of el.shadowRoot!.querySelectorAll('[part="row"]')) {
            // Under 300 px the provider and dates wrap too: taller rows, still far from the 300 px of old.
            expect(row.getBoundingClientRect().height, 'row height').to.be.at.most(
              width < 300 ? 230 : width < 480 ? 170 : 90,
            );
          }
        });
});
