// In-page side of bench/browser.mjs. A classic script, loaded before the
// elements: it wraps `fetch` and `navigator.credentials.get/create` so the
// bench can see, from inside the page, what happens between a click and the
// browser's passkey prompt, and it holds the render and mount/unmount loops
// (run there so no DevTools round trip sits inside a measurement).
(() => {
  'use strict';
  const now = () => performance.now();
  performance.setResourceTimingBufferSize(100000);

  const state = {
    fetchStarted: 0,
    fetchSettled: 0,
    // Per kind: calls, the conditional (autofill / silent create) ones, and those not settled yet.
    get: { calls: 0, conditional: 0, modal: 0, pending: 0, pendingConditional: 0, resolved: 0, rejected: 0 },
    create: { calls: 0, conditional: 0, modal: 0, pending: 0, pendingConditional: 0, resolved: 0, rejected: 0 },
    /** The click being measured: set by arm(), filled in by the click listener and the wrappers. */
    armed: undefined,
    errors: [],
  };

  // ---- fetch ---------------------------------------------------------------
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    state.fetchStarted++;
    const armed = state.armed;
    let record;
    if (armed && armed.clickAt !== undefined && armed.callAt === undefined) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      record = { path: new URL(url, location.href).pathname, start: now(), end: undefined };
      armed.fetches.push(record);
    }
    const promise = originalFetch.call(this, input, init);
    promise.then(
      () => {
        state.fetchSettled++;
        if (record) record.end = now();
      },
      () => state.fetchSettled++,
    );
    return promise;
  };

  // ---- navigator.credentials -----------------------------------------------
  const container = navigator.credentials;
  for (const kind of ['get', 'create']) {
    const original = container[kind].bind(container);
    container[kind] = function (options) {
      const at = now();
      const counts = state[kind];
      const conditional = options?.mediation === 'conditional';
      counts.calls++;
      if (conditional) counts.conditional++;
      else counts.modal++;
      const armed = state.armed;
      if (armed && !conditional && armed.clickAt !== undefined && armed.callAt === undefined) {
        armed.callAt = at;
        armed.kind = kind;
        armed.requests = state.fetchStarted - armed.fetchesAtClick;
        // Cross-check: resource entries that started between the click and now.
        armed.resources = performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime >= armed.clickAt && e.startTime <= at).length;
      }
      counts.pending++;
      if (conditional) counts.pendingConditional++;
      const settle = (ok) => {
        counts.pending--;
        if (conditional) counts.pendingConditional--;
        if (ok) counts.resolved++;
        else counts.rejected++;
      };
      let promise;
      try {
        promise = original(options);
      } catch (error) {
        settle(false);
        throw error;
      }
      promise.then(
        () => settle(true),
        () => settle(false),
      );
      return promise;
    };
  }

  // The click, as early as the page can see it: a capture listener on document.
  document.addEventListener(
    'click',
    (event) => {
      const armed = state.armed;
      if (!armed || armed.clickAt !== undefined) return;
      armed.clickAt = now();
      armed.eventTimeStamp = event.timeStamp;
      armed.fetchesAtClick = state.fetchStarted;
    },
    true,
  );
  document.addEventListener('passkey-error', (event) => {
    if (state.errors.length < 50) state.errors.push(event.detail?.code);
  });

  // ---- helpers -------------------------------------------------------------
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  /** Yields to the event loop for one task, without setTimeout's clamping. */
  const nextTask = () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const stage = () => document.getElementById('stage');
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };

  /** Waits until `test()` is truthy, checking after every task; false after `timeout` ms. */
  async function until(test, timeout = 1000) {
    const end = now() + timeout;
    while (!test()) {
      if (now() > end) return false;
      await nextTask();
    }
    return true;
  }

  const b64url = (bytes) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const challenge = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

  // Real AAGUIDs, so rows show provider names from the bundled table.
  const AAGUIDS = [
    'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', // Apple Passwords
    'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', // Google Password Manager
    'bada5566-a7aa-401f-bd96-45619a55120d', // 1Password
    undefined,
  ];
  const DAY = 24 * 3600_000;

  /** `n` passkeys of every kind, some never used. */
  function makePasskeys(n) {
    const base = Date.now();
    return Array.from({ length: n }, (_, i) => ({
      id: `pk-${i}`,
      credentialId: `cred-${i}`,
      name: `Passkey ${i + 1}`,
      createdAt: new Date(base - (i + 1) * 3 * DAY).toISOString(),
      lastUsedAt: i % 3 === 2 ? undefined : new Date(base - i * 3600_000).toISOString(),
      aaguid: AAGUIDS[i % AAGUIDS.length],
      backedUp: i % 2 === 0,
      deviceType: i % 2 === 0 ? 'multiDevice' : 'singleDevice',
      transports: i % 4 === 3 ? ['usb'] : ['internal', 'hybrid'],
    }));
  }

  /** An adapter that answers at once, without network. */
  function stubAdapter(passkeys = makePasskeys(3)) {
    const rpId = location.hostname;
    const passkey = makePasskeys(1)[0];
    return {
      getAuthenticationOptions: () =>
        Promise.resolve({ challenge: challenge(), rpId, timeout: 60000, userVerification: 'preferred' }),
      verifyAuthentication: () => Promise.resolve({}),
      getRegistrationOptions: () =>
        Promise.resolve({
          challenge: challenge(),
          rp: { id: rpId, name: 'bench' },
          user: { id: b64url(new TextEncoder().encode('bench-user')), name: 'bench', displayName: 'Bench' },
          pubKeyCredParams: [
            { type: 'public-key', alg: -7 },
            { type: 'public-key', alg: -257 },
          ],
          timeout: 60000,
          attestation: 'none',
          authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
          excludeCredentials: [],
        }),
      verifyRegistration: () => Promise.resolve(passkey),
      listPasskeys: () => Promise.resolve(passkeys),
      renamePasskey: (id, name) => Promise.resolve({ ...passkey, id, name }),
      deletePasskey: () => Promise.resolve(),
    };
  }

  function create(tag, attributes = {}, adapter) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    if (adapter) el.adapter = adapter;
    return el;
  }

  // ---- click → prompt ------------------------------------------------------

  /** Replaces the stage's content with one element; resolves once it rendered. */
  async function mount(tag, attributes) {
    stage().replaceChildren();
    const el = create(tag, attributes);
    stage().append(el);
    await el.updateComplete;
    return true;
  }

  function arm() {
    performance.clearResourceTimings();
    state.errors.length = 0;
    state.armed = { fetches: [] };
  }

  /** What the armed click saw, once the prompt was asked for (undefined before). */
  function armedResult() {
    const a = state.armed;
    if (!a || a.callAt === undefined) return undefined;
    // Time on the network between the click and the prompt (union of the fetches' spans).
    let network = 0;
    let reach = a.clickAt;
    for (const f of [...a.fetches].sort((x, y) => x.start - y.start)) {
      const end = f.end ?? a.callAt;
      if (end > reach) {
        network += end - Math.max(f.start, reach);
        reach = end;
      }
    }
    return {
      kind: a.kind,
      ms: a.callAt - a.clickAt,
      requests: a.requests,
      resources: a.resources,
      paths: a.fetches.map((f) => f.path),
      networkMs: network,
    };
  }

  function signOut() {
    return originalFetch('/api/passkeys/session/sign-out', {
      method: 'POST',
      headers: { 'X-Requested-With': 'passkey-elements' },
    }).then((r) => r.status);
  }

  /** The `state` attribute of the element under test (or of the button inside the profile). */
  function ceremonyState(selector) {
    let el = stage().querySelector(selector.split(' ')[0]);
    if (selector.includes(' ')) el = el?.shadowRoot?.querySelector(selector.split(' ')[1]);
    return el?.getAttribute('state') ?? undefined;
  }

  // ---- render ----------------------------------------------------------------

  const setups = {
    'passkey-button': () => create('passkey-button', {}, stubAdapter()),
    'passkey-sign-in': () => create('passkey-sign-in', {}, stubAdapter()),
    'passkey-user-profile': () => create('passkey-user-profile', {}, stubAdapter()),
    'passkey-upgrade': () => create('passkey-upgrade', { username: 'bench', manual: '' }, stubAdapter()),
  };

  /** Create, append, first `updateComplete`; then the same plus style and layout. */
  async function renderRuns(tag, runs) {
    const update = [];
    const layout = [];
    for (let i = 0; i < runs; i++) {
      const t0 = now();
      const el = setups[tag]();
      stage().append(el);
      await el.updateComplete;
      const t1 = now();
      void document.body.offsetHeight; // style + layout
      const t2 = now();
      update.push(t1 - t0);
      layout.push(t2 - t0);
      el.remove();
      await nextTask();
    }
    return { n: runs, cold: update[0], update: median(update.slice(1)), layout: median(layout.slice(1)) };
  }

  const esc = (s) =>
    String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const NAMES = {
    fbfc3007154e4ecc8c0b6e020557d7bd: 'Apple Passwords',
    ea9b8d664d011d213ce4b6b48cb575d4: 'Google Password Manager',
    bada5566a7aa401fbd9645619a55120d: '1Password',
  };
  const ICON =
    '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><rect x="4" y="5" width="16" height="11" rx="1.5"/><path d="M2 19h20"/></svg>';

  /** The same rows as markup strings through innerHTML: the floor for rendering a list. */
  function plainRows(list, into) {
    const t0 = now();
    const rel = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const full = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' });
    const ago = (date) => {
      const diff = date.getTime() - Date.now();
      for (const [unit, ms] of [
        ['year', 365 * DAY],
        ['month', 30 * DAY],
        ['week', 7 * DAY],
        ['day', DAY],
        ['hour', 3600_000],
        ['minute', 60_000],
      ]) {
        if (Math.abs(diff) >= ms) return rel.format(Math.round(diff / ms), unit);
      }
      return rel.format(0, 'minute');
    };
    const time = (iso, label) => {
      const date = new Date(iso);
      const title = esc(full.format(date));
      return `<time datetime="${date.toISOString()}" title="${title}" tabindex="0">${label} ${esc(ago(date))}</time>`;
    };
    let html = '<ul class="list">';
    for (const p of list) {
      const synced = p.backedUp || p.deviceType === 'multiDevice';
      const provider = NAMES[(p.aaguid ?? '').replace(/-/g, '')] ?? (synced ? 'Synced passkey' : 'This device');
      html +=
        `<li class="row" data-id="${esc(p.id)}"><span class="kind" title="${esc(provider)}">${ICON}</span>` +
        `<div class="main"><div class="title"><span class="name" id="name-${esc(p.id)}">${esc(p.name)}</span>` +
        `<span class="badge">${synced ? 'Synced' : 'This device only'}</span></div>` +
        `<div class="meta"><span>${esc(provider)}</span>${time(p.createdAt, 'Created')}` +
        `${p.lastUsedAt ? time(p.lastUsedAt, 'Last used') : '<span>Never used</span>'}</div></div>` +
        `<div class="actions"><button class="small" type="button" data-action="rename">Rename</button>` +
        `<button class="small danger" type="button" data-action="delete">Delete</button></div></li>`;
    }
    into.innerHTML = html + '</ul>';
    const t1 = now();
    void document.body.offsetHeight;
    const t2 = now();
    return { update: t1 - t0, layout: t2 - t0 };
  }

  const rowsOf = (el) => el.shadowRoot?.querySelectorAll('li[part~="row"]').length ?? 0;
  const firstProvider = (el) => el.shadowRoot?.querySelector('li[part~="row"] [part~="meta"] span')?.textContent;

  /**
   * `<passkey-user-profile>` with `n` passkeys: from the moment the adapter's
   * list arrives until the rows are in its shadow DOM (microtasks only, so no
   * frame of the loading skeleton is counted), then the same plus style and
   * layout. The element is mounted and its loading state painted first, with
   * the provider-name table already loaded: what is timed is the rows.
   */
  async function profileRuns(n, runs, maxMs = Infinity, warmUp = false) {
    const list = makePasskeys(n);
    const rows = [];
    const layout = [];
    const plain = [];
    const plainLayout = [];
    const started = now();
    for (let i = 0; i < runs && now() - started < maxMs; i++) {
      let deliver;
      const adapter = { ...stubAdapter(list), listPasskeys: () => new Promise((resolve) => (deliver = resolve)) };
      const el = create('passkey-user-profile', {}, adapter);
      stage().append(el);
      await el.updateComplete;
      if (!(await until(() => deliver, 5000))) throw new Error('profile never asked for its list');
      // Two frames: the skeleton is painted and the provider-name table (cached after the first run) is in.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const t0 = now();
      deliver(list);
      for (let spins = 0; rowsOf(el) !== n; spins++) {
        if (spins > 10000) throw new Error('profile rows never rendered');
        await (el.isUpdatePending ? el.updateComplete : Promise.resolve());
      }
      const t1 = now();
      const named = firstProvider(el)?.trim() === 'Apple Passwords';
      void document.body.offsetHeight;
      const t2 = now();
      if (!named && !warmUp) throw new Error('provider names were not in the rows: the timing would leave them out');
      if (warmUp) await until(() => firstProvider(el)?.trim() === 'Apple Passwords', 5000);
      rows.push(t1 - t0);
      layout.push(t2 - t0);
      el.remove();
      await nextTask();
      const div = document.getElementById('plain');
      const p = plainRows(list, div);
      plain.push(p.update);
      plainLayout.push(p.layout);
      div.replaceChildren();
      await nextTask();
    }
    return {
      n: rows.length,
      rows: median(rows),
      layout: median(layout),
      plain: median(plain),
      plainLayout: median(plainLayout),
    };
  }

  // ---- mount / unmount -------------------------------------------------------

  /**
   * Mounts and removes `tag` `cycles` times, each time waiting until the element
   * got going (sign-in: its autofill request is pending; profile: rows shown;
   * upgrade: its silent create was asked for or its card is up).
   */
  async function mountCycles(tag, cycles) {
    const list = makePasskeys(3);
    let started = 0;
    const t0 = now();
    for (let i = 0; i < cycles; i++) {
      const el =
        tag === 'passkey-upgrade'
          ? create(tag, { username: 'bench' }, stubAdapter(list))
          : create(tag, {}, stubAdapter(list));
      const gets = state.get.conditional;
      const creates = state.create.calls;
      stage().append(el);
      await el.updateComplete;
      let ok = true;
      if (tag === 'passkey-sign-in') ok = await until(() => state.get.conditional > gets, 500);
      else if (tag === 'passkey-user-profile') ok = await until(() => rowsOf(el) === list.length, 500);
      else if (tag === 'passkey-upgrade')
        ok = await until(() => state.create.calls > creates || el.shadowRoot?.querySelector('[part="card"]'), 500);
      if (ok) started++;
      el.remove();
      if (i % 50 === 49) await nextTask();
    }
    return { cycles, started, ms: now() - t0 };
  }

  /** Pending ceremonies, after giving aborted ones time to settle. */
  async function pendingAfter(ms) {
    await sleep(ms);
    return {
      get: state.get.pending,
      getConditional: state.get.pendingConditional,
      create: state.create.pending,
    };
  }

  window.bench = {
    state,
    arm,
    armedResult,
    mount,
    signOut,
    ceremonyState,
    renderRuns,
    profileRuns,
    mountCycles,
    pendingAfter,
    until,
    sleep,
    stubAdapter,
    makePasskeys,
    counts: () => JSON.parse(JSON.stringify({ get: state.get, create: state.create, errors: state.errors })),
    ready: () =>
      Promise.all(
        ['passkey-button', 'passkey-sign-in', 'passkey-user-profile', 'passkey-upgrade'].map((t) =>
          customElements.whenDefined(t),
        ),
      ).then(() => true),
  };
})();
