// A rollup plugin that squeezes the whitespace out of Lit's html`` and css``
// templates in our own source. Minifiers leave template literals alone, so
// without this every indented line of markup and CSS ships to the browser.
// Only whitespace and CSS comments go: markup keeps one space wherever it had
// any (the browser collapses runs of spaces anyway; no template uses <pre>),
// and CSS loses spaces only where they never mean anything: beside { } ; and
// commas, and after a colon (no selector has a space after its colons, and no
// string in our styles has one: check before writing one that does); around
// * and / (no selector uses the universal selector after a space), before a
// closing brace, and the zero of 0.5.
import MagicString from 'magic-string';

/** Every tagged template whose tag is `html`, `svg` or `css`, in source order. */
function* taggedTemplates(node) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier') {
    if (['html', 'svg', 'css'].includes(node.tag.name)) yield node;
  }
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) yield* taggedTemplates(child);
    else if (value && typeof value === 'object' && key !== 'parent') yield* taggedTemplates(value);
  }
}

export function minifyMarkup(text) {
  return text.replace(/\s+/g, ' ');
}

export function minifyCss(text) {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      // calc()'s * and / (and grid's 1 / -1) need no spaces; + and - keep theirs.
      .replace(/ ([*/]) /g, '$1')
      .replace(/([:,( ])0\.(\d)/g, '$1.$2')
  );
}

export default function minifyTemplates({ include = /\/src\/.*\.ts$/ } = {}) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!include.test(id) || !/\b(html|css|svg)\s*`/.test(code)) return null;
      const s = new MagicString(code);
      for (const node of taggedTemplates(this.parse(code))) {
        const squeeze = node.tag.name === 'css' ? minifyCss : minifyMarkup;
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const squeezed = squeeze(raw);
          if (squeezed !== raw) s.overwrite(quasi.start, quasi.end, squeezed);
        }
      }
      return s.hasChanged() ? { code: s.toString(), map: s.generateMap({ hires: true }) } : null;
    },
  };
}
