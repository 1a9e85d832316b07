import type { RestAdapterOptions } from '../adapters/rest.js';
import type { PasskeyAdapter } from '../adapters/types.js';
import { PasskeyError } from './errors.js';

/** Builds the REST adapter for an `endpoint`: the whole contract, or the part an element calls. */
export type RestFactory = (options: RestAdapterOptions) => PasskeyAdapter;

// One REST adapter per endpoint (and kind), shared by every element that names it.
const restAdapters = new Map<RestFactory, Map<string, PasskeyAdapter>>();

/** An element: its class names the REST adapter it builds for `endpoint` (`PasskeyElement.restAdapter`). */
type Host = { adapter?: PasskeyAdapter; endpoint?: string; constructor: unknown };

/** The element's `adapter`, else the REST adapter for its `endpoint`, else none. */
export function currentAdapter(host: Host): PasskeyAdapter | undefined {
  if (host.adapter) return host.adapter;
  const endpoint = typeof host.endpoint === 'string' ? host.endpoint.trim() : '';
  if (!endpoint) return undefined;
  const create = (host.constructor as { restAdapter: RestFactory }).restAdapter;
  let adapters = restAdapters.get(create);
  if (!adapters) restAdapters.set(create, (adapters = new Map<string, PasskeyAdapter>()));
  let adapter = adapters.get(endpoint);
  if (!adapter) adapters.set(endpoint, (adapter = create({ endpoint })));
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
