import { createRestAdapter } from '../adapters/rest.js';
import type { PasskeyAdapter } from '../adapters/types.js';
import { PasskeyError } from './errors.js';

// One REST adapter per endpoint, shared by every element that names it.
const restAdapters = new Map<string, PasskeyAdapter>();

type Host = { adapter?: PasskeyAdapter; endpoint?: string };

/** The element's `adapter`, else the REST adapter for its `endpoint`, else none. */
export function currentAdapter(host: Host): PasskeyAdapter | undefined {
  if (host.adapter) return host.adapter;
  const endpoint = typeof host.endpoint === 'string' ? host.endpoint.trim() : '';
  if (!endpoint) return undefined;
  let adapter = restAdapters.get(endpoint);
  if (!adapter) {
    adapter = createRestAdapter({ endpoint });
    restAdapters.set(endpoint, adapter);
  }
  return adapter;
}

/** The adapter to run a ceremony with; a missing one is the page's mistake, reported as such. */
export function resolveAdapter(host: Host): PasskeyAdapter {
  const adapter = currentAdapter(host);
  if (!adapter) throw new PasskeyError('invalid-options', 'Set the `endpoint` attribute or the `adapter` property.');
  return adapter;
}

/** Whether the element has an adapter to talk to (a prefetch without one would only fail). */
export function hasAdapter(host: Host): boolean {
  return currentAdapter(host) !== undefined;
}
