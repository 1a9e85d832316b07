// Real framework apps (test/apps/): React with the package's wrappers, Vue and
// Svelte with the plain elements. Each installs passkey-elements from the
// tarball `npm pack` makes, is built by Vite with its framework's plugin, and
// is driven in Chromium — a virtual authenticator, the reference backend on
// the same origin — through sign-up, sign-in, list, add, rename and delete,
// checking what the page shows and what the framework's own handlers received.
//
// The tarball is unpacked into test/apps/node_modules/passkey-elements, so the
// apps import `passkey-elements` exactly as a user's would; its dependencies
// (lit, @simplewebauthn/browser…) and the frameworks resolve from the
// repository's node_modules, which keeps the test offline and fast. Each app
// has its own package.json, so nothing resolves to the source tree by name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright';
import { findChromium } from '../../scripts/browser.mjs';
import { staticFiles } from '../../scripts/static-files.mjs';
import { addVirtualAuthenticator, enableWebAuthn } from '../../scripts/virtual-authenticator.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const appsDir = join(root, 'test/apps');
const installed = join(appsDir, 'node_modules/passkey-elements');
const TIMEOUT = 10_000;

let work;
let browser;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'passkey-elements-apps-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
  });
  const tarball = join(work, JSON.parse(stdout)[0].filename);
  await rm(installed, { recursive: true, force: true });
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  browser = await chromium.launch({ executablePath: findChromium() });
});

after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
  await rm(join(appsDir, 'node_modules'), { recursive: true, force: true });
});

/** The built app and the reference backend (from the tarball) on one origin, http://localhost:<port>. */
async function serve(dir) {
  const { createPasskeyHandler, toNodeListener } = await import(
    pathToFileURL(join(installed, 'dist/server/index.js')).href
  );
  let passkeys;
  const files = staticFiles(dir);
  const server = createServer((req, res) =>
    new URL(req.url ?? '/', 'http://localhost').pathname.startsWith('/api/passkeys/')
      ? passkeys(req, res)
      : files(req, res),
  );
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${server.address().port}`;
  const handler = createPasskeyHandler({ basePath: '/api/passkeys', rpID: 'localhost', origins: [origin] });
  passkeys = toNodeListener(handler);
  return { origin, store: handler.store, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Builds an app with its own vite.config.mjs; returns the output folder and the modules it bundled. */
async function buildApp(name) {
  const { build } = await import('vite');
  const appRoot = join(appsDir, name);
  const outDir = join(work, name);
  const modules = [];
  await build({
    root: appRoot,
    configFile: join(appRoot, 'vite.config.mjs'),
    cacheDir: join(work, `${name}-vite-cache`),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    plugins: [
      {
        name: 'record-modules',
        buildEnd() {
          modules.push(...this.getModuleIds());
        },
      },
    ],
  });
  return { outDir, modules };
}

// The card would sign in through passkey autofill as soon as it is shown (the
// virtual authenticator answers at once): without it, the test clicks the button.
function withoutAutofill() {
  PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  const capabilities = PublicKeyCredential.getClientCapabilities;
  if (capabilities) {
    PublicKeyCredential.getClientCapabilities = async () => ({
      ...(await capabilities.call(PublicKeyCredential)),
      conditionalGet: false,
    });
  }
}

async function until(check, what) {
  const end = Date.now() + TIMEOUT;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${last})`);
}

const apps = [
  { name: 'react', plugin: '@vitejs/plugin-react', wiring: 'wrappers, an adapter from createRestAdapter' },
  { name: 'vue', plugin: '@vitejs/plugin-vue', wiring: 'endpoint attributes, @passkey-… listeners' },
  { name: 'svelte', plugin: '@sveltejs/vite-plugin-svelte', wiring: 'adapter and endpoint, onpasskey-… handlers' },
];

