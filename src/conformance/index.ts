/**
 * `passkey-elements/conformance`: checks a server's implementation of the
 * REST contract with a software authenticator, the way the elements would
 * use it. The `passkey-conformance` command is a thin layer over
 * `runConformance`.
 */
import { InvalidOptionsError } from './authenticator.js';
import { checks, CheckFailure } from './checks.js';
import type { CheckContext } from './checks.js';
import { Browser, NetworkError, RateLimitedError } from './client.js';
import type { FetchLike, Reply } from './client.js';

export { createSoftAuthenticator, encodeCbor } from './authenticator.js';
export type {
  AuthenticationResponseJSON,
  AuthenticatorOptions,
  RegistrationResponseJSON,
  SoftAuthenticator,
} from './authenticator.js';
export type { FetchLike } from './client.js';

export interface ConformanceOptions {
  /** Base URL of the REST contract, e.g. `http://localhost:3000/api/passkeys`. */
  endpoint: string;
  /** The page origin the simulated browsers claim (`Origin`, `clientDataJSON`). Default: the endpoint's origin. */
  origin?: string;
  /** Extra headers for every request, e.g. a CSRF token or an API key. */
  headers?: Record<string, string> | [string, string][];
  /** Sends the requests: the global `fetch` by default, or a Fetch API handler to test in-process. */
  fetch?: FetchLike;
  /** Milliseconds before an unanswered request fails. Default 15 000. */
  timeoutMs?: number;
  /** Called after each check, in order (the command prints as results come). */
  onResult?: (result: CheckResult) => void;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed (what was sent, what came back, what was expected), or why it was skipped. */
  detail?: string;
  /** It did not apply to this server (an optional part of the contract is missing); counted as passed. */
  skipped?: boolean;
}

export interface ConformanceReport {
  results: CheckResult[];
  passed: number;
  failed: number;
}

/** The names of the checks, in the order they run. */
export const checkNames: readonly string[] = checks.map((check) => check.name);

/** Runs every check against `endpoint`, one after the other. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const endpointUrl = new URL(endpoint);
  if (endpointUrl.protocol !== 'http:' && endpointUrl.protocol !== 'https:') {
    throw new TypeError(`The endpoint must be an http or https URL, not ${endpoint}`);
  }
  const origin = new URL(options.origin ?? endpointUrl.origin).origin;
  const headers = Array.isArray(options.headers) ? options.headers : Object.entries(options.headers ?? {});
  const errorReplies: Reply[] = [];
  const clientOptions = {
    endpoint,
    origin,
    headers,
    fetch: options.fetch ?? ((request: Request) => fetch(request)),
    errorReplies,
    timeoutMs: options.timeoutMs ?? 15_000,
  };

  const fixtures = new Map<string, Promise<unknown>>();
  let sessionEndpoints: Promise<boolean> | undefined;
  // Its reply stays out of the error-envelope check: a missing optional route may answer any 404.
  const probeSession = async () => {
    const reply = await new Browser({ ...clientOptions, errorReplies: [] }).request('GET', '/session');
    return reply.status === 200 && typeof reply.json === 'object' && reply.json !== null && 'user' in reply.json;
  };
  const ctx: CheckContext = {
    origin,
    errorReplies,
    browser: () => new Browser(clientOptions),
    hasSessionEndpoints: () => (sessionEndpoints ??= probeSession()),
    async fixture<T>(name: string, make: () => Promise<T>): Promise<T> {
      const made = fixtures.get(name) as Promise<T> | undefined;
      if (!made) {
        const making = make();
        fixtures.set(name, making);
        return making;
      }
      try {
        return await made;
      } catch (error) {
        throw new CheckFailure(`could not set up ${name}: ${detailOf(error)}`);
      }
    },
  };

  const results: CheckResult[] = [];
  const report = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  // One request first: a server that is not there fails once, not once per check.
  try {
    await ctx.hasSessionEndpoints();
  } catch (error) {
    if (error instanceof NetworkError) {
      report({ name: 'the endpoint answers', ok: false, detail: error.message });
      return { results, passed: 0, failed: 1 };
    }
    // Anything else (a 429, say) is reported by the checks that need the answer.
  }

  for (const check of checks) {
    try {
      const skipped = await check.run(ctx);
      report(skipped ? { name: check.name, ok: true, skipped: true, detail: skipped } : { name: check.name, ok: true });
    } catch (error) {
      report({ name: check.name, ok: false, detail: detailOf(error) });
    }
  }
  const failed = results.filter((result) => !result.ok).length;
  return { results, passed: results.length - failed, failed };
}

function detailOf(error: unknown): string {
  if (error instanceof CheckFailure || error instanceof RateLimitedError || error instanceof NetworkError) {
    return error.message;
  }
  if (error instanceof InvalidOptionsError) return `invalid-options: ${error.message}`;
  return `unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}
