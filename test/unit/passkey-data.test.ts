import { expect } from '@open-wc/testing';
import type { PasskeyList } from '../../src/index.js';
import { normalizeList, normalizePasskey } from '../../src/core/passkey-data.js';
import { emit } from '../../src/core/events.js';

const created = '2026-01-02T03:04:05.000Z';

describe('normalizePasskey', () => {
  it('keeps a well-formed passkey as it is, extra fields included', () => {
    const passkey = {
      id: 'p1',
      name: 'Work laptop',
      createdAt: created,
      credentialId: 'abc',
      lastUsedAt: created,
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      backedUp: true,
      deviceType: 'multiDevice' as const,
      transports: ['internal', 'hybrid'],
      team: 'blue',
    };
    expect(normalizePasskey(passkey)).to.deep.equal(passkey);
  });

  it('drops fields of the wrong type instead of throwing', () => {
    const passkey = normalizePasskey({
      id: 'p1',
      name: 'Key',
      createdAt: created,
      transports: 'usb',
      backedUp: 'yes',
      deviceType: 'platform',
      credentialId: 42,
      aaguid: null,
      lastUsedAt: 'not a date',
    });
    expect(passkey).to.deep.equal({ id: 'p1', name: 'Key', createdAt: created });
  });

  it('accepts what other WebAuthn libraries send: numeric ids, epoch dates, mixed transports', () => {
    const passkey = normalizePasskey({
      id: 17,
      name: 'Key',
      createdAt: Date.parse(created),
      transports: ['usb', 3, null, 'nfc'],
    });
    expect(passkey).to.deep.equal({ id: '17', name: 'Key', createdAt: created, transports: ['usb', 'nfc'] });
  });

  it('gives a passkey without a name or date empty ones, and refuses one without an id', () => {
    expect(normalizePasskey({ id: 'p1' })).to.deep.equal({ id: 'p1', name: '', createdAt: '' });
    expect(normalizePasskey({ name: 'No id' })).to.equal(undefined);
    expect(normalizePasskey({ id: '' })).to.equal(undefined);
    expect(normalizePasskey('p1')).to.equal(undefined);
  });

  it('fills what a reply lacks from the fallback (a rename answered with only an id)', () => {
    const before = { id: 'p1', name: 'New name', createdAt: created, transports: ['internal'] };
    expect(normalizePasskey({ id: 'p1', transports: 'usb' }, before)).to.deep.equal(before);
    expect(normalizePasskey(null, before)).to.equal(before);
  });
});

describe('normalizeList', () => {
  it('shows a repeated id once', () => {
    const list = normalizeList([
      { id: 'a', name: 'A' },
      { id: 'a', name: 'again' },
    ]);
    expect(list).to.deep.equal([{ id: 'a', name: 'A', createdAt: '' }]);
  });

  it('refuses a list with an entry it cannot show, rather than show it as complete', () => {
    expect(normalizeList([{ id: 'a', name: 'A' }, { name: 'no id' }])).to.equal(undefined);
    expect(normalizeList({ passkeys: [{ id: 'a' }, 'junk'], rpId: 'example.com', userHandle: 'dXNlcg' })).to.equal(
      undefined,
    );
  });

  it('keeps a PasskeyList with what the Signal API needs, and blanks a wrong rpId', () => {
    expect(normalizeList({ passkeys: [], rpId: 'example.com', userHandle: 'dXNlcg' })).to.deep.equal({
      passkeys: [],
      rpId: 'example.com',
      userHandle: 'dXNlcg',
    });
    expect(normalizeList({ passkeys: [], rpId: 3 })).to.deep.equal({ passkeys: [], rpId: '', userHandle: '' });
  });

  it('keeps the account’s names only as text, and none without a name', () => {
    const list = (user: unknown) =>
      normalizeList({ passkeys: [], rpId: 'example.com', userHandle: 'dXNlcg', user }) as PasskeyList;
    expect(list({ name: 'ada@example.com', displayName: 'Ada', admin: true })?.user).to.deep.equal({
      name: 'ada@example.com',
      displayName: 'Ada',
    });
    expect(list({ name: 'ada@example.com', displayName: 7 })?.user).to.deep.equal({
      name: 'ada@example.com',
      displayName: undefined,
    });
    for (const junk of [{ name: '' }, { displayName: 'Ada' }, 'ada', null, [{ name: 'ada' }]]) {
      expect(list(junk), JSON.stringify(junk)).to.not.have.property('user');
    }
  });

  it('is undefined for a reply that is no list at all', () => {
    expect(normalizeList({ items: [] })).to.equal(undefined);
    expect(normalizeList('[]')).to.equal(undefined);
  });
});

describe('passkey-error', () => {
  it('always carries a code from the spec', () => {
    const seen: string[] = [];
    const target = new EventTarget();
    target.addEventListener('passkey-error', (e) => seen.push((e as CustomEvent<{ code: string }>).detail.code));
    emit(target, 'passkey-error', { code: 'teapot' as never, message: 'x', action: 'delete' });
    emit(target, 'passkey-error', { code: undefined as never, message: 'x', action: 'delete' });
    emit(target, 'passkey-error', { code: 'network', message: 'x', action: 'delete' });
    expect(seen).to.deep.equal(['unknown', 'unknown', 'network']);
  });
});
