// One static file server for the demo (demo/server.mjs), the bench
// (bench/browser.mjs), the story checks (scripts/test-stories.mjs) and the
// framework apps (test/node/apps.test.mjs): files below a folder, never
// outside it, with their content types and no caching.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * A request listener serving the files below `root`: `/` is `index`; only
 * paths (relative to `root`) that `allow` matches; a 404 for anything else.
 * `read(file, path)` replaces reading the file (the bench serves a snapshot).
 */
export function staticFiles(root, { index = 'index.html', allow = /(?:)/, read = (file) => readFile(file) } = {}) {
  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const path = normalize(pathname === '/' ? index : decodeURIComponent(pathname).replace(/^\/+/, ''));
    const outside = path.startsWith('..') || !allow.test(path);
    const body = outside ? undefined : await Promise.resolve(read(join(root, path), path)).catch(() => undefined);
    if (body === undefined) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  };
}
