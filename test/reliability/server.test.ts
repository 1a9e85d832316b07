// Failure matrix, server rows (docs/reliability.md, S1–S36): the REST adapter against
// the reference backend and the test server's /fault/… routes.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import '../../src/passkey-user-profile.js';
import type {
  AuthenticationResponseJSON,
  PasskeyAdapter,
  PasskeyButtonElement,
  PasskeyErrorCode,
  PasskeySignInElement,
  PasskeyUserProfileElement,
  PublicKeyCredentialRequestOptionsJSON,
} from '../../src/index.js';
import { createRestAdapter } from '../../src/index.js';
import {
  autofillWaiting,
  backendUser,
  currentUser,
  observe,
  registerUser,
  seedPasskeys,
  setPresence,
  signOut,
  spentOptionsFirst,
  uniqueUsername,
  until,
  useVirtualAuthenticator,
} from '../helpers/authenticator.js';
import { buttonOf, ENDPOINT, hasPrefetched, loadedProfile, readyCard } from '../helpers/elements.js';
import {
  MESSAGES,
  REGISTERED,
  SIGNED_IN,
  eventually,
  expectAnnounced,
  faultLog,
  liveText,
  challengeOf,
  recordAnnouncements,
  recordEvents,
  recordFetches,
  sleep,
  type RecordedEvent,
  usePageWatch,
} from '../helpers/reliability.js';

const userOf = (event: RecordedEvent) =>
  (event.detail as { result: { user: { username: string } } }).result.user.username;
const rowNames = (el: PasskeyUserProfileElement) =>
  [...el.shadowRoot!.querySelectorAll('[part="row"] [part~="name"]')].map((n) => n.textContent.trim());

async function signInButton(endpoint: string) {
  return fixture<PasskeyButtonElement>(html`<passkey-button endpoint=${endpoint}></passkey-button>`);
}

