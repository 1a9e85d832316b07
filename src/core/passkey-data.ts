import type { Passkey, PasskeyList } from '../adapters/types.js';

// Servers written on other WebAuthn libraries send odd but harmless data:
// numeric ids, epoch dates, `transports: "usb"`, nulls. The elements take
// what they can use and drop the rest, field by field, instead of throwing.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string, or a finite number written as one. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** An ISO 8601 date from a date string or epoch milliseconds; undefined when unusable. */
function date(value: unknown): string | undefined {
  if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isFinite(value))) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return typeof value === 'string' ? value : parsed.toISOString();
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The optional fields, each with what it takes. */
const optional: Record<string, (value: unknown) => unknown> = {
  credentialId: (v) => str(v) || undefined,
  lastUsedAt: date,
  aaguid: str,
  backedUp: (v) => (typeof v === 'boolean' ? v : undefined),
  deviceType: (v) => (v === 'singleDevice' || v === 'multiDevice' ? v : undefined),
  transports: (v) => (Array.isArray(v) ? v.filter((t) => typeof t === 'string') : undefined),
};

/**
 * The passkey in `value` with every known field of the right type (wrong
 * ones dropped, unknown ones kept); undefined without a usable `id`.
 * `fallback` fills what the reply lacks (the passkey as it was before a rename).
 */
export function normalizePasskey(value: unknown, fallback?: Passkey): Passkey | undefined {
  if (!isObject(value)) return fallback;
  const id = text(value.id) ?? fallback?.id;
  if (!id) return undefined;
  const passkey: Json = {
    ...fallback,
    ...value,
    id,
    name: str(value.name) ?? fallback?.name ?? '',
    createdAt: date(value.createdAt) ?? fallback?.createdAt ?? '',
  };
  for (const key in optional) {
    const kept = optional[key](value[key]) ?? (fallback as Json | undefined)?.[key];
    if (kept === undefined) delete passkey[key];
    else passkey[key] = kept;
  }
  return passkey as unknown as Passkey;
}

/**
 * The passkeys of a list reply, a repeated id shown once; undefined when an
 * entry has no usable id. A list with a passkey left out would be shown (and
 * signalled to the password manager) as complete, so it is refused whole.
 */
function passkeysOf(values: unknown[]): Passkey[] | undefined {
  const seen = new Set<string>();
  const passkeys: Passkey[] = [];
  for (const value of values) {
    const passkey = normalizePasskey(value);
    if (!passkey) return undefined;
    if (seen.has(passkey.id)) continue;
    seen.add(passkey.id);
    passkeys.push(passkey);
  }
  return passkeys;
}

/** A list reply as the profile uses it; undefined when it is no list, or one with a passkey it cannot show. */
export function normalizeList(value: unknown): Passkey[] | PasskeyList | undefined {
  if (Array.isArray(value)) return passkeysOf(value);
  const passkeys = isObject(value) && Array.isArray(value.passkeys) ? passkeysOf(value.passkeys) : undefined;
  if (!passkeys) return undefined;
  const { rpId, userHandle, user } = value as Json;
  const list: PasskeyList = {
    ...(value as Json),
    passkeys,
    rpId: typeof rpId === 'string' ? rpId : '',
    userHandle: typeof userHandle === 'string' ? userHandle : '',
  };
  // The names go to the password manager: text only, and none without a name.
  delete list.user;
  const name = isObject(user) && text(user.name);
  if (name) list.user = { name, displayName: str(user.displayName) };
  return list;
}
