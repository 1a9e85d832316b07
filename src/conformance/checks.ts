/**
 * The checks of the conformance kit, in the order they run. Each one plays
 * one or more browsers against the REST contract and throws a
 * `CheckFailure` with a short reason (what was sent, what came back, what
 * the contract expects). Accounts have fresh random usernames, so the kit
 * can run again and again against a server that keeps its data.
 */
import { createSoftAuthenticator, randomBase64url } from './authenticator.js';
import type { AnswerOverrides, SoftAuthenticator } from './authenticator.js';
import { ERROR_CODES } from '../core/errors.js';
import { describeReply } from './client.js';
import type { Browser, Reply } from './client.js';

/** A check did not pass; the message says why, in a line. */
export class CheckFailure extends Error {}

export interface CheckContext {
  /** The page origin the browsers claim. */
  readonly origin: string;
  /** A new simulated browser, without cookies. */
  browser(): Browser;
  /** Every reply with an error status so far, from every browser. */
  readonly errorReplies: readonly Reply[];
  /** Whether the server has the optional session endpoints (`GET /session`). */
  hasSessionEndpoints(): Promise<boolean>;
  /** Made once per run and shared by the checks that only read it. */
  fixture<T>(name: string, make: () => Promise<T>): Promise<T>;
}

export interface Check {
  name: string;
  /** Resolves to a reason when the check does not apply to this server (skipped). */
  run(ctx: CheckContext): Promise<void | string>;
}

type Json = Record<string, unknown>;

/** An account made by signing up, signed in in its own browser. */
interface Account {
  username: string;
  browser: Browser;
  authenticator: SoftAuthenticator;
  /** The registration verify reply. */
  passkey: Json;
  /** The relying party id of the sign-up options. */
  rpId: string;
  signUpReply: Reply;
}

// ---------------------------------------------------------------- expectations

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(detail: string): never {
  throw new CheckFailure(detail);
}

const quote = (text: string) => (text.length > 90 ? `${text.slice(0, 87)}...` : text);
const what = (reply: Reply, label?: string) => (label ? `${reply.request} (${label})` : reply.request);
const seen = (reply: Reply) => `${describeReply(reply)}${reply.message ? `: "${quote(reply.message)}"` : ''}`;

function expectStatus(reply: Reply, status: number, label?: string): void {
  if (reply.status !== status) fail(`${what(reply, label)}: expected ${status}, got ${seen(reply)}`);
}