describe('reliability: server', () => {
  const page = usePageWatch();
  const authenticator = useVirtualAuthenticator();
  let observer: ReturnType<typeof observe> | undefined;
  let fetches: ReturnType<typeof recordFetches> | undefined;

  afterEach(async () => {
    observer?.restore();
    observer = undefined;
    fetches?.restore();
    fetches = undefined;
  });

  /**
   * The common shape of a failing sign-in: `endpoint` fails with `code` before
   * any browser prompt; nothing changes on the server; with the real endpoint
   * the same button signs in.
   */
  async function signInFailsThenWorks(endpoint: string, code: PasskeyErrorCode) {
    const { username } = await registerUser();
    const el = await signInButton(endpoint);
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code, message: MESSAGES[code], action: 'sign-in' });
    await expectAnnounced(el, MESSAGES[code]);
    expect(el.getAttribute('state')).to.equal('error');
    // Nothing lost: no prompt was shown, no session, the passkey is unused on the server.
    expect(observer.calls).to.have.length(0);
    expect(await currentUser()).to.equal(null);
    expect((await backendUser(username))!.passkeys[0].lastUsedAt).to.equal(undefined);

    el.endpoint = ENDPOINT;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    expect(rec.codes()).to.deep.equal([code]);
    await page.expectClean();
  }

  // With a JSON error body the body's code wins; the test backend sends the code a
  // real server would use with each status.
  const withBody: [number, PasskeyErrorCode][] = [
    [400, 'verification-failed'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'unknown-credential'],
    [409, 'already-registered'],
    [429, 'rate-limited'],
    [500, 'server'],
    [503, 'server'],
  ];
  // Without a body the status decides: 401 unauthorized, 429 rate-limited, anything else server.
  const withoutBody: [number, PasskeyErrorCode][] = [
    [400, 'server'],
    [401, 'unauthorized'],
    [403, 'server'],
    [404, 'server'],
    [409, 'server'],
    [429, 'rate-limited'],
    [500, 'server'],
    [503, 'server'],
  ];
  withBody.forEach(([status, code], i) => {
    it(`S${i + 1} HTTP ${status} with a JSON error body → \`${code}\``, async () => {
      await signInFailsThenWorks(`/fault/status/${status}/json`, code);
    });
  });
  withoutBody.forEach(([status, code], i) => {
    it(`S${i + 9} HTTP ${status} without a body → \`${code}\``, async () => {
      await signInFailsThenWorks(`/fault/status/${status}/empty`, code);
    });
  });

  it('S17 an HTML error page (500 text/html) → `server`', async () => {
    await signInFailsThenWorks('/fault/html-500', 'server');
  });

  it('S18 malformed JSON (200) → `server`', async () => {
    await signInFailsThenWorks('/fault/malformed', 'server');
  });

  it('S19 JSON of the wrong shape (an array for options) → `server`', async () => {
    await signInFailsThenWorks('/fault/wrong-shape', 'server');
  });

  it('S20 options without a challenge → `invalid-options`', async () => {
    await signInFailsThenWorks('/fault/no-challenge', 'invalid-options');
  });

  it('S21 options without a challenge, in the sign-in card → `invalid-options` once, no request loop', async () => {
    const { username } = await registerUser();
    await setPresence(authenticator.id, false);
    observer = observe();
    const el = await readyCard(html`<passkey-sign-in endpoint="/fault/no-challenge"></passkey-sign-in>`);
    const rec = recordEvents(el);
    await sleep(1000);

    // The prefetched options are unusable: at most one report, and the card does not keep re-fetching.
    expect(rec.codes().length).to.be.at.most(1);
    expect(observer.fetches).to.be.at.most(3);
    expect(observer.calls).to.have.length(0);

    const before = rec.events.length;
    buttonOf(el).click();
    const failed = await rec.next('passkey-error', before);
    expect(failed.detail).to.deep.equal({
      code: 'invalid-options',
      message: MESSAGES['invalid-options'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['invalid-options']);
    expect(observer.calls).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    await setPresence(authenticator.id, true);
    el.endpoint = ENDPOINT;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  for (const [row, fault, what] of [
    ['S22', 'list-not-array', 'a passkey list that is not an array'],
    ['S23', 'passkey-without-id', 'a passkey without an id'],
  ] as const) {
    it(`${row} ${what} on reload → \`server\`, the shown list kept, and the retry reloads`, async () => {
      const { username } = await registerUser(undefined, { stay: true });
      await seedPasskeys(username, [{ name: 'Second' }]);
      // One adapter whose server turns faulty: a reload that fails, not another adapter.
      const server = { endpoint: ENDPOINT };
      const adapter = {
        ...createRestAdapter({ endpoint: ENDPOINT }),
        listPasskeys: (ctx: { signal: AbortSignal }) => createRestAdapter(server).listPasskeys!(ctx),
      };
      const el = await loadedProfile(adapter);
      const rec = recordEvents(el);
      const before = rowNames(el);
      expect(before).to.have.members(['Passkey', 'Second']);

      server.endpoint = `/fault/${fault}`;
      await el.refresh();
      const failed = await rec.next('passkey-error');

      expect(failed.detail).to.deep.equal({ code: 'server', message: MESSAGES.server, action: 'list' });
      await expectAnnounced(el, MESSAGES.server);
      // Nothing lost: the rows shown are the same, in the same order; the server is untouched.
      expect(rowNames(el)).to.deep.equal(before);
      expect((await backendUser(username))!.passkeys.map((p) => p.name).sort()).to.deep.equal(['Passkey', 'Second']);

      server.endpoint = ENDPOINT;
      await el.refresh();
      expect(rowNames(el)).to.deep.equal(before);
      expect(rec.codes()).to.deep.equal(['server']);
      await page.expectClean();
    });
  }

  it('S24 a hung request, element removed → request aborted, `aborted`', async () => {
    const { username } = await registerUser();
    const el = await signInButton('/fault/hang');
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    fetches = recordFetches();

    buttonOf(el).click();
    await until(() => fetches!.requests.length === 1, 'the options request');
    await sleep(300);
    expect(el.getAttribute('state')).to.equal('pending');
    el.remove();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(liveText(el)).to.equal(MESSAGES.aborted);
    const [request] = fetches.requests;
    expect(request.url).to.contain('/fault/hang/authentication/options');
    expect(request.signal?.aborted).to.equal(true);
    await until(() => request.settled === 'AbortError', 'the fetch to reject');
    // The server saw the client give up.
    const path = new URL(request.url, location.href).pathname;
    await eventually(async () => (await faultLog(path)).some((e) => e.closed), 'the server to see the request closed');

    el.endpoint = ENDPOINT;
    parent.append(el);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    expect(rec.codes()).to.deep.equal(['aborted']);
    await page.expectClean();
  });

  it('S25 a hung prefetch in the sign-in card: the click’s own request hangs too; removal aborts both', async () => {
    const { username } = await registerUser();
    fetches = recordFetches();
    const el = await readyCard(html`<passkey-sign-in endpoint="/fault/hang"></passkey-sign-in>`);
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    await until(() => fetches!.requests.length === 1, 'the prefetch');

    buttonOf(el).click();
    await until(() => fetches!.requests.length === 2, 'the click’s own options request');
    await sleep(300);
    await expectAnnounced(el, 'Waiting for your passkey…');
    el.remove();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(liveText(el)).to.equal(MESSAGES.aborted);
    expect(fetches.requests.map((r) => r.signal?.aborted)).to.deep.equal([true, true]);
    await until(() => fetches!.requests.every((r) => r.settled === 'AbortError'), 'both fetches to reject');

    // Presence off while it comes back, so autofill waits; then the click signs in.
    await setPresence(authenticator.id, false);
    el.endpoint = ENDPOINT;
    parent.append(el);
    await until(() => hasPrefetched(el), 'fresh options');
    await setPresence(authenticator.id, true);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('S26 connection refused → `network`', async () => {
    await signInFailsThenWorks('http://127.0.0.1:9/api/passkeys', 'network');
  });

  it('S27 a slow reply, element removed before it arrives (REST adapter) → only `aborted`, the request is dropped', async () => {
    const { username } = await registerUser();
    const el = await signInButton('/fault/slow/1500');
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    observer = observe();
    fetches = recordFetches();

    buttonOf(el).click();
    await until(() => fetches!.requests.length === 1, 'the options request');
    el.remove();
    const failed = await rec.next('passkey-error');
    await sleep(2000); // past the moment the reply would have come

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(rec.types()).to.deep.equal(['passkey-error']);
    expect(observer.calls).to.have.length(0);
    expect(liveText(el)).to.equal(MESSAGES.aborted);
    const log = await faultLog(new URL(fetches.requests[0].url, location.href).pathname);
    expect(log.map((e) => [e.closed, e.answered])).to.deep.equal([[true, false]]);

    el.endpoint = ENDPOINT;
    parent.append(el);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('S28 a slow reply that arrives after removal (adapter ignores its signal) → only `aborted`, no prompt', async () => {
    const { username } = await registerUser();
    const slow = createRestAdapter({ endpoint: '/fault/slow/1000' });
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    let arrived = 0;
    let useSlow = true;
    const adapter: PasskeyAdapter = {
      ...rest,
      // Deliberately ignores `ctx.signal`: the reply comes back whatever the element wants.
      getAuthenticationOptions: async (input, ctx) => {
        if (!useSlow) return rest.getAuthenticationOptions(input, ctx);
        const options = await slow.getAuthenticationOptions(input, { signal: new AbortController().signal });
        arrived++;
        return options;
      },
    };
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${adapter}></passkey-button>`);
    const parent = el.parentElement!;
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    await sleep(200);
    el.remove();
    await until(() => arrived === 1, 'the slow reply');
    const failed = await rec.next('passkey-error');
    await sleep(300);

    expect(failed.detail).to.deep.equal({ code: 'aborted', message: MESSAGES.aborted, action: 'sign-in' });
    expect(rec.types()).to.deep.equal(['passkey-error']);
    // The late options never reach the browser: no prompt for an element that is gone.
    expect(observer.calls).to.have.length(0);
    expect(await currentUser()).to.equal(null);

    useSlow = false;
    parent.append(el);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('S29 a slow reply while the element stays → the ceremony completes', async () => {
    const { username } = await registerUser();
    const el = await signInButton('/fault/slow/800');
    const rec = recordEvents(el);

    buttonOf(el).click();
    await sleep(300);
    await expectAnnounced(el, 'Waiting for your passkey…');
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);

    await signOut();
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    expect(rec.codes()).to.deep.equal([]);
    await page.expectClean();
  });

  it('S30 a replayed assertion → 400 `verification-failed`, no session', async () => {
    const { username } = await registerUser();
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    let captured: AuthenticationResponseJSON | undefined;
    let replay = false;
    const adapter: PasskeyAdapter = {
      ...rest,
      verifyAuthentication: (response, ctx) => {
        if (!replay) captured = response;
        return rest.verifyAuthentication(replay ? captured! : response, ctx);
      },
    };
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${adapter}></passkey-button>`);
    const rec = recordEvents(el);
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);
    await signOut();

    // Posted again as is: the reference backend refuses it (its challenge was used).
    const direct = await fetch(`${ENDPOINT}/authentication/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'passkey-elements' },
      body: JSON.stringify(captured),
    });
    expect(direct.status).to.equal(400);
    expect(((await direct.json()) as { error: { code: string } }).error.code).to.equal('verification-failed');
    expect(await currentUser()).to.equal(null);

    // Through the element: the fresh assertion is swapped for the captured one.
    replay = true;
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');
    expect(failed.detail).to.deep.equal({
      code: 'verification-failed',
      message: MESSAGES['verification-failed'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['verification-failed']);
    expect(await currentUser()).to.equal(null);

    replay = false;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 2))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('S31 an expired challenge (used options replayed) in the button → `verification-failed`', async () => {
    const { username } = await registerUser();
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    let old: PublicKeyCredentialRequestOptionsJSON | undefined;
    let stale = false;
    const adapter: PasskeyAdapter = {
      ...rest,
      getAuthenticationOptions: async (input, ctx) => {
        if (stale) return old!;
        return (old = await rest.getAuthenticationOptions(input, ctx));
      },
    };
    const el = await fixture<PasskeyButtonElement>(html`<passkey-button .adapter=${adapter}></passkey-button>`);
    const rec = recordEvents(el);
    buttonOf(el).click();
    await rec.next('passkey-signed-in');
    await signOut();
    observer = observe();

    stale = true;
    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    // The button fetched nothing stale of its own accord: it reports, it does not retry.
    expect(failed.detail).to.deep.equal({
      code: 'verification-failed',
      message: MESSAGES['verification-failed'],
      action: 'sign-in',
    });
    await expectAnnounced(el, MESSAGES['verification-failed']);
    expect(observer.calls).to.have.length(1);
    expect(await currentUser()).to.equal(null);

    stale = false;
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 2))).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    await page.expectClean();
  });

  it('S32 an expired challenge in the sign-in card’s prefetched options → one silent retry, signed in', async () => {
    const { username } = await registerUser();
    const { adapter, spent, calls } = await spentOptionsFirst(createRestAdapter({ endpoint: ENDPOINT }));
    await setPresence(authenticator.id, false);
    observer = observe();
    const el = await readyCard(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`);
    const rec = recordEvents(el);
    // Autofill waits with the stale options (no presence); then the click takes them.
    await autofillWaiting(observer!);
    await setPresence(authenticator.id, true);

    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in'))).to.equal(username);

    expect(rec.codes()).to.deep.equal([]);
    const modal = observer.calls.filter((c) => !c.mediation);
    expect(modal).to.have.length(2);
    expect(challengeOf(modal[0])).to.equal(spent.challenge);
    expect(challengeOf(modal[1])).to.not.equal(spent.challenge);
    await expectAnnounced(el, SIGNED_IN);

    await signOut();
    await until(() => calls() >= 2, 'options');
    buttonOf(el).click();
    expect(userOf(await rec.next('passkey-signed-in', 1))).to.equal(username);
    await page.expectClean();
  });

  it('S33 registering an existing username while signed out → `username-taken`', async () => {
    const { username } = await registerUser();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" endpoint=${ENDPOINT} username=${username}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'username-taken',
      message: MESSAGES['username-taken'],
      action: 'register',
    });
    await expectAnnounced(el, MESSAGES['username-taken']);
    expect(observer.calls).to.have.length(0);
    expect((await backendUser(username))!.passkeys).to.have.length(1);

    const other = uniqueUsername();
    el.username = other;
    buttonOf(el).click();
    await rec.next('passkey-registered');
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(other))!.passkeys).to.have.length(1);
    await page.expectClean();
  });

  it('S34 an expired challenge in the card’s autofill → `verification-failed` said, then fresh options and autofill again', async () => {
    const { username } = await registerUser();
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    const spent = await rest.getAuthenticationOptions({}, { signal: new AbortController().signal });
    const { startAuthentication } = await import('@simplewebauthn/browser');
    await rest.verifyAuthentication(await startAuthentication({ optionsJSON: spent }), {
      signal: new AbortController().signal,
    });
    await signOut();
    let calls = 0;
    const adapter: PasskeyAdapter = {
      ...rest,
      getAuthenticationOptions: async (input, ctx) =>
        ++calls === 1 ? spent : rest.getAuthenticationOptions(input, ctx),
    };
    observer = observe();
    // Presence on: the virtual authenticator answers autofill at once, as if the user picked the passkey.
    const el = await fixture<PasskeySignInElement>(html`<passkey-sign-in .adapter=${adapter}></passkey-sign-in>`);
    const rec = recordEvents(el);
    const said = recordAnnouncements(el);

    const signedIn = await rec.next('passkey-signed-in');

    // No silent retry for autofill (it would need the user to pick again): the failure is said, the card
    // fetches fresh options, and the next autofill answer signs in.
    expect(rec.types()).to.deep.equal(['passkey-error', 'passkey-signed-in']);
    expect(rec.events[0].detail).to.deep.equal({
      code: 'verification-failed',
      message: MESSAGES['verification-failed'],
      action: 'sign-in',
    });
    expect(said).to.include(MESSAGES['verification-failed']);
    expect(userOf(signedIn)).to.equal(username);
    await expectAnnounced(el, SIGNED_IN);
    expect(observer.calls.map((c) => c.mediation)).to.deep.equal(['conditional', 'conditional']);
    expect(challengeOf(observer.calls[1])).to.not.equal(spent.challenge);
    await page.expectClean();
  });

  it('S35 connection cut in the middle of the reply body → `network`', async () => {
    await signInFailsThenWorks('/fault/reset', 'network');
  });

  it('S36 options with a credential id that is not base64url → `invalid-options`', async () => {
    const { username } = await registerUser(undefined, { stay: true });
    const rest = createRestAdapter({ endpoint: ENDPOINT });
    let broken = true;
    const adapter: PasskeyAdapter = {
      ...rest,
      getRegistrationOptions: async (input, ctx) => {
        const options = await rest.getRegistrationOptions(input, ctx);
        // Five characters: no base64 string has that length.
        return broken ? { ...options, excludeCredentials: [{ id: 'abcde', type: 'public-key' }] } : options;
      },
    };
    await authenticator.replace();
    const el = await fixture<PasskeyButtonElement>(
      html`<passkey-button action="register" .adapter=${adapter}></passkey-button>`,
    );
    const rec = recordEvents(el);
    observer = observe();

    buttonOf(el).click();
    const failed = await rec.next('passkey-error');

    expect(failed.detail).to.deep.equal({
      code: 'invalid-options',
      message: MESSAGES['invalid-options'],
      action: 'register',
    });
    await expectAnnounced(el, MESSAGES['invalid-options']);
    expect(observer.calls).to.have.length(0);
    expect((await backendUser(username))!.passkeys).to.have.length(1);

    broken = false;
    buttonOf(el).click();
    await rec.next('passkey-registered');
    await expectAnnounced(el, REGISTERED);
    expect((await backendUser(username))!.passkeys).to.have.length(2);
    await page.expectClean();
  });
});
