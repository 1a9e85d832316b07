import type { Passkey } from '../../adapters/types.js';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

// Creating an Intl formatter costs far more than using one: keep one per language.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 days ago", "yesterday", "just now" in the given language. */
export function relativeTime(date: Date, lang: string, now = Date.now()): string {
  let format = relativeFormats.get(lang);
  if (!format) relativeFormats.set(lang, (format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })));
  const diff = date.getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/** The full date and time, for the tooltip of a relative time. */
export function fullDate(date: Date, lang: string): string {
  let format = dateFormats.get(lang);
  if (!format)
    dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' })));
  return format.format(date);
}

/** A date from the server, or undefined when it is missing or not a date. */
export function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export type PasskeyKind = 'synced' | 'device' | 'security-key';

/** Synced (backed up), a hardware security key, or bound to one device. */
export function passkeyKind(passkey: Passkey): PasskeyKind {
  if (passkey.backedUp || passkey.deviceType === 'multiDevice') return 'synced';
  const external = ['usb', 'nfc', 'ble', 'smart-card'];
  if (passkey.transports?.some((t) => external.includes(t)) && !passkey.transports.includes('internal')) {
    return 'security-key';
  }
  return 'device';
}

/** AAGUID in the table's form: lower case, no dashes; undefined for the all-zero one. */
export function normalizeAaguid(aaguid: string | undefined): string | undefined {
  const key = aaguid?.replace(/-/g, '').toLowerCase();
  return key && /^[0-9a-f]{32}$/.test(key) && !/^0+$/.test(key) ? key : undefined;
}

/** Only images the page can show safely: data:image URLs and http(s) URLs. */
export function safeIconUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  if (/^data:image\/(png|svg\+xml|webp|jpeg|gif);/i.test(url)) return url;
  try {
    const parsed = new URL(url, location.href);
    return /^https?:$/.test(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
