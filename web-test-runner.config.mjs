import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findChromium } from './scripts/browser.mjs';
import { createTestBackend } from './test/helpers/backend.mjs';
import { reactEsmPlugin } from './test/helpers/react-esm.mjs';
import { createBetterAuthMiddleware } from './test/helpers/better-auth.mjs';
import { summaryReporter } from './test/helpers/summary-reporter.mjs';
import { webauthnPlugin } from './test/helpers/webauthn-plugin.mjs';
import { defaultReporter } from '@web/test-runner';

const executablePath = findChromium();
if (!executablePath) throw new Error('No Chromium found: run `node scripts/browser.mjs` to install one.');

/** A free port on localhost, so two runs (or a demo on 8000) never collide. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const backend = createTestBackend();
const betterAuth = createBetterAuthMiddleware();

export default {
  files: ['test/**/*.test.ts'],
  hostname: 'localhost',
  port: Number(process.env.TEST_PORT) || (await freePort()),
  nodeResolve: true,
  // One file at a time: the page-global WebAuthn request and the shared backend stay predictable.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60_000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
    }),
  ],
  middleware: [backend.middleware, betterAuth.middleware],
  plugins: [
    reactEsmPlugin(),
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    webauthnPlugin(),
    backend.plugin,
    betterAuth.plugin,
  ],
  // Every test page checks an invariant of the contract: each `passkey-error`,
  // whatever the test provoked, carries a code from the spec and a message.
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    <script type="module">
      import { ERROR_CODES } from '/src/core/errors.ts';
      addEventListener('passkey-error', (event) => {
        const { code, message } = event.detail ?? {};
        if (!ERROR_CODES.includes(code) || typeof message !== 'string' || !message) {
          throw new Error('passkey-error without a spec code and a message: ' + JSON.stringify(event.detail));
        }
      }, true);
    </script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  reporters: [defaultReporter(), summaryReporter()],
};
