// `npm start`: the demo page and the reference backend in one Node process.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createPasskeyHandler, toNodeListener } from '../dist/server/index.js';
import { staticFiles } from '../scripts/static-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// PORT=0 takes any free port; without PORT, 8000 or (when taken) a free one.
const wanted = process.env.PORT === undefined || process.env.PORT === '' ? undefined : Number(process.env.PORT);
if (wanted !== undefined && !(Number.isInteger(wanted) && wanted >= 0 && wanted < 65536)) {
  console.error(`PORT must be a port number (0 for any free one), not "${process.env.PORT}".`);
  process.exit(1);
}
// Set once the port is bound: passkeys are bound to the origin, port included.
let origin;
let passkeys;

const files = staticFiles(root, { index: 'demo/index.html', allow: /^(demo|dist)\// });

const server = createServer((req, res) =>
  new URL(req.url ?? '/', origin).pathname.startsWith('/api/passkeys/') ? passkeys(req, res) : files(req, res),
);

server.on('listening', () => {
  const { port } = server.address();
  // Passkeys need a secure context: http://localhost counts as one, 127.0.0.1 is a different origin.
  origin = `http://localhost:${port}`;
  passkeys = toNodeListener(
    createPasskeyHandler({
      basePath: '/api/passkeys',
      rpID: 'localhost',
      rpName: 'passkey-elements demo',
      origins: [origin],
    }),
  );
  console.log(`passkey-elements demo: ${origin}/`);
});

server.on('error', (error) => {
  if (error.code === 'EADDRINUSE' && wanted === undefined) {
    console.log('Port 8000 is taken; using a free port instead (set PORT to choose one).');
    server.listen(0, 'localhost');
    return;
  }
  if (error.code === 'EADDRINUSE')
    console.error(`Port ${wanted} is taken: set PORT to another port, or PORT=0 for any free one.`);
  else console.error(`The demo could not start: ${error.message}`);
  process.exit(1);
});

server.listen(wanted ?? 8000, 'localhost');
