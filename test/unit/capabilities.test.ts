import { expect } from '@open-wc/testing';
import { autofillNeedsGesture, detectCapabilities, honoursHints } from '../../src/core/capabilities.js';

const IPHONE = (os: string) =>
  `Mozilla/5.0 (iPhone; CPU iPhone OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${os.replace('_', '.')} Mobile/15E148 Safari/604.1`;
const IPAD = (os: string) =>
  `Mozilla/5.0 (iPad; CPU OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${os.replace('_', '.')} Mobile/15E148 Safari/604.1`;
const CHROME_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1';
/** Safari on a Mac, and on an iPad asking for the desktop site: the same string. */
const MAC_SAFARI = (version: string) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version} Safari/605.1.15`;
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** Makes `'ontouchend' in document` answer `touch` while `run` runs. */
function withTouch(touch: boolean, run: () => void) {
  const own = Object.getOwnPropertyDescriptor(document, 'ontouchend');
  const inherited = !own && 'ontouchend' in document;
  if (touch) Object.defineProperty(document, 'ontouchend', { value: null, configurable: true });
  else if (own) delete (document as { ontouchend?: unknown }).ontouchend;
  try {
    if (!touch && inherited) throw new Error('this browser has touch events on every document');
    run();
  } finally {
    if (own) Object.defineProperty(document, 'ontouchend', own);
    else delete (document as { ontouchend?: unknown }).ontouchend;
  }
}

describe('autofillNeedsGesture', () => {
  const table: [string, string, boolean][] = [
    ['iPhone, iOS 16.6', IPHONE('16_6'), true],
    ['iPhone, iOS 17.3', IPHONE('17_3'), true],
    ['iPhone, iOS 17.4', IPHONE('17_4'), false],
    ['iPhone, iOS 17.10', IPHONE('17_10'), false],
    ['iPhone, iOS 18.0', IPHONE('18_0'), false],
    ['iPad, iPadOS 15.0', IPAD('15_0'), true],
    ['iPad, iPadOS 17.4', IPAD('17_4'), false],
    ['Chrome on iOS 17.1 (WebKit too)', CHROME_IOS, true],
    ['an iPhone without a version', 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15', false],
    ['Android', ANDROID, false],
    ['Windows', WINDOWS, false],
  ];
  for (const [what, userAgent, expected] of table) {
    it(`${expected ? 'waits' : 'does not wait'} for a gesture: ${what}`, () => {
      expect(autofillNeedsGesture(userAgent)).to.equal(expected);
    });
  }

  it('takes a Mac user agent on a touch screen for an iPad', () => {
    withTouch(true, () => {
      expect(autofillNeedsGesture(MAC_SAFARI('17.2'))).to.equal(true);
      expect(autofillNeedsGesture(MAC_SAFARI('17.4'))).to.equal(false);
    });
  });

  it('leaves a Mac without touch alone, whatever its Safari', () => {
    withTouch(false, () => {
      expect(autofillNeedsGesture(MAC_SAFARI('16.0'))).to.equal(false);
      expect(autofillNeedsGesture(MAC_CHROME)).to.equal(false);
    });
  });
});

describe('detectCapabilities', () => {
  /** Replaces static members of PublicKeyCredential while `run` runs. */
  async function withStatics(statics: Record<string, unknown>, run: () => Promise<void>) {
    const owns = Object.keys(statics).map(
      (key) => [key, Object.getOwnPropertyDescriptor(PublicKeyCredential, key)] as const,
    );
    for (const [key, value] of Object.entries(statics)) {
      Object.defineProperty(PublicKeyCredential, key, { value, configurable: true });
    }
    try {
      await run();
    } finally {
      for (const [key, own] of owns) {
        if (own) Object.defineProperty(PublicKeyCredential, key, own);
        else delete (PublicKeyCredential as unknown as Record<string, unknown>)[key];
      }
    }
  }

  it("takes WebKit's conditionalMediation for autofill", async () => {
    await withStatics(
      {
        getClientCapabilities: () => Promise.resolve({ conditionalMediation: true }),
        isConditionalMediationAvailable: () => Promise.resolve(false),
      },
      async () => {
        expect((await detectCapabilities()).conditionalGet).to.equal(true);
      },
    );
  });

  it('lets conditionalGet decide where both keys are present', async () => {
    await withStatics(
      { getClientCapabilities: () => Promise.resolve({ conditionalGet: false, conditionalMediation: true }) },
      async () => {
        expect((await detectCapabilities()).conditionalGet).to.equal(false);
      },
    );
  });

  it('answers no autofill, and never throws, where both probes fail', async () => {
    await withStatics(
      {
        getClientCapabilities: () => Promise.reject(new Error('not here')),
        isConditionalMediationAvailable: () => Promise.reject(new Error('not here either')),
      },
      async () => {
        expect(await detectCapabilities()).to.deep.equal({
          webauthn: true,
          conditionalGet: false,
          conditionalCreate: false,
          immediateGet: false,
        });
      },
    );
  });
});

describe('honoursHints', () => {
  const EDGE = WINDOWS.replace(/Chrome\/\d+/, 'Chrome/131') + ' Edg/131.0.0.0';
  const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const table: [string, string, boolean][] = [
    ['Chrome 128 on Windows', WINDOWS.replace(/Chrome\/\d+/, 'Chrome/128'), true],
    ['Chrome 127 on Windows', WINDOWS.replace(/Chrome\/\d+/, 'Chrome/127'), false],
    ['Edge 131', EDGE, true],
    ['Chrome 131 on Android', ANDROID.replace(/Chrome\/\d+/, 'Chrome/131'), true],
    ['Chrome on iOS (WebKit)', CHROME_IOS, false],
    ['Safari 18.2 on a Mac', MAC_SAFARI('18.2'), false],
    ['Firefox 133', FIREFOX, false],
  ];
  for (const [what, userAgent, expected] of table) {
    it(`${expected ? 'offers' : 'does not offer'} a security key button: ${what}`, () => {
      expect(honoursHints(userAgent)).to.equal(expected);
    });
  }

  it('answers yes in the Chromium these tests run in', () => {
    expect(honoursHints()).to.equal(true);
  });
});
