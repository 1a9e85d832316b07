import { expect } from '@open-wc/testing';
import {
  fullDate,
  normalizeAaguid,
  parseDate,
  passkeyKind,
  relativeTime,
  safeIconUrl,
} from '../../src/components/passkey-user-profile/format.js';
import type { Passkey } from '../../src/index.js';

const passkey = (fields: Partial<Passkey>): Passkey => ({ id: 'p1', name: 'Key', createdAt: '', ...fields });

describe('safeIconUrl', () => {
  it('keeps data:image URLs of the raster and SVG types', () => {
    for (const type of ['png', 'svg+xml', 'webp', 'jpeg', 'gif', 'PNG']) {
      const url = `data:image/${type};base64,AAAA`;
      expect(safeIconUrl(url), type).to.equal(url);
    }
  });

  it('keeps http(s) URLs, resolved against the page', () => {
    expect(safeIconUrl('https://example.com/icon.png')).to.equal('https://example.com/icon.png');
    expect(safeIconUrl('http://example.com/a b.png')).to.equal('http://example.com/a%20b.png');
    expect(safeIconUrl('/icons/key.svg')).to.equal(new URL('/icons/key.svg', location.href).href);
  });

  it('refuses scripts, other data: types and other schemes', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/svg+xml,<svg/>',
      'data:image/bmp;base64,AAAA',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://example.com/1',
    ]) {
      expect(safeIconUrl(url), url).to.equal(undefined);
    }
  });

  it('refuses what is not a string or not a URL', () => {
    for (const value of [undefined, null, 42, {}, ['https://example.com/icon.png']]) {
      expect(safeIconUrl(value), JSON.stringify(value)).to.equal(undefined);
    }
    expect(safeIconUrl('http://[')).to.equal(undefined);
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  const ago = (ms: number) => new Date(now - ms);

  it('names the largest whole unit, in the given language', () => {
    expect(relativeTime(ago(3 * 24 * 3600_000), 'en', now)).to.equal('3 days ago');
    expect(relativeTime(ago(24 * 3600_000), 'en', now)).to.equal('yesterday');
    expect(relativeTime(ago(2 * 3600_000), 'en', now)).to.equal('2 hours ago');
    expect(relativeTime(ago(400 * 24 * 3600_000), 'en', now)).to.equal('last year');
    expect(relativeTime(ago(3 * 24 * 3600_000), 'de', now)).to.equal('vor 3 Tagen');
  });

  it('says "this minute" under a minute, past or future', () => {
    expect(relativeTime(ago(30_000), 'en', now)).to.equal('this minute');
    expect(relativeTime(ago(-30_000), 'en', now)).to.equal('this minute');
  });
});

describe('fullDate', () => {
  it('gives the long date with the time', () => {
    const date = new Date(2026, 0, 2, 15, 4);
    expect(fullDate(date, 'en')).to.match(/^January 2, 2026.*3:04\sPM$/);
  });
});

describe('parseDate', () => {
  it('reads an ISO date, and nothing else', () => {
    expect(parseDate('2026-01-02T03:04:05.000Z')?.toISOString()).to.equal('2026-01-02T03:04:05.000Z');
    expect(parseDate(undefined)).to.equal(undefined);
    expect(parseDate('')).to.equal(undefined);
    expect(parseDate('not a date')).to.equal(undefined);
  });
});

describe('passkeyKind', () => {
  it('calls a backed-up or multi-device passkey synced', () => {
    expect(passkeyKind(passkey({ backedUp: true }))).to.equal('synced');
    expect(passkeyKind(passkey({ deviceType: 'multiDevice', transports: ['usb'] }))).to.equal('synced');
  });

  it('calls an external-only passkey a security key', () => {
    expect(passkeyKind(passkey({ transports: ['usb', 'nfc'] }))).to.equal('security-key');
    expect(passkeyKind(passkey({ transports: ['smart-card'] }))).to.equal('security-key');
  });

  it('calls the rest bound to one device', () => {
    expect(passkeyKind(passkey({}))).to.equal('device');
    expect(passkeyKind(passkey({ transports: ['internal', 'usb'] }))).to.equal('device');
    expect(passkeyKind(passkey({ transports: ['hybrid'] }))).to.equal('device');
  });
});

describe('normalizeAaguid', () => {
  it('lower-cases and drops the dashes', () => {
    expect(normalizeAaguid('FBFC3007-154E-4ECC-8C0B-6E020557D7BD')).to.equal('fbfc3007154e4ecc8c0b6e020557d7bd');
  });

  it('gives undefined for the all-zero, malformed or missing AAGUID', () => {
    expect(normalizeAaguid('00000000-0000-0000-0000-000000000000')).to.equal(undefined);
    expect(normalizeAaguid('fbfc3007-154e')).to.equal(undefined);
    expect(normalizeAaguid('zzfc3007-154e-4ecc-8c0b-6e020557d7bd')).to.equal(undefined);
    expect(normalizeAaguid(undefined)).to.equal(undefined);
  });
});
