// The documentation: docs/api.md is generated from custom-elements.json (a page
// that drifted from the manifest fails here), and every relative link in the
// README and docs/ points at a file, and a heading, that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { render } from '../../scripts/api-docs.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file) => readFileSync(join(root, file), 'utf8');
const api = read('docs/api.md');
const manifest = JSON.parse(read('custom-elements.json'));
const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/** Markdown without its fenced code blocks and inline code, where a `](…)` is not a link. */
const prose = (text) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(text) {
  const seen = new Map();
  const out = new Set();
  const withoutCode = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

describe('docs/api.md', () => {
  it('matches custom-elements.json (run `npm run analyze` after changing the JSDoc)', async () => {
    assert.equal(await render(), api);
  });

  it('names every attribute, part, slot and event of every element, in its own section', () => {
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
    assert.ok(elements.length >= 4);
    const sections = api.split(/^## /m);
    for (const el of elements) {
      const block = sections.find((s) => s.startsWith(`\`<${el.tagName}>\``));
      assert.ok(block, `${el.tagName} has no section`);
      for (const name of [
        ...(el.attributes ?? []).map((a) => a.name),
        ...(el.cssParts ?? []).map((p) => p.name),
        ...(el.slots ?? []).map((s) => s.name).filter(Boolean),
        ...(el.events ?? []).map((e) => e.name),
      ]) {
        assert.ok(block.includes(`\`${name}\``), `${el.tagName}: ${name} is missing from docs/api.md`);
      }
    }
  });
});

describe('links in the README and docs/', () => {
  const broken = [];
  let checked = 0;
  for (const page of pages) {
    for (const [, target] of prose(read(page)).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check
      checked++;
      const [path, hash] = target.split('#');
      const file = path ? relative(root, join(dirname(join(root, page)), decodeURI(path))) : page;
      if (!existsSync(join(root, file))) broken.push(`${page}: ${target} (no such file)`);
      else if (hash && file.endsWith('.md') && !anchors(read(file)).has(decodeURIComponent(hash)))
        broken.push(`${page}: ${target} (no such heading in ${file})`);
    }
  }

  it('point at files and headings that exist', () => {
    assert.ok(checked > 20, `only ${checked} links found`);
    assert.deepEqual(broken, []);
  });

  it('reach every page of docs/ from the README, directly or through another page', () => {
    const reached = new Set(['README.md']);
    const queue = ['README.md'];
    while (queue.length) {
      const page = queue.shift();
      for (const [, target] of prose(read(page)).matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
        const file = relative(root, join(dirname(join(root, page)), target));
        if (!reached.has(file) && existsSync(join(root, file))) {
          reached.add(file);
          queue.push(file);
        }
      }
    }
    assert.deepEqual(
      pages.filter((p) => !reached.has(p)),
      [],
    );
  });
});

describe('docs/adapters.md#passkey-first-sign-up', () => {
  it('shows the Better Auth sign-up settings the tests run (test/helpers/better-auth.mjs)', () => {
    const helper = read('test/helpers/better-auth.mjs');
    const start = helper.indexOf('/** The names `<passkey-sign-up>` sent');
    const end = helper.indexOf('export function createBetterAuthMiddleware');
    assert.ok(start > 0 && end > start, 'the snippet’s bounds in the helper');
    assert.ok(read('docs/adapters.md').includes(helper.slice(start, end).trim()), 'docs/adapters.md drifted');
  });
});
