// Shared pieces of the stories: event logging, page wrappers, play helpers
// and sample passkeys. Storybook only.
import { html, type TemplateResult } from 'lit';
import { action } from 'storybook/actions';
import { expect, waitFor } from 'storybook/test';
import type { Passkey, PasskeyErrorCode } from '../src/index.js';
import { AAGUID, daysAgo, toBase64url } from './mock-adapter.js';

// ---------------------------------------------------------------------------
// Events → the Actions panel
// ---------------------------------------------------------------------------

const log = (name: string) => (event: Event) => {
  action(name)((event as CustomEvent<unknown>).detail);
};

/** Listeners for every public event, logged in the Actions panel. */
export const on = {
  signedIn: log('passkey-signed-in'),
  signedUp: log('passkey-signed-up'),
  registered: log('passkey-registered'),
  reauthenticated: log('passkey-reauthenticated'),
  renamed: log('passkey-renamed'),
  deleted: log('passkey-deleted'),
  error: log('passkey-error'),
};

// ---------------------------------------------------------------------------
// Page wrappers
// ---------------------------------------------------------------------------

/** A dark page, as a site in dark mode would put the element on. */
export const darkPage = (content: TemplateResult) =>
  html`<div style="min-block-size: 100vh; box-sizing: border-box; padding: 32px; background: #030712; color: #f3f4f6">
    ${content}
  </div>`;

/**
 * A phone-sized column, 320px wide, laid out as a flex row (a sidebar layout,
 * the harder case): the element must neither collapse nor overflow.
 */
export const narrowPage = (content: unknown) =>
  html`<div style="display: flex; align-items: flex-start; inline-size: 320px">${content}</div>`;

/** A right-to-left page in Arabic. */
export const rtlPage = (content: TemplateResult) => html`<div dir="rtl" lang="ar">${content}</div>`;

// ---------------------------------------------------------------------------
// Play helpers
// ---------------------------------------------------------------------------

type LitHost = HTMLElement & { updateComplete: Promise<boolean> };

const TIMEOUT = { timeout: 5000 };

/** The first `tag` in the story, once it has rendered. */
export async function findElement<T extends LitHost = LitHost>(root: HTMLElement, tag: string): Promise<T> {
  const element = await waitFor(() => {
    const found = root.querySelector<T>(tag);
    expect(found).toBeTruthy();
    return found!;
  }, TIMEOUT);
  await element.updateComplete;
  return element;
}

/** An element inside `host`'s shadow root, waiting until it is there. */
export async function findInShadow<T extends HTMLElement = HTMLElement>(host: Element, selector: string): Promise<T> {
  return waitFor(() => {
    const found = host.shadowRoot?.querySelector<T>(selector);
    expect(found, selector).toBeTruthy();
    return found!;
  }, TIMEOUT);
}

/** Waits until `host` reflects `state`. */
export async function waitForState(host: Element, state: 'idle' | 'pending' | 'success' | 'error'): Promise<void> {
  await waitFor(() => expect(host.getAttribute('state')).toBe(state), TIMEOUT);
}

/**
 * Clicks the element's own button and waits for `state`. With an `expectedCode`,
 * also checks that the `passkey-error` event carried that code.
 */
export async function clickAndWait(
  host: HTMLElement,
  state: 'pending' | 'success' | 'error',
  expectedCode?: PasskeyErrorCode,
): Promise<void> {
  let code: PasskeyErrorCode | undefined;
  host.addEventListener('passkey-error', (e) => (code = e.detail.code), { once: true });
  (await findInShadow(host, 'button')).click();
  await waitForState(host, state);
  if (expectedCode) await waitFor(() => expect(code).toBe(expectedCode), TIMEOUT);
}

export { expect, waitFor };

// ---------------------------------------------------------------------------
// Sample passkeys
// ---------------------------------------------------------------------------

const credentialId = (id: string) => toBase64url(new TextEncoder().encode(`cred-${id}`));

function passkey(p: Omit<Passkey, 'credentialId'>): Passkey {
  return { ...p, credentialId: credentialId(p.id) };
}

export const applePasskey = (): Passkey =>
  passkey({
    id: 'pk-apple',
    name: 'iPhone 15 Pro',
    createdAt: daysAgo(214),
    lastUsedAt: daysAgo(0.02),
    aaguid: AAGUID.applePasswords,
    backedUp: true,
    deviceType: 'multiDevice',
    transports: ['internal', 'hybrid'],
  });

