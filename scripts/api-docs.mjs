#!/usr/bin/env node
// Writes docs/api.md, each element's API tables (attributes and properties,
// slots, events, parts, CSS custom properties), from custom-elements.json, so
// the reference cannot drift from the source: the whole page is generated, and
// a new element gets its section by being in the manifest. `--check` only
// reports whether docs/api.md is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const root = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);

/** Markdown-safe, one line: a table cell. */
const cell = (text = '') => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => (text ? `\`${text}\`` : '');

function table(head, rows) {
  if (!rows.length) return '';
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function apiOf(el) {
  const attributes = el.attributes ?? [];
  const fields = (el.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public',
  );
  // The adapter pair first and the look-and-language pair last, as on every element.
  const rank = (name) => ({ endpoint: -2, adapter: -1, theme: 1, strings: 2 })[name] ?? 0;
  fields.sort((a, b) => rank(a.name) - rank(b.name));
  const byField = new Map(attributes.filter((a) => a.fieldName).map((a) => [a.fieldName, a]));
  const rows = fields.map((f) => {
    const attribute = byField.get(f.name);
    const readOnly = f.readonly ? ' (read-only)' : '';
    return [
      code(attribute?.name),
      code(f.name),
      cell(f.type?.text ? code(f.type.text) : ''),
      cell(f.default !== undefined ? code(f.default) : ''),
      cell((f.description ?? attribute?.description ?? '') + readOnly),
    ];
  });
  for (const a of attributes.filter((a) => !a.fieldName)) {
    rows.push([code(a.name), '', cell(a.type?.text ? code(a.type.text) : ''), '', cell(a.description)]);
  }
  const parts = [
    table(['attribute', 'property', 'type', 'default', 'what it does'], rows),
    table(
      ['slot', 'what it holds'],
      (el.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]),
    ),
    table(
      ['event', 'detail', 'when'],
      (el.events ?? []).map((e) => [code(e.name), cell(code(e.type?.text)), cell(e.description)]),
    ),
    table(
      ['part', 'what it is'],
      (el.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    (el.cssProperties ?? []).length
      ? `CSS custom properties (see [Styling](styling.md#styling)): ${el.cssProperties.map((p) => code(p.name)).join(', ')}.`
      : '',
  ];
  return parts.filter(Boolean).join('\n\n');
}

const FILE = new URL('docs/api.md', root);

/** docs/api.md as it should be, formatted as `prettier --check` expects. */
export async function render() {
  const text = [
    '# API reference',
    '',
    '<!-- Generated from custom-elements.json by `npm run analyze` (scripts/api-docs.mjs): edit the JSDoc, not this. -->',
    '',
    "Every element's attributes and properties, slots, events, parts and CSS custom properties. What the elements do is in [elements.md](elements.md); the [README](../README.md) has the quick start.",
    '',
    ...elements.flatMap((el) => [
      `## \`<${el.tagName}>\``,
      '',
      el.summary ? `${cell(el.summary)}\n` : '',
      apiOf(el),
      '',
    ]),
  ].join('\n');
  const file = fileURLToPath(FILE);
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let before = '';
  try {
    before = readFileSync(FILE, 'utf8');
  } catch {
    // not written yet
  }
  const after = await render();
  if (process.argv.includes('--check')) {
    if (after !== before) {
      console.error('docs/api.md is out of date; run `npm run analyze`.');
      process.exit(1);
    }
  } else if (after !== before) writeFileSync(FILE, after);
}
