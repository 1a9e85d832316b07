import { expect } from '@open-wc/testing';
import { WebAuthnError } from '@simplewebauthn/browser';
import { PasskeyError, toAdapterError, toCeremonyError } from '../../src/core/errors.js';

const dom = (name: string) => new DOMException('from the browser', name);
const wrapped = (code: ConstructorParameters<typeof WebAuthnError>[0]['code'], name: string) =>
  new WebAuthnError({ message: 'wrapped', code, cause: dom(name) });

describe('toCeremonyError', () => {
  const cases: [string, unknown, string][] = [
    ['NotAllowedError (dismissed or timed out)', dom('NotAllowedError'), 'cancelled'],
    ['a wrapped NotAllowedError', wrapped('ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', 'NotAllowedError'), 'cancelled'],
    ['AbortError', dom('AbortError'), 'aborted'],
    ['ERROR_CEREMONY_ABORTED', wrapped('ERROR_CEREMONY_ABORTED', 'AbortError'), 'aborted'],
    ['InvalidStateError (excluded credential)', dom('InvalidStateError'), 'already-registered'],
    [
      'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED',
      wrapped('ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED', 'InvalidStateError'),
      'already-registered',
    ],
    ['SecurityError', dom('SecurityError'), 'invalid-domain'],
    ['ERROR_INVALID_RP_ID', wrapped('ERROR_INVALID_RP_ID', 'SecurityError'), 'invalid-domain'],
    ['NotSupportedError', dom('NotSupportedError'), 'not-supported'],
    ['ConstraintError', dom('ConstraintError'), 'not-supported'],
    [
      'ERROR_MALFORMED_PUBKEYCREDPARAMS',
      wrapped('ERROR_MALFORMED_PUBKEYCREDPARAMS', 'NotSupportedError'),
      'invalid-options',
    ],
    ['TypeError', new TypeError('bad options'), 'invalid-options'],
    ['UnknownError', dom('UnknownError'), 'unknown'],
    ['a thrown string', 'oops', 'unknown'],
  ];
  for (const [what, error, code] of cases) {
    it(`maps ${what} to \`${code}\` and keeps the cause`, () => {
      const mapped = toCeremonyError(error);

      expect(mapped).to.be.instanceOf(PasskeyError);
      expect(mapped.code).to.equal(code);
      expect(mapped.cause).to.equal(error);
    });
  }

  it('passes a PasskeyError through untouched', () => {
    const original = new PasskeyError('rate-limited');

    expect(toCeremonyError(original)).to.equal(original);
  });
});

describe('toAdapterError', () => {
  it('reports anything an adapter throws as `server`', () => {
    expect(toAdapterError(new Error('boom')).code).to.equal('server');
    expect(toAdapterError({ weird: true }).code).to.equal('server');
  });

  it('reports a failed fetch as `network`', () => {
    expect(toAdapterError(new TypeError('Failed to fetch')).code).to.equal('network');
  });

  it('reports anything after an abort as `aborted`', () => {
    const controller = new AbortController();
    controller.abort();

    expect(toAdapterError(new Error('late'), controller.signal).code).to.equal('aborted');
  });

  it('keeps an adapter’s own PasskeyError', () => {
    const original = new PasskeyError('unknown-credential', 'Gone');

    expect(toAdapterError(original)).to.equal(original);
  });
});

describe('PasskeyError', () => {
  it('carries its code, message, name and cause', () => {
    const cause = new Error('root');

    const error = new PasskeyError('network', 'Offline', { cause });

    expect([error.code, error.message, error.name, error.cause]).to.deep.equal([
      'network',
      'Offline',
      'PasskeyError',
      cause,
    ]);
  });
});
