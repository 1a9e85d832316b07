#!/usr/bin/env node
// Writes each element's API tables (attributes and properties, slots, events,
// parts, CSS custom properties) into README.md from custom-elements.json,
// between `<!-- api:TAG -->` and `<!-- /api:TAG -->`, so the README cannot
// drift from the source. `--check` only reports whether README.md is current.
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
      ? `CSS custom properties (see [Styling](#styling)): ${el.cssProperties.map((p) => code(p.name)).join(', ')}.`
      : '',
  ];
  return parts.filter(Boolean).join('\n\n');
}

/** README.md with every element's block regenerated, formatted as `prettier --check` expects. */
export async function render(readme) {
  let text = readme;
  for (const el of elements) {
    const start = `<!-- api:${el.tagName} -->`;
    const end = `<!-- /api:${el.tagName} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
    const note = `<!-- Generated from custom-elements.json by \`npm run analyze\`: edit the JSDoc, not this. -->`;
    text = `${text.slice(0, from)}${start}\n${note}\n\n${apiOf(el)}\n\n${text.slice(to)}`;
  }
  const file = fileURLToPath(new URL('README.md', root));
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL('README.md', root);
  const before = readFileSync(file, 'utf8');
  const after = await render(before);
  if (process.argv.includes('--check')) {
    if (after !== before) {
      console.error('README.md: the API tables are out of date; run `npm run analyze`.');
      process.exit(1);
    }
  } else if (after !== before) writeFileSync(file, after);
}
