import { createRestAdapter } from '../adapters/rest.js';
import type { PasskeyAdapter } from '../adapters/types.js';
import { PasskeyError } from './errors.js';

// One REST adapter per endpoint, shared by every element that names it.
const restAdapters = new Map<string, PasskeyAdapter>();

/** The element's `adapter`, else the REST adapter for its `endpoint`. */
export function resolveAdapter(host: { adapter?: PasskeyAdapter; endpoint?: string }): PasskeyAdapter {
  if (host.adapter) return host.adapter;
  const endpoint = host.endpoint?.trim();
  if (!endpoint) {
    throw new PasskeyError('invalid-options', 'Set the `endpoint` attribute or the `adapter` property.');
  }
  let adapter = restAdapters.get(endpoint);
  if (!adapter) {
    adapter = createRestAdapter({ endpoint });
    restAdapters.set(endpoint, adapter);
  }
  return adapter;
}

/** Whether the element has an adapter to talk to (a prefetch without one would only fail). */
export function hasAdapter(host: { adapter?: PasskeyAdapter; endpoint?: string }): boolean {
  return Boolean(host.adapter ?? host.endpoint?.trim());
}