for (const app of apps) {
  describe(`${app.name} app (${app.wiring})`, () => {
    const username = `${app.name}-user`;
    let backend;
    let context;
    let page;
    let cdp;
    const pageErrors = [];
    const state = {};

    const received = () => page.evaluate(() => window.appEvents);
    // The next event the app's handlers recorded. Rows change optimistically, before
    // the server answers and the event fires, so the test waits for the event itself.
    let seen = 0;
    const nextEvent = async (type) => {
      const event = await until(async () => (await received())[seen], `a ${type} event`);
      seen += 1;
      assert.equal(event.type, type);
      return event;
    };
    const shown = () => page.getByRole('list', { name: 'Events' }).getByRole('listitem').allInnerTexts();
    const showsLast = (text) => until(async () => (await shown()).at(-1) === text, `"${text}" in the app's event list`);
    const profile = () => page.locator('passkey-user-profile');
    const rows = () => profile().getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
    const addAuthenticator = () => addVirtualAuthenticator(cdp);
    const serverPasskeys = async () => {
      const user = await backend.store.getUserByUsername(username);
      return user ? await backend.store.listPasskeys(user.id) : [];
    };

    // The steps build on each other: after a failure the rest are skipped, not timed out one by one.
    let failed;
    const step = (name, fn) =>
      it(name, async (t) => {
        if (failed) return t.skip(`after "${failed}" failed`);
        try {
          await fn();
        } catch (error) {
          failed = name;
          throw error;
        }
      });

    after(async () => {
      await context?.close();
      await backend?.close();
    });

    step(`builds with vite and ${app.plugin}, importing passkey-elements from the tarball`, async () => {
      const { outDir, modules } = await buildApp(app.name);
      const [fromPackage, repository] = [await realpath(installed), await realpath(root)];
      const used = modules.filter((id) => id.includes(`${sep}passkey-elements${sep}dist${sep}`));
      assert.ok(used.length > 0, 'bundles modules of passkey-elements');
      for (const id of used) assert.ok(id.startsWith(fromPackage + sep), `from the installed tarball: ${id}`);
      assert.deepEqual(
        modules.filter((id) => ['src', 'dist'].some((dir) => id.startsWith(join(repository, dir) + sep))),
        [],
        'nothing from the source tree or its build',
      );

      backend = await serve(outDir);
      context = await browser.newContext();
      page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      cdp = await context.newCDPSession(page);
      await enableWebAuthn(cdp);
      state.authenticator = await addAuthenticator();
      await page.addInitScript(withoutAutofill);
      await page.goto(`${backend.origin}/`);
      await page.getByRole('heading', { name: { react: 'React', vue: 'Vue', svelte: 'Svelte' }[app.name] }).waitFor();
    });

    step('signs up: passkey-button action="register" with a username creates the account', async () => {
      await page.getByRole('textbox', { name: 'Username', exact: true }).fill(username);
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByRole('heading', { name: `Signed in as ${username}` }).waitFor();

      const event = await nextEvent('passkey-registered');
      assert.equal(typeof event.detail.passkey.id, 'string');
      assert.equal(typeof event.detail.passkey.credentialId, 'string');
      const stored = await serverPasskeys();
      assert.deepEqual(
        stored.map((p) => [p.id, p.name]),
        [[event.detail.passkey.id, event.detail.passkey.name]],
      );
      await showsLast(`passkey-registered: ${event.detail.passkey.name}`);
      assert.equal((await shown()).length, 1);
      state.first = event.detail.passkey;
    });

    step('lists the passkey in <passkey-user-profile>', async () => {
      await until(async () => (await rows().count()) === 1, 'one row in the profile').catch(async (error) => {
        error.message += `; the profile shows: ${JSON.stringify(await profile().evaluate((el) => el.shadowRoot?.textContent.replace(/\s+/g, ' ').trim()))}`;
        throw error;
      });
      assert.match(await rows().first().innerText(), new RegExp(state.first.name));
    });

    step('signs in with <passkey-sign-in> after signing out', async () => {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.getByRole('heading', { name: `Signed in as ${username}` }).waitFor();

      const event = await nextEvent('passkey-signed-in');
      assert.equal(event.detail.result.user.username, username);
      await showsLast(`passkey-signed-in: ${username}`);
    });

    step('adds a passkey from another device with "Add a passkey"', async () => {
      await until(async () => (await rows().count()) === 1, 'the profile after sign-in');
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: state.authenticator });
      state.authenticator = await addAuthenticator();
      await profile().getByRole('button', { name: 'Add a passkey' }).click();
      await until(async () => (await rows().count()) === 2, 'two rows');

      const event = await nextEvent('passkey-registered');
      assert.notEqual(event.detail.passkey.id, state.first.id);
      assert.notEqual(event.detail.passkey.name, state.first.name);
      assert.match(await rows().nth(1).innerText(), new RegExp(event.detail.passkey.name));
      await profile().getByText(`Passkey “${event.detail.passkey.name}” added.`).waitFor();
      assert.equal((await serverPasskeys()).length, 2);
      state.second = event.detail.passkey;
    });

    step('renames the first passkey in place', async () => {
      const name = `${app.name} laptop`;
      await rows().first().getByRole('button', { name: 'Rename' }).click();
      await profile().getByRole('textbox', { name: 'Passkey name' }).fill(name);
      await profile().getByRole('button', { name: 'Save' }).click();
      await until(async () => (await rows().first().innerText()).includes(name), 'the new name in the row');

      const event = await nextEvent('passkey-renamed');
      assert.deepEqual([event.detail.passkey.id, event.detail.passkey.name], [state.first.id, name]);
      await showsLast(`passkey-renamed: ${name}`);
      await profile().getByText(`Passkey renamed to “${name}”.`).waitFor();
      assert.equal((await serverPasskeys()).find((p) => p.id === state.first.id)?.name, name);
    });

    step('deletes the second passkey after confirming', async () => {
      await rows().nth(1).getByRole('button', { name: 'Delete' }).click();
      const dialog = profile().getByRole('alertdialog', { name: 'Delete this passkey?' });
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await until(async () => (await rows().count()) === 1, 'one row left');

      const event = await nextEvent('passkey-deleted');
      assert.deepEqual(event.detail, { id: state.second.id });
      await showsLast(`passkey-deleted: ${state.second.id}`);
      await profile().getByText(`Passkey “${state.second.name}” deleted.`).waitFor();
      assert.deepEqual(
        (await serverPasskeys()).map((p) => p.id),
        [state.first.id],
      );
      assert.deepEqual(
        (await received()).map((e) => e.type),
        ['passkey-registered', 'passkey-signed-in', 'passkey-registered', 'passkey-renamed', 'passkey-deleted'],
        'every event once, and no passkey-error',
      );
      assert.deepEqual(pageErrors, []);
    });
  });
}