/** An error reply: `status` exactly, or any 4xx; `code` in the envelope; `reason` when given. */
function expectError(reply: Reply, status: number | '4xx', code: string, label?: string, reason?: string): void {
  const statusOk = status === '4xx' ? reply.status >= 400 && reply.status < 500 : reply.status === status;
  if (statusOk && reply.code === code && (reason === undefined || reply.reason === reason)) return;
  const expected = `${status} ${code}${reason ? ` (${reason})` : ''}`;
  fail(`${what(reply, label)}: expected ${expected}, got ${seen(reply)}`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const isIsoDate = (value: unknown) => typeof value === 'string' && ISO_DATE.test(value) && !isNaN(Date.parse(value));
// What a passkey in a reply must never carry: the key, the counter.
const SECRET_FIELDS = ['publicKey', 'credentialPublicKey', 'counter', 'signCount'];

/** Why `value` is not a `Passkey` of the contract, or undefined when it is one. */
function passkeyProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (!(typeof value.id === 'string' ? value.id !== '' : typeof value.id === 'number')) return 'no id';
  if (typeof value.name !== 'string') return 'no name';
  if (!isIsoDate(value.createdAt)) return `createdAt ${JSON.stringify(value.createdAt)} is not an ISO 8601 date`;
  if (value.lastUsedAt !== undefined && !isIsoDate(value.lastUsedAt)) {
    return `lastUsedAt ${JSON.stringify(value.lastUsedAt)} is not an ISO 8601 date`;
  }
  if (value.credentialId !== undefined && typeof value.credentialId !== 'string') return 'credentialId is not a string';
  if (value.backedUp !== undefined && typeof value.backedUp !== 'boolean') return 'backedUp is not a boolean';
  if (value.deviceType !== undefined && value.deviceType !== 'singleDevice' && value.deviceType !== 'multiDevice') {
    return `deviceType ${JSON.stringify(value.deviceType)} is neither singleDevice nor multiDevice`;
  }
  if (value.transports !== undefined && !(Array.isArray(value.transports) && value.transports.every(isString))) {
    return 'transports is not a list of strings';
  }
  const leaked = SECRET_FIELDS.filter((field) => field in value);
  if (leaked.length > 0) return `it shows ${leaked.join(' and ')}`;
  return undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';

function expectPasskey(reply: Reply, label?: string): Json {
  const problem = passkeyProblem(reply.json);
  if (problem) fail(`${what(reply, label)}: the reply is not a Passkey (${problem})`);
  return reply.json as Json;
}

const idOf = (passkey: Json) => String(passkey.id);
const passkeyPath = (passkey: Json) => `/passkeys/${encodeURIComponent(idOf(passkey))}`;
const findPasskey = (list: Json[], passkey: Json) => list.find((item) => idOf(item) === idOf(passkey));

/** The passkeys of a list reply: `Passkey[]` or a `PasskeyList`. */
function passkeysOf(reply: Reply): Json[] {
  const body = reply.json;
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.passkeys) ? body.passkeys : undefined;
  if (!list) fail(`${reply.request}: the reply is neither Passkey[] nor a PasskeyList`);
  for (const item of list) {
    const problem = passkeyProblem(item);
    if (problem) fail(`${reply.request}: a passkey in the list is not a Passkey (${problem})`);
  }
  return list as Json[];
}

async function listPasskeys(browser: Browser, label?: string): Promise<Json[]> {
  const reply = await browser.request('GET', '/passkeys');
  expectStatus(reply, 200, label);
  return passkeysOf(reply);
}

/** The ids in the options' `allowCredentials` (none when absent). */
function allowedIds(reply: Reply): string[] {
  const allow = isObject(reply.json) ? reply.json.allowCredentials : undefined;
  if (allow === undefined) return [];
  if (!Array.isArray(allow)) fail(`${reply.request}: allowCredentials is not a list`);
  return allow.map((item) => (isObject(item) && typeof item.id === 'string' ? item.id : ''));
}

function expectSignInResult(reply: Reply, label: string): void {
  if (!isObject(reply.json)) fail(`${what(reply, label)}: the reply is not a SignInResult object`);
  const { user } = reply.json;
  if (user !== undefined && !(isObject(user) && (isString(user.id) || typeof user.id === 'number'))) {
    fail(`${what(reply, label)}: the SignInResult's user has no id`);
  }
}

/** The browser's session shows the account: its passkey is in the list. */
async function expectSignedIn(browser: Browser, account: Account, label: string): Promise<void> {
  const list = await listPasskeys(browser, label);
  if (!findPasskey(list, account.passkey)) fail(`GET /passkeys (${label}): the account's passkey is not listed`);
}

// ---------------------------------------------------------------- ceremonies

const randomUsername = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `kit-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
};

const rpIdOf = (options: unknown, origin: string) =>
  isObject(options) && isObject(options.rp) && isString(options.rp.id) ? options.rp.id : new URL(origin).hostname;

/** Signs up a new account with a new passkey, in a new browser. */
async function signUp(ctx: CheckContext): Promise<Account> {
  const browser = ctx.browser();
  const username = randomUsername();
  const options = await browser.request('POST', '/registration/options', {
    body: { username, displayName: 'Conformance Kit' },
  });
  expectStatus(options, 200, 'sign-up');
  const authenticator = await createSoftAuthenticator();
  const verify = await browser.request('POST', '/registration/verify', {
    body: await authenticator.register(options.json, ctx.origin),
  });
  expectStatus(verify, 200, 'sign-up');
  const passkey = expectPasskey(verify, 'sign-up');
  return { username, browser, authenticator, passkey, rpId: rpIdOf(options.json, ctx.origin), signUpReply: verify };
}

/** Asks `browser` for discoverable sign-in options and answers them with `authenticator`: the verify reply. */
async function answerSignIn(
  ctx: CheckContext,
  browser: Browser,
  authenticator: SoftAuthenticator,
  { label, overrides }: { label?: string; overrides?: AnswerOverrides } = {},
): Promise<Reply> {
  const options = await browser.request('POST', '/authentication/options', { body: {} });
  expectStatus(options, 200, label);
  return browser.request('POST', '/authentication/verify', {
    body: await authenticator.authenticate(options.json, ctx.origin, overrides),
  });
}

/** Signs `account` in again, in a new browser (a session of its own). */
async function signIn(ctx: CheckContext, account: Account): Promise<Browser> {
  const browser = ctx.browser();
  expectStatus(await answerSignIn(ctx, browser, account.authenticator, { label: 'sign-in' }), 200, 'sign-in');
  return browser;
}

const account = (ctx: CheckContext) => ctx.fixture('an account', () => signUp(ctx));

/** A sign-in flow of the checks: how its options are asked for, and what they must (not) list. */
interface SignInFlow {
  /** The failure labels: of the options, of the verify, of the session after it. */
  asked: string;
  flow: string;
  after: string;
  body(alice: Account): Json;
  /** What is wrong with the options' allowCredentials ids, or undefined. */
  allowedProblem(allowed: string[], alice: Account): string | undefined;
}

/** The shared account signs in with `how` in a new browser: a SignInResult, then a session that shows it. */
async function expectSignInFlow(ctx: CheckContext, how: SignInFlow): Promise<void> {
  const alice = await account(ctx);
  const browser = ctx.browser();
  const options = await browser.request('POST', '/authentication/options', { body: how.body(alice) });
  expectStatus(options, 200, how.asked);
  const problem = how.allowedProblem(allowedIds(options), alice);
  if (problem) fail(`${what(options, how.asked)}: ${problem}`);
  const verify = await browser.request('POST', '/authentication/verify', {
    body: await alice.authenticator.authenticate(options.json, ctx.origin),
  });
  expectStatus(verify, 200, how.flow);
  expectSignInResult(verify, how.flow);
  await expectSignedIn(browser, alice, how.after);
}

/** An account with a second passkey added while signed in (the body naming someone else). */
const accountWithTwoPasskeys = (ctx: CheckContext) =>
  ctx.fixture('an account with two passkeys', async () => {
    const owner = await signUp(ctx);
    const otherUsername = randomUsername();
    const options = await owner.browser.request('POST', '/registration/options', {
      body: { username: otherUsername, displayName: 'Someone Else' },
    });
    expectStatus(options, 200, 'adding a passkey');
    const authenticator = await createSoftAuthenticator();
    const verify = await owner.browser.request('POST', '/registration/verify', {
      body: await authenticator.register(options.json, ctx.origin),
    });
    expectStatus(verify, 200, 'adding a passkey');
    const added = expectPasskey(verify, 'adding a passkey');
    return { owner, added, otherUsername, userHandle: authenticator.userHandle };
  });

// ---------------------------------------------------------------- the checks

export const checks: Check[] = [
  {
    name: 'sign-up creates the account and signs it in',
    async run(ctx) {
      const alice = await account(ctx);
      if (alice.signUpReply.headers.getSetCookie().length === 0) {
        fail('POST /registration/verify (sign-up): no Set-Cookie, so the new account is not signed in');
      }
      if (await ctx.hasSessionEndpoints()) {
        const session = await alice.browser.request('GET', '/session');
        expectStatus(session, 200, 'after sign-up');
        const user = isObject(session.json) ? session.json.user : undefined;
        if (!isObject(user)) fail('GET /session (after sign-up): no user, so the new account is not signed in');
        if (isString(user.username) && user.username.toLowerCase() !== alice.username) {
          fail(`GET /session (after sign-up): the user is "${quote(user.username)}", not "${alice.username}"`);
        }
      }
      await expectSignedIn(alice.browser, alice, 'after sign-up');
    },
  },
  {
    name: 'a taken username is refused (409 username-taken)',
    async run(ctx) {
      const alice = await account(ctx);
      const reply = await ctx
        .browser()
        .request('POST', '/registration/options', { body: { username: alice.username } });
      expectError(reply, 409, 'username-taken', 'a taken username');
    },
  },
  {
    name: 'an invalid username is refused (400 invalid-username)',
    async run(ctx) {
      for (const username of ['', `kit\u0000${randomUsername()}`]) {
        const reply = await ctx.browser().request('POST', '/registration/options', { body: { username } });
        expectError(reply, 400, 'invalid-username', `username ${JSON.stringify(username)}`);
      }
    },
  },
  {
    name: 'registration with a session adds a passkey to that account',
    async run(ctx) {
      const { owner, added, otherUsername, userHandle } = await accountWithTwoPasskeys(ctx);
      if (userHandle !== owner.authenticator.userHandle) {
        fail('POST /registration/options (with a session): the options are for another user (user.id differs)');
      }
      const list = await listPasskeys(owner.browser, 'after adding a passkey');
      if (!findPasskey(list, owner.passkey) || !findPasskey(list, added) || list.length !== 2) {
        fail(`GET /passkeys (after adding a passkey): expected the account's 2 passkeys, got ${list.length}`);
      }
      // The username in the body was ignored: no account was made for it.
      const reply = await ctx.browser().request('POST', '/registration/options', { body: { username: otherUsername } });
      if (reply.status === 409) fail(`the body's username was not ignored: "${otherUsername}" is now taken`);
      expectStatus(reply, 200, 'the username named while adding');
    },
  },
  {
    name: 'new passkeys get distinct, non-empty names',
    async run(ctx) {
      const { owner } = await accountWithTwoPasskeys(ctx);
      const names = (await listPasskeys(owner.browser)).map((passkey) => String(passkey.name));
      if (names.some((name) => name.trim() === '')) fail('GET /passkeys: a new passkey has an empty name');
      if (new Set(names).size !== names.length) {
        fail(
          `GET /passkeys: two passkeys of one account share a name (${names.map((n) => `"${quote(n)}"`).join(', ')})`,
        );
      }
    },
  },
  {
    name: 'discoverable sign-in (no username)',
    run: (ctx) =>
      expectSignInFlow(ctx, {
        asked: 'no username',
        flow: 'discoverable sign-in',
        after: 'after a discoverable sign-in',
        body: () => ({}),
        allowedProblem: (allowed) =>
          allowed.length > 0 ? `allowCredentials lists ${allowed.length} passkeys; it should be empty` : undefined,
      }),
  },
  {
    name: 'identifier-first sign-in (with a username)',
    run: (ctx) =>
      expectSignInFlow(ctx, {
        asked: 'with a username',
        flow: 'identifier-first sign-in',
        after: 'after an identifier-first sign-in',
        body: (alice) => ({ username: alice.username }),
        allowedProblem: (allowed, alice) =>
          allowed.length > 0 && !allowed.includes(alice.authenticator.credentialId)
            ? "allowCredentials does not list the account's passkey"
            : undefined,
      }),
  },
  {
    name: 'several ceremonies can be open at once',
    async run(ctx) {
      const alice = await account(ctx);
      const browser = ctx.browser();
      const opened: Reply[] = [];
      for (let i = 0; i < 3; i++) {
        const options = await browser.request('POST', '/authentication/options', { body: {} });
        expectStatus(options, 200, `ceremony ${i + 1} of 3`);
        opened.push(options);
      }
      // Answered newest first: a server keeping one challenge per browser refuses the older ones.
      for (let i = opened.length - 1; i >= 0; i--) {
        const verify = await browser.request('POST', '/authentication/verify', {
          body: await alice.authenticator.authenticate(opened[i].json, ctx.origin),
        });
        expectStatus(verify, 200, `answering ceremony ${i + 1} of 3 after ${opened.length - 1 - i} newer`);
      }
    },
  },
  {
    name: 'a used challenge cannot be answered again (challenge-expired)',
    async run(ctx) {
      const alice = await account(ctx);
      const browser = ctx.browser();
      const options = await browser.request('POST', '/authentication/options', { body: {} });
      expectStatus(options, 200);
      // The cookies the answer went with: a server may bind a ceremony to a cookie it then clears.
      const cookie = browser.cookieHeader;
      const response = await alice.authenticator.authenticate(options.json, ctx.origin);
      expectStatus(await browser.request('POST', '/authentication/verify', { body: response }), 200, 'first answer');
      const replay = await browser.request('POST', '/authentication/verify', { body: response });
      expectError(replay, 400, 'verification-failed', 'the same response again', 'challenge-expired');
      // A new signature over the used challenge, with the cookies of the first answer: only the
      // server's record of used challenges refuses it (the counter went up, the cookies are right).
      const again = await browser.request('POST', '/authentication/verify', {
        body: await alice.authenticator.authenticate(options.json, ctx.origin),
        cookie,
      });
      expectError(again, 400, 'verification-failed', 'a new signature of the used challenge', 'challenge-expired');
    },
  },
  {
    name: 'a challenge the server never issued is refused',
    async run(ctx) {
      const alice = await account(ctx);
      const verify = await answerSignIn(ctx, ctx.browser(), alice.authenticator, {
        overrides: { challenge: randomBase64url(32) },
      });
      expectError(verify, '4xx', 'verification-failed', 'a made-up challenge');
    },
  },
  {
    name: 'a signature from the wrong key is refused',
    async run(ctx) {
      const alice = await account(ctx);
      const forger = await createSoftAuthenticator({
        credentialId: alice.authenticator.credentialId,
        userHandle: alice.authenticator.userHandle,
      });
      const verify = await answerSignIn(ctx, ctx.browser(), forger);
      expectError(verify, '4xx', 'verification-failed', "the account's credential id, another key");
    },
  },
  {
    name: 'an unknown passkey is refused (unknown-credential)',
    async run(ctx) {
      const stranger = await createSoftAuthenticator({ userHandle: randomBase64url(16) });
      const verify = await answerSignIn(ctx, ctx.browser(), stranger);
      expectError(verify, '4xx', 'unknown-credential', 'a passkey the server never registered');
    },
  },
  {
    name: 'the passkey list has the shape of the contract',
    async run(ctx) {
      const alice = await account(ctx);
      const reply = await alice.browser.request('GET', '/passkeys');
      expectStatus(reply, 200);
      const list = passkeysOf(reply); // Passkey[] or PasskeyList, ISO dates, no key or counter
      const passkey = findPasskey(list, alice.passkey);
      if (!passkey) fail(`${reply.request}: the account's passkey is not listed`);
      if (isString(passkey.credentialId) && passkey.credentialId !== alice.authenticator.credentialId) {
        fail(`${reply.request}: the passkey's credentialId is not the credential's id`);
      }
      if (isObject(reply.json)) {
        const { rpId, userHandle } = reply.json;
        if (rpId !== alice.rpId)
          fail(`${reply.request}: PasskeyList.rpId is ${JSON.stringify(rpId)}, not "${alice.rpId}"`);
        if (userHandle !== alice.authenticator.userHandle) {
          fail(`${reply.request}: PasskeyList.userHandle is not the user.id of the registration options`);
        }
      }
    },
  },
  {
    name: 'rename',
    async run(ctx) {
      const alice = await account(ctx);
      const name = `Kit ${randomUsername().slice(4)}`;
      const renamed = await alice.browser.request('PATCH', passkeyPath(alice.passkey), { body: { name } });
      expectStatus(renamed, 200);
      if (expectPasskey(renamed).name !== name) fail(`${renamed.request}: the reply does not have the new name`);
      const blank = await alice.browser.request('PATCH', passkeyPath(alice.passkey), { body: { name: '   ' } });
      expectStatus(blank, 400, 'a blank name');
      const listed = findPasskey(await listPasskeys(alice.browser, 'after renaming'), alice.passkey);
      if (listed?.name !== name) fail('GET /passkeys (after renaming): the list does not show the new name');
    },
  },
  {
    name: 'delete',
    async run(ctx) {
      const { owner, added } = await accountWithTwoPasskeys(ctx);
      const alice = await account(ctx);
      const foreign = await alice.browser.request('DELETE', passkeyPath(owner.passkey));
      expectError(foreign, 404, 'unknown-credential', "someone else's passkey");
      const deleted = await owner.browser.request('DELETE', passkeyPath(added));
      expectStatus(deleted, 204);
      const list = await listPasskeys(owner.browser, 'after deleting');
      if (findPasskey(list, added)) fail('GET /passkeys (after deleting): the deleted passkey is still listed');
      if (!findPasskey(list, owner.passkey)) {
        fail('GET /passkeys (after deleting): the passkey someone else tried to delete is gone');
      }
    },
  },
  {
    name: "the account's last passkey is kept (409 last-passkey)",
    async run(ctx) {
      const carol = await signUp(ctx);
      const reply = await carol.browser.request('DELETE', passkeyPath(carol.passkey));
      expectError(reply, 409, 'last-passkey', 'the only passkey');
      const list = await listPasskeys(carol.browser, 'after the refusal');
      if (!findPasskey(list, carol.passkey)) fail('GET /passkeys (after the refusal): the last passkey is gone');
    },
  },
  {
    name: 'list, rename and delete need a session (401 unauthorized)',
    async run(ctx) {
      const alice = await account(ctx);
      const browser = ctx.browser();
      expectError(await browser.request('GET', '/passkeys'), 401, 'unauthorized', 'no session');
      const path = passkeyPath(alice.passkey);
      expectError(await browser.request('PATCH', path, { body: { name: 'Kit' } }), 401, 'unauthorized', 'no session');
      expectError(await browser.request('DELETE', path), 401, 'unauthorized', 'no session');
    },
  },
  {
    name: "re-authentication lists and accepts only the signed-in user's passkeys",
    async run(ctx) {
      const alice = await account(ctx);
      const reauthenticate = { reauthenticate: true };
      const anonymous = await ctx.browser().request('POST', '/authentication/options', { body: reauthenticate });
      expectError(anonymous, 401, 'unauthorized', 'reauthenticate without a session');

      const other = await signUp(ctx);
      const options = await alice.browser.request('POST', '/authentication/options', { body: reauthenticate });
      expectStatus(options, 200, 'reauthenticate');
      const allowed = allowedIds(options);
      if (allowed.length !== 1 || allowed[0] !== alice.authenticator.credentialId) {
        fail(
          `${options.request} (reauthenticate): allowCredentials should list the user's 1 passkey, not ${allowed.length}`,
        );
      }
      const stolen = await alice.browser.request('POST', '/authentication/verify', {
        body: await other.authenticator.authenticate(options.json, ctx.origin),
      });
      expectError(stolen, '4xx', 'verification-failed', "re-authenticating with another user's passkey");

      const fresh = await alice.browser.request('POST', '/authentication/options', { body: reauthenticate });
      expectStatus(fresh, 200, 'reauthenticate');
      const verify = await alice.browser.request('POST', '/authentication/verify', {
        body: await alice.authenticator.authenticate(fresh.json, ctx.origin),
      });
      expectStatus(verify, 200, "re-authenticating with the user's passkey");
      await expectSignedIn(alice.browser, alice, 'after re-authenticating');
    },
  },
  {
    name: 'requests from another origin, or with none, are refused (CSRF)',
    async run(ctx) {
      const alice = await account(ctx);
      const browser = await signIn(ctx, alice);
      // Sign-out where the server has it (a refusal leaves the session working), else adding a passkey.
      const post = (await ctx.hasSessionEndpoints())
        ? { path: '/session/sign-out', body: undefined }
        : { path: '/registration/options', body: {} };
      const foreign = 'https://attacker.example';
      const fromElsewhere = await browser.request('POST', post.path, { body: post.body, origin: foreign });
      expectStatus(fromElsewhere, 403, `Origin: ${foreign}`);
      const noOrigin = await browser.request('POST', post.path, { body: post.body, origin: null });
      expectStatus(noOrigin, 403, 'no Origin');
      const rename = await browser.request('PATCH', passkeyPath(alice.passkey), {
        body: { name: 'Renamed by another site' },
        origin: foreign,
      });
      expectStatus(rename, 403, `Origin: ${foreign}`);
      const listed = findPasskey(await listPasskeys(browser, 'after the refusals'), alice.passkey);
      if (!listed) fail("GET /passkeys (after the refusals): the account's passkey is not listed");
      if (listed.name === 'Renamed by another site') fail('the PATCH from another origin renamed the passkey');
    },
  },
  {
    name: 'sign-out ends the session on the server',
    async run(ctx) {
      if (!(await ctx.hasSessionEndpoints())) return 'no session endpoints (GET /session is not there)';
      const alice = await account(ctx);
      const browser = await signIn(ctx, alice);
      const cookie = browser.cookieHeader;
      const before = await browser.request('GET', '/session');
      expectStatus(before, 200);
      if (!isObject(before.json) || !isObject(before.json.user)) fail('GET /session (after a sign-in): no user');
      expectStatus(await browser.request('POST', '/session/sign-out'), 204);
      // The cookie from before, sent by hand: only the browser forgot it, the server must have too.
      const list = await browser.request('GET', '/passkeys', { cookie });
      expectError(list, 401, 'unauthorized', 'the old session cookie after sign-out');
      const session = await browser.request('GET', '/session', { cookie });
      expectStatus(session, 200, 'the old session cookie after sign-out');
      if (!isObject(session.json) || session.json.user !== null) {
        fail('GET /session (the old session cookie after sign-out): the user is still signed in');
      }
    },
  },
  {
    name: 'every error reply is a JSON error envelope, malformed JSON a 400',
    async run(ctx) {
      const browser = ctx.browser();
      for (const path of ['/authentication/options', '/authentication/verify', '/registration/options']) {
        const reply = await browser.request('POST', path, { rawBody: '{"username": ' });
        expectStatus(reply, 400, 'malformed JSON');
      }
      for (const reply of ctx.errorReplies) {
        if (reply.status < 400 || reply.status > 599) continue;
        const error = isObject(reply.json) && isObject(reply.json.error) ? reply.json.error : undefined;
        if (!error || !isString(error.code) || !isString(error.message)) {
          fail(`${reply.request} answered ${reply.status} without {"error": {"code", "message"}}`);
        }
        if (!(ERROR_CODES as readonly string[]).includes(error.code)) {
          fail(
            `${reply.request} answered ${reply.status} with the code "${quote(error.code)}", not one of the contract's`,
          );
        }
        if (reply.status >= 500) fail(`${reply.request} answered ${seen(reply)}: a server error`);
      }
    },
  },
];