/** Four passkeys from four providers: synced, synced, security key, device-bound and never used. */
export const severalPasskeys = (): Passkey[] => [
  applePasskey(),
  passkey({
    id: 'pk-google',
    name: 'Pixel 8',
    createdAt: daysAgo(96),
    lastUsedAt: daysAgo(3),
    aaguid: AAGUID.googlePasswordManager,
    backedUp: true,
    deviceType: 'multiDevice',
    transports: ['internal', 'hybrid'],
  }),
  passkey({
    id: 'pk-yubikey',
    name: 'YubiKey on my keychain',
    createdAt: daysAgo(420),
    lastUsedAt: daysAgo(41),
    aaguid: AAGUID.yubiKey5,
    backedUp: false,
    deviceType: 'singleDevice',
    transports: ['usb', 'nfc'],
  }),
  passkey({
    id: 'pk-windows',
    name: 'Work laptop',
    createdAt: daysAgo(12),
    aaguid: AAGUID.windowsHello,
    backedUp: false,
    deviceType: 'singleDevice',
    transports: ['internal'],
  }),
];

/** Names that are long, unbroken, right-to-left, or exactly the 64-character limit. */
export const longNamePasskeys = (): Passkey[] => [
  passkey({
    id: 'pk-long-words',
    name: 'Ada’s MacBook Pro 16-inch (2023) — Chrome profile “Work”, synced through Google Password Manager',
    createdAt: daysAgo(40),
    lastUsedAt: daysAgo(1),
    aaguid: AAGUID.googlePasswordManager,
    backedUp: true,
    deviceType: 'multiDevice',
    transports: ['internal', 'hybrid'],
  }),
  passkey({
    id: 'pk-long-unbroken',
    name: 'Sicherheitsschlüsselzugangsberechtigungsverwaltungsersatzschlüssel-YubiKey-5C-NFC',
    createdAt: daysAgo(800),
    lastUsedAt: daysAgo(200),
    aaguid: AAGUID.yubiKey5,
    backedUp: false,
    deviceType: 'singleDevice',
    transports: ['usb', 'nfc'],
  }),
  passkey({
    id: 'pk-arabic',
    name: 'مفتاح المرور على هاتف العمل (iPhone)',
    createdAt: daysAgo(5),
    lastUsedAt: daysAgo(0.5),
    aaguid: AAGUID.applePasswords,
    backedUp: true,
    deviceType: 'multiDevice',
    transports: ['internal', 'hybrid'],
  }),
  passkey({
    id: 'pk-64',
    name: 'A name of exactly sixty-four characters, the most a rename takes',
    createdAt: daysAgo(2),
    aaguid: AAGUID.windowsHello,
    backedUp: false,
    deviceType: 'singleDevice',
    transports: ['internal'],
  }),
];

const PROVIDERS: { aaguid: string; label: string; synced: boolean; transports: string[] }[] = [
  { aaguid: AAGUID.applePasswords, label: 'iPhone', synced: true, transports: ['internal', 'hybrid'] },
  { aaguid: AAGUID.googlePasswordManager, label: 'Android phone', synced: true, transports: ['internal', 'hybrid'] },
  { aaguid: AAGUID.yubiKey5, label: 'YubiKey', synced: false, transports: ['usb', 'nfc'] },
  { aaguid: AAGUID.windowsHello, label: 'Windows PC', synced: false, transports: ['internal'] },
  { aaguid: AAGUID.onePassword, label: '1Password vault', synced: true, transports: ['internal', 'hybrid'] },
  { aaguid: AAGUID.bitwarden, label: 'Bitwarden vault', synced: true, transports: ['internal', 'hybrid'] },
];

/** `count` passkeys cycling through six providers, oldest first. */
export const manyPasskeys = (count = 100): Passkey[] =>
  Array.from({ length: count }, (_, i) => {
    const provider = PROVIDERS[i % PROVIDERS.length];
    return passkey({
      id: `pk-${i + 1}`,
      name: `${provider.label} ${i + 1}`,
      createdAt: daysAgo(count * 3 - i * 3),
      ...(i % 7 === 3 ? {} : { lastUsedAt: daysAgo((i * 13) % 90) }),
      aaguid: provider.aaguid,
      backedUp: provider.synced,
      deviceType: provider.synced ? 'multiDevice' : 'singleDevice',
      transports: provider.transports,
    });
  });

const tile = (background: string, text: string, color = '#fff') =>
  `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="${background}"/><text x="12" y="16" font-family="system-ui,sans-serif" font-size="10" font-weight="700" text-anchor="middle" fill="${color}">${text}</text></svg>`,
  )}`;

/** Provider icons a page might pass as `authenticators` (placeholders drawn here, not the vendors' logos). */
export const providerIcons = {
  [AAGUID.applePasswords]: {
    name: 'Apple Passwords',
    icon_light: tile('#111827', 'A'),
    icon_dark: tile('#f3f4f6', 'A', '#111827'),
  },
  [AAGUID.googlePasswordManager]: { name: 'Google Password Manager', icon_light: tile('#1a73e8', 'G') },
  [AAGUID.yubiKey5]: { name: 'YubiKey 5 Series', icon_light: tile('#84bd00', 'Y') },
  [AAGUID.windowsHello]: { name: 'Windows Hello', icon_light: tile('#0078d4', 'W') },
};
