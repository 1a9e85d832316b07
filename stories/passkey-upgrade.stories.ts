import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../src/passkey-upgrade.js';
import { darkPage, expect, narrowPage, findElement, findInShadow, on, rtlPage, waitFor } from './helpers.js';
import {
  WEBAUTHN_OUTCOMES,
  createMockAdapter,
  mockWebAuthn,
  type MockAdapterOptions,
  type WebAuthnOutcome,
} from './mock-adapter.js';

interface UpgradeArgs {
  username: string;
  /** Why the passkey is offered: after a password sign-in, or after one with a phone or security key. */
  reason: 'password' | 'other-device';
  manual: boolean;
  hideExplainer: boolean;
  theme: 'light' | 'dark' | undefined;
  /** What the fake authenticator answers to "Create a passkey". */
  webauthn: WebAuthnOutcome;
  /** Whether the browser can create a passkey silently (conditional create), and does. */
  conditionalCreate: boolean;
  /** Mock server latency (ms). */
  latency: number;
  /** Mock server failures, by adapter method. */
  fail: MockAdapterOptions['fail'];
}

const mockCategory = { table: { category: 'Storybook mock' } };

const upgrade = (args: UpgradeArgs) =>
  keyed(
    JSON.stringify(args),
    html`<passkey-upgrade
      username=${args.username || nothing}
      reason=${args.reason}
      ?manual=${args.manual}
      ?hide-explainer=${args.hideExplainer}
      theme=${args.theme ?? nothing}
      .adapter=${createMockAdapter({ latency: args.latency, fail: args.fail })}
      @passkey-registered=${on.registered}
      @passkey-error=${on.error}
    ></passkey-upgrade>`,
  );

/** "Not now" and "Don't ask again" are remembered in web storage: forget them so every story starts fresh. */
function forgetDismissals(): void {
  for (const storage of [localStorage, sessionStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('passkey-upgrade:')) storage.removeItem(key);
  }
}

const meta: Meta<UpgradeArgs> = {
  title: 'Elements/passkey-upgrade',
  component: 'passkey-upgrade',
  tags: ['autodocs'],
  args: {
    username: 'ada@example.com',
    reason: 'password',
    manual: false,
    hideExplainer: false,
    theme: undefined,
    webauthn: 'success',
    conditionalCreate: false,
    latency: 250,
    fail: {},
  },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    reason: { control: 'inline-radio', options: ['password', 'other-device'] },
    webauthn: {
      description:
        'What the fake authenticator answers: success, hang (prompt stays open), a DOMException name, unsupported (no WebAuthn) or insecure (http).',
      control: 'select',
      options: WEBAUTHN_OUTCOMES,
      ...mockCategory,
    },
    conditionalCreate: {
      description: 'Whether the browser can create a passkey silently (conditional create), and does.',
      control: 'boolean',
      ...mockCategory,
    },
    latency: {
      description: 'Milliseconds each mock server call takes.',
      control: { type: 'number', min: 0, step: 50 },
      ...mockCategory,
    },
    fail: {
      description: 'Mock server failures by adapter method: an error code, or "hang".',
      control: 'object',
      ...mockCategory,
    },
  },
  beforeEach: ({ args }) => {
    forgetDismissals();
    return mockWebAuthn(args.webauthn, { conditionalCreate: args.conditionalCreate });
  },
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${upgrade(args)}</div>`,
};
export default meta;

type Story = StoryObj<UpgradeArgs>;

type Upgrade = HTMLElement & { updateComplete: Promise<boolean> };

/** The upgrade card, once shown. */
async function card(root: HTMLElement): Promise<Upgrade> {
  const element = await findElement<Upgrade>(root, 'passkey-upgrade');
  await findInShadow(element, '[part="card"]');
  return element;
}

/** "Create a passkey": the `<passkey-button>` inside the card. */
const createButton = async (element: Upgrade) =>
  findInShadow<HTMLButtonElement>(await findInShadow(element, 'passkey-button'), '[part="button"]');
const statusOf = (element: Upgrade) => element.shadowRoot?.querySelector('[part="status"]');

/** The browser cannot create a passkey silently: the card offers one. */
export const Card: Story = {};

/** After a sign-in with a phone or security key (`fromOtherDevice`): a passkey on this device. */
export const OtherDevice: Story = { args: { reason: 'other-device' } };

export const OtherDeviceDark: Story = {
  args: { reason: 'other-device', theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(html`<div data-mock-webauthn=${args.webauthn}>${upgrade(args)}</div>`),
};

export const OtherDeviceRTL: Story = {
  args: { reason: 'other-device' },
  render: (args) => rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${upgrade(args)}</div>`),
};

/** `manual`: the card even where a silent create would work. */
export const Manual: Story = { args: { manual: true, conditionalCreate: true } };

export const WithoutExplainer: Story = { args: { hideExplainer: true } };

export const ExplainerOpen: Story = {
  play: async ({ canvasElement }) => {
    const element = await card(canvasElement);
    (await findInShadow(element, '[part="explainer-button"]')).click();
    await findInShadow(element, '[part="explainer"]');
  },
};

/** "Create a passkey" was chosen; the browser's prompt is open. */
export const Pending: Story = {
  args: { webauthn: 'hang' },
  play: async ({ canvasElement }) => {
    const element = await card(canvasElement);
    (await createButton(element)).click();
    await waitFor(() => expect(statusOf(element)?.textContent?.trim()).toBeTruthy());
  },
};

export const Created: Story = {
  play: async ({ canvasElement }) => {
    const element = await card(canvasElement);
    (await createButton(element)).click();
    await waitFor(() => expect(statusOf(element)?.classList.contains('success')).toBe(true), { timeout: 5000 });
  },
};

/** The user dismissed the browser's prompt. */
export const ErrorCancelled: Story = {
  args: { webauthn: 'NotAllowedError' },
  play: async ({ canvasElement }) => {
    const element = await card(canvasElement);
    (await createButton(element)).click();
    await waitFor(() => expect(statusOf(element)?.classList.contains('error')).toBe(true), { timeout: 5000 });
  },
};

export const ErrorAlreadyRegistered: Story = {
  args: { webauthn: 'InvalidStateError' },
  play: async ({ canvasElement }) => {
    const element = await card(canvasElement);
    (await createButton(element)).click();
    await waitFor(() => expect(statusOf(element)?.classList.contains('error')).toBe(true), { timeout: 5000 });
  },
};

/**
 * Conditional create: the password manager made a passkey without a dialog,
 * so the element shows nothing (the `passkey-registered` event is in the Actions panel).
 */
export const CreatedSilently: Story = {
  args: { conditionalCreate: true },
  render: (args) =>
    html`<div data-mock-webauthn=${args.webauthn}>
      <p style="margin: 0 0 8px; font: 14px system-ui; color: #4b5563">
        (Nothing below: the passkey was created silently.)
      </p>
      ${upgrade(args)}
    </div>`,
};

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(html`<div data-mock-webauthn=${args.webauthn}>${upgrade(args)}</div>`),
};

export const RTL: Story = {
  render: (args) => rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${upgrade(args)}</div>`),
};

/** 320px wide, alone and in a flex row. */
export const Narrow: Story = {
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(upgrade(args))}</div>`,
};
