// Timings and memory in headless Chromium, against the reference backend:
// click → prompt (network requests and script time between a click and the
// navigator.credentials call), render times, and mount/unmount leaks.
// Reported, never gated: bench/run.mjs fails only on byte budgets.
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { findChromium } from '../scripts/browser.mjs';
import { staticFiles } from '../scripts/static-files.mjs';
import { addVirtualAuthenticator, enableWebAuthn } from '../scripts/virtual-authenticator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLICK_RUNS = 30;
const RENDER_RUNS = 30;
const MOUNT_CYCLES = 1000;
const WARMUP = 2;
const TAGS = ['passkey-button', 'passkey-sign-in', 'passkey-user-profile', 'passkey-upgrade'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => process.stderr.write(`  browser: ${message}\n`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Retries `work` while files are missing (another process may be rebuilding dist/). */
async function retry(work, what, attempts = 60) {
  for (let i = 1; ; i++) {
    try {
      return await work(i);
    } catch (error) {
      if (i >= attempts) throw new Error(`${what}: ${error.message}`, { cause: error });
      await sleep(500);
    }
  }
}

// ---------------------------------------------------------------- server

/**
 * The browser bundle and its lazy chunks, read once: a rebuild of dist/ while
 * the bench runs cannot then mix two builds. Waits until every chunk the
 * bundle imports is there.
 */
async function snapshotBundle() {
  return retry(async () => {
    const files = new Map();
    const bundle = await readFile(join(root, 'dist/passkey-elements.min.js'), 'utf8');
    files.set('/dist/passkey-elements.min.js', bundle);
    for (const name of await readdir(join(root, 'dist/chunks'))) {
      if (name.endsWith('.js')) files.set(`/dist/chunks/${name}`, await readFile(join(root, 'dist/chunks', name)));
    }
    for (const [, chunk] of bundle.matchAll(/import\(["']\.\/(chunks\/[^"']+)["']\)/g)) {
      if (!files.has(`/dist/${chunk}`)) throw new Error(`dist/${chunk} is missing`);
    }
    return files;
  }, 'dist/passkey-elements.min.js (run `npm run build`)');
}

async function startServer() {
  const files = await snapshotBundle();
  const { createPasskeyHandler, toNodeListener } = await retry(
    (i) => import(`${pathToFileURL(join(root, 'dist/server/index.js')).href}${i > 1 ? `?retry=${i}` : ''}`),
    'dist/server/index.js',
  );
  const server = createServer();
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${server.address().port}`;
  const api = toNodeListener(
    createPasskeyHandler({ basePath: '/api/passkeys', rpID: 'localhost', rpName: 'bench', origins: [origin] }),
  );
  // The bundle from its snapshot; other files read again while a build rewrites them.
  const statics = staticFiles(root, {
    allow: /^(dist|bench\/pages)\//,
    read: (file, path) => files.get(`/${path}`) ?? retry(() => readFile(file), path, 10),
  });
  server.on('request', (req, res) =>
    new URL(req.url ?? '/', origin).pathname.startsWith('/api/passkeys/') ? api(req, res) : statics(req, res),
  );
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

// ---------------------------------------------------------------- page + virtual authenticator

async function openPage(browser, origin, { presence = true } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  const cdp = await context.newCDPSession(page);
  await enableWebAuthn(cdp);
  let authenticatorId;
  const authenticator = {
    /** Replaces the virtual authenticator with an empty one. */
    async fresh(automaticPresenceSimulation = presence) {
      if (authenticatorId) await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      authenticatorId = await addVirtualAuthenticator(cdp, { automaticPresenceSimulation });
    },
    presence: (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
  await authenticator.fresh();
  await page.goto(`${origin}/bench/pages/index.html`);
  await page.evaluate(() => window.bench.ready());
  return { context, page, cdp, authenticator };
}

// ---------------------------------------------------------------- 1. click → prompt

/**
 * Mounts an element, points at its button (waiting for any options that
 * fetches), arms the in-page probe, clicks with real input events and reads
 * what happened between the click and navigator.credentials.
 */
async function clickRun(page, { tag, attributes, button, stateOf, prepare, beforeClick }) {
  // Off the button while the run sets up: a button that appears under the pointer
  // fetches its options then, before the run has signed out.
  await page.mouse.move(0, 0);
  if (prepare) await prepare(attributes);
  else await page.evaluate(([t, a]) => window.bench.mount(t, a), [tag, attributes]);
  if (beforeClick) {
    const skip = await beforeClick();
    if (skip) return { skipped: skip };
  }
  // A user points at the button before clicking it: that is when the button
  // fetches its options (the sign-in card has them already). Wait until they are in.
  await page.locator(button).hover();
  await sleep(30);
  await page.waitForFunction(() => window.bench.state.fetchStarted === window.bench.state.fetchSettled);
  await sleep(30);
  await page.evaluate(() => window.bench.arm());
  await page.locator(button).click();
  await page.waitForFunction(() => window.bench.armedResult());
  const result = await page.evaluate(() => window.bench.armedResult());
  // Let the ceremony finish: the next run needs the server state it leaves.
  await page.waitForFunction((s) => {
    const state = window.bench.ceremonyState(s);
    return state === 'success' || state === 'error';
  }, stateOf);
  result.outcome = await page.evaluate((s) => window.bench.ceremonyState(s), stateOf);
  if (result.outcome === 'error') result.error = (await page.evaluate(() => window.bench.counts())).errors.join(',');
  return result;
}

async function clickSeries(runs, options) {
  const results = [];
  const failures = [];
  const skipped = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const result = await clickRun(options.page, { ...options, attributes: options.attributes(i) });
    if (result.skipped) skipped.push(result.skipped);
    else if (result.outcome !== 'success') failures.push(result.error ?? result.outcome);
    if (i >= WARMUP && !result.skipped) results.push(result);
  }
  const ms = results.map((r) => r.ms);
  return {
    n: results.length,
    requests: median(results.map((r) => r.requests)),
    maxRequests: Math.max(...results.map((r) => r.requests)),
    resourceEntries: median(results.map((r) => r.resources)),
    paths: [...new Set(results.flatMap((r) => r.paths))],
    kind: results[0]?.kind,
    ms: median(ms),
    p90: percentile(ms, 90),
    networkMs: median(results.map((r) => r.networkMs)),
    completed: results.filter((r) => r.outcome === 'success').length,
    failures,
    skipped,
  };
}

async function measureClicks(browser, origin) {
  const { context, page, authenticator } = await openPage(browser, origin);
  const signOut = () => page.evaluate(() => window.bench.signOut());
  const out = {};
  const stamp = Date.now().toString(36);

  // Register: a new username on a fresh authenticator each run, signed out.
  log('click → prompt: <passkey-button action="register">');
  out['passkey-button (register)'] = await clickSeries(CLICK_RUNS, {
    page,
    tag: 'passkey-button',
    attributes: (i) => ({ action: 'register', endpoint: '/api/passkeys', username: `bench-${stamp}-${i}` }),
    button: 'passkey-button button[part="button"]',
    stateOf: 'passkey-button',
    beforeClick: async () => {
      await signOut();
      await authenticator.fresh();
    },
  });

  // Add a passkey from the profile, signed in as the last user registered above;
  // a fresh authenticator each run so its credentials are not in excludeCredentials.
  log('click → prompt: <passkey-user-profile> "Add a passkey"');
  out['passkey-user-profile (add)'] = await clickSeries(CLICK_RUNS, {
    page,
    tag: 'passkey-user-profile',
    attributes: () => ({ endpoint: '/api/passkeys' }),
    button: 'passkey-user-profile passkey-button button[part="button"]',
    stateOf: 'passkey-user-profile passkey-button',
    beforeClick: async () => {
      await authenticator.fresh();
      // The list is loaded (and the add button rendered) before the click.
      await page.waitForFunction(() => {
        const root = document.querySelector('#stage passkey-user-profile')?.shadowRoot;
        return (
          root?.querySelector('li[part~="row"]') &&
          root.querySelector('passkey-button')?.shadowRoot?.querySelector('button')
        );
      });
    },
  });

  // The upgrade card right after a sign-in: still signed in as that user.
  log('click → prompt: <passkey-upgrade> "Create a passkey"');
  out['passkey-upgrade (create)'] = await clickSeries(CLICK_RUNS, {
    page,
    tag: 'passkey-upgrade',
    attributes: (i) => ({ endpoint: '/api/passkeys', username: `bench-upgrade-${stamp}-${i}`, manual: '' }),
    button: 'passkey-upgrade button[part="button"]',
    stateOf: 'passkey-upgrade',
    beforeClick: async () => {
      await authenticator.fresh();
      await page.locator('passkey-upgrade button[part="button"]').waitFor();
    },
  });

  log('click → prompt: <passkey-button> (sign-in)');
  out['passkey-button (sign-in)'] = await clickSeries(CLICK_RUNS, {
    page,
    tag: 'passkey-button',
    attributes: () => ({ endpoint: '/api/passkeys' }),
    button: 'passkey-button button[part="button"]',
    stateOf: 'passkey-button',
    beforeClick: async () => void (await signOut()),
  });

  // The card prefetches options and starts autofill (a conditional request) on
  // its own; with presence simulated that request would sign in at once. So:
  // mount with presence off, wait until autofill is pending (the prefetch has
  // landed), turn presence on, then click; only the modal request counts.
  log('click → prompt: <passkey-sign-in>');
  out['passkey-sign-in'] = await clickSeries(CLICK_RUNS, {
    page,
    tag: 'passkey-sign-in',
    attributes: () => ({ endpoint: '/api/passkeys' }),
    button: 'passkey-sign-in button[part="button"]',
    stateOf: 'passkey-sign-in',
    prepare: async (attributes) => {
      await page.evaluate(() => window.bench.mount('p', {}));
      await signOut();
      await authenticator.presence(false);
      await page.evaluate((a) => window.bench.mount('passkey-sign-in', a), attributes);
    },
    beforeClick: async () => {
      const pending = await page.evaluate(() =>
        window.bench.until(() => window.bench.state.get.pendingConditional > 0, 5000),
      );
      await authenticator.presence(true);
      await sleep(20);
      const state = await page.evaluate(() => window.bench.ceremonyState('passkey-sign-in'));
      if (!pending) return 'autofill never started';
      if (state !== 'idle') return `autofill completed on its own (${state})`;
      return undefined;
    },
  });
  out.ceremonies = await page.evaluate(() => window.bench.counts());
  await context.close();
  return out;
}

// ---------------------------------------------------------------- 2. render, 3. memory

async function listeners(cdp) {
  const count = async (expression) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup: 'bench-listeners' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.length;
  };
  const out = { window: await count('window'), document: await count('document') };
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench-listeners' });
  return out;
}

async function heap(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function measureRender(browser, origin) {
  // Presence off: an autofill request stays pending, as it does until a user picks a passkey.
  const { context, page } = await openPage(browser, origin, { presence: false });
  const out = { elements: {}, profile: {} };
  for (const tag of TAGS) {
    log(`render: <${tag}>`);
    // Let what the previous element started on its own (a lazy chunk, say) land first.
    await sleep(500);
    out.elements[tag] = await page.evaluate(([t, n]) => window.bench.renderRuns(t, n), [tag, RENDER_RUNS + 1]);
  }
  for (const [rows, runs, maxMs] of [
    [100, RENDER_RUNS, Infinity],
    [1000, RENDER_RUNS, 25000],
  ]) {
    log(`render: <passkey-user-profile> with ${rows} passkeys`);
    await sleep(500);
    // One unmeasured run first: the provider-name table is loaded on demand.
    await page.evaluate(([n]) => window.bench.profileRuns(n, 1, Infinity, true), [rows]);
    out.profile[rows] = await page.evaluate(([n, r, m]) => window.bench.profileRuns(n, r, m), [rows, runs, maxMs]);
  }
  await context.close();
  return out;
}

async function measureMemory(browser, origin) {
  const out = {};
  // A plain <div> first: what the loop and the measurement themselves leave behind.
  for (const tag of ['div', ...TAGS]) {
    log(`memory: ${MOUNT_CYCLES} × mount/unmount <${tag}>`);
    // A page of its own per element, so one element's leftovers do not count against another.
    const { context, page, cdp } = await openPage(browser, origin, { presence: false });
    await page.evaluate(([t]) => window.bench.mountCycles(t, 20), [tag]); // warm-up: first-use allocations
    await page.evaluate(([ms]) => window.bench.pendingAfter(ms), [tag === 'passkey-upgrade' ? 3000 : 300]);
    const listenersBefore = await listeners(cdp);
    const before = await heap(cdp);
    const run = await page.evaluate(([t, n]) => window.bench.mountCycles(t, n), [tag, MOUNT_CYCLES]);
    // Aborted requests settle, and timers of removed elements (the upgrade card waits 2.5 s) fire.
    const pending = await page.evaluate(
      ([ms]) => window.bench.pendingAfter(ms),
      [tag === 'passkey-upgrade' ? 3000 : 300],
    );
    const after = await heap(cdp);
    const listenersAfter = await listeners(cdp);
    const counts = await page.evaluate(() => window.bench.counts());
    out[tag] = {
      cycles: run.cycles,
      started: run.started,
      cycleMs: run.ms / run.cycles,
      heapBefore: before,
      heapAfter: after,
      growthBytes: after - before,
      listenersBefore,
      listenersAfter,
      pending,
      conditionalGets: counts.get.conditional,
      conditionalCreates: counts.create.conditional,
    };
    await context.close();
  }
  return out;
}

// ---------------------------------------------------------------- report

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The three tables and the (informational) budget lines, as printed lines. */
export function formatBrowser(results) {
  const lines = [];
  const { clicks, render, memory } = results;

  const { cpus: cores, loadBefore, loadAfter } = results.machine;
  lines.push(
    '',
    `Browser: Chromium ${results.chromium}, ${cores} cores, load average ${fmt(loadBefore)} → ${fmt(loadAfter)}, ${fmt(results.seconds, 0)} s`,
  );
  lines.push(
    '',
    'Click → prompt (the pointer rests on the button first, as a user’s does; median of n runs; requests counted by a fetch wrapper / by resource entries)',
    '',
  );
  lines.push('| element | n | requests | request paths | script ms (p90) | of it network ms | completed |');
  lines.push('| --- | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const [name, r] of Object.entries(clicks).filter(([k]) => k !== 'ceremonies')) {
    lines.push(
      `| ${name} | ${r.n} | ${r.requests} / ${r.resourceEntries} (max ${r.maxRequests}) | ${r.paths.join(', ') || '—'} | ${fmt(r.ms)} (${fmt(r.p90)}) | ${fmt(r.networkMs)} | ${r.completed}/${r.n}${r.skipped.length ? `, ${r.skipped.length} skipped` : ''} |`,
    );
  }

  lines.push('', 'Render (median; update = create + append + updateComplete; + layout forces style and layout)', '');
  lines.push('| element | n | cold ms | update ms | + layout ms |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const [tag, r] of Object.entries(render.elements)) {
    lines.push(`| ${tag} | ${r.n - 1} | ${fmt(r.cold, 2)} | ${fmt(r.update, 2)} | ${fmt(r.layout, 2)} |`);
  }
  lines.push(
    '',
    '| profile rows | n | list → rows in shadow DOM ms | + layout ms | innerHTML ms | + layout ms | × innerHTML | × with layout |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [rows, r] of Object.entries(render.profile)) {
    lines.push(
      `| ${rows} | ${r.n} | ${fmt(r.rows)} | ${fmt(r.layout)} | ${fmt(r.plain)} | ${fmt(r.plainLayout)} | ${fmt(r.rows / r.plain, 2)} | ${fmt(r.layout / r.plainLayout, 2)} |`,
    );
  }

  lines.push('', `Memory (${MOUNT_CYCLES} mount/unmount cycles, heap after forced GC)`, '');
  lines.push(
    '| element | started | ms/cycle | heap growth | window listeners | document listeners | pending get/create after |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [tag, r] of Object.entries(memory)) {
    lines.push(
      `| ${tag === 'div' ? 'plain <div> (control)' : tag} | ${r.started}/${r.cycles} | ${fmt(r.cycleMs, 2)} | ${fmt(r.growthBytes / 1024)} KB | ${r.listenersBefore.window} → ${r.listenersAfter.window} | ${r.listenersBefore.document} → ${r.listenersAfter.document} | ${r.pending.get}/${r.pending.create} |`,
    );
  }

  lines.push('', 'Browser budgets (reported, not gated)', '');
  for (const b of results.budgets) {
    lines.push(`${b.ok ? 'ok  ' : 'over'} ${b.name}: ${b.value} (budget ${b.budget})`);
  }
  return lines;
}

function checkBudgets(results, budgets) {
  const series = Object.entries(results.clicks).filter(([name]) => name !== 'ceremonies');
  const maxRequests = Math.max(...series.map(([, r]) => r.maxRequests));
  const r100 = results.render.profile[100];
  const memory = Object.entries(results.memory).filter(([tag]) => tag !== 'div');
  const checks = [
    {
      name: 'clickToPromptRequests (every element, max over runs)',
      value: maxRequests,
      budget: `≤ ${budgets.clickToPromptRequests}`,
      ok: maxRequests <= budgets.clickToPromptRequests,
    },
    {
      name: 'render100RowsMs (<passkey-user-profile>, median)',
      value: `${r100.rows.toFixed(1)} ms`,
      budget: `≤ ${budgets.render100RowsMs} ms`,
      ok: r100.rows <= budgets.render100RowsMs,
    },
    ...memory.map(([tag, r]) => ({
      name: `memoryGrowthBytes (<${tag}>, ${r.cycles} cycles)`,
      value: `${(r.growthBytes / 1024).toFixed(1)} KB`,
      budget: `≤ ${(budgets.memoryGrowthBytes / 1024).toFixed(0)} KB`,
      ok: r.growthBytes <= budgets.memoryGrowthBytes,
    })),
    {
      name: 'no listeners or pending ceremonies left after unmount',
      value:
        memory
          .filter(
            ([, r]) =>
              r.listenersAfter.window > r.listenersBefore.window ||
              r.listenersAfter.document > r.listenersBefore.document ||
              r.pending.get + r.pending.create > 0,
          )
          .map(([tag]) => tag)
          .join(', ') || 'none left',
      budget: 'none',
      ok: memory.every(
        ([, r]) =>
          r.listenersAfter.window <= r.listenersBefore.window &&
          r.listenersAfter.document <= r.listenersBefore.document &&
          r.pending.get + r.pending.create === 0,
      ),
    },
  ];
  return checks;
}

/** Runs the browser benchmarks; prints nothing but progress (see formatBrowser). */
export async function measureBrowser(budgets) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/browser.mjs` or set CHROME_PATH.');
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const server = await startServer();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const results = { chromium: browser.version(), origin: server.origin };
    results.clicks = await measureClicks(browser, server.origin);
    results.render = await measureRender(browser, server.origin);
    results.memory = await measureMemory(browser, server.origin);
    results.budgets = checkBudgets(results, budgets);
    results.seconds = (Date.now() - started) / 1000;
    results.machine = { cpus: cpus().length, loadBefore, loadAfter: loadavg()[0] };
    return results;
  } finally {
    await browser.close();
    await server.close();
  }
}
