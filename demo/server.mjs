// `npm start`: the demo page and the reference backend in one Node process.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPasskeyHandler, toNodeListener } from '../dist/server/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8000);
// Passkeys need a secure context: http://localhost counts as one, 127.0.0.1 is a different origin.
const origin = `http://localhost:${port}`;

const passkeys = toNodeListener(
  createPasskeyHandler({
    basePath: '/api/passkeys',
    rpID: 'localhost',
    rpName: 'passkey-elements demo',
    origins: [origin],
  }),
);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};
const routes = { '/': 'demo/index.html' };

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname.startsWith('/api/passkeys/')) return passkeys(req, res);
  const path = normalize(routes[url.pathname] ?? url.pathname.slice(1));
  if (!/^(demo|dist)\//.test(path)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, {
      'Content-Type': types[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
}).listen(port, 'localhost', () => {
  console.log(`passkey-elements demo: ${origin}/`);
});
