import type { Messages } from './en.js';

/**
 * How each built-in translation loads: one module each, on first use. This
 * table loads lazily too, with the first translation a page needs.
 */
export const loaders: Record<string, () => Promise<Messages>> = {
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  'pt-br': () => import('./pt-br.js').then((m) => m.ptBR),
  ja: () => import('./ja.js').then((m) => m.ja),
  'zh-cn': () => import('./zh-cn.js').then((m) => m.zhCN),
  ko: () => import('./ko.js').then((m) => m.ko),
  ar: () => import('./ar.js').then((m) => m.ar),
  he: () => import('./he.js').then((m) => m.he),
  it: () => import('./it.js').then((m) => m.it),
  nl: () => import('./nl.js').then((m) => m.nl),
  pl: () => import('./pl.js').then((m) => m.pl),
};
