import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../src/passkey-button.js';
import type { PasskeyErrorCode } from '../src/index.js';
import { clickAndWait, darkPage, findElement, narrowPage, on, rtlPage } from './helpers.js';
import {
  WEBAUTHN_OUTCOMES,
  createMockAdapter,
  mockWebAuthn,
  type MockAdapterOptions,
  type WebAuthnOutcome,
} from './mock-adapter.js';

interface ButtonArgs {
  action: 'sign-in' | 'register' | 'reauthenticate';
  /** Slotted label; empty for the built-in one. */
  label: string;
  username: string;
  disabled: boolean;
  theme: 'light' | 'dark' | undefined;
  /** What the fake authenticator answers. */
  webauthn: WebAuthnOutcome;
  /** Mock server latency (ms). */
  latency: number;
  /** Mock server failures, by adapter method. */
  fail: MockAdapterOptions['fail'];
}

const mockCategory = { table: { category: 'Storybook mock' } };

const button = (args: ButtonArgs) =>
  keyed(
    JSON.stringify(args),
    html`<passkey-button
      action=${args.action}
      username=${args.username || nothing}
      ?disabled=${args.disabled}
      theme=${args.theme ?? nothing}
      .adapter=${createMockAdapter({ latency: args.latency, fail: args.fail })}
      @passkey-signed-in=${on.signedIn}
      @passkey-registered=${on.registered}
      @passkey-reauthenticated=${on.reauthenticated}
      @passkey-error=${on.error}
      >${args.label || nothing}</passkey-button
    >`,
  );

const meta: Meta<ButtonArgs> = {
  title: 'Elements/passkey-button',
  component: 'passkey-button',
  tags: ['autodocs'],
  args: {
    action: 'sign-in',
    label: '',
    username: '',
    disabled: false,
    theme: undefined,
    webauthn: 'success',
    latency: 250,
    fail: {},
  },
  argTypes: {
    action: { control: 'inline-radio', options: ['sign-in', 'register', 'reauthenticate'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    label: { control: 'text', table: { category: 'slots' } },
    webauthn: {
      description:
        'What the fake authenticator answers: success, hang (prompt stays open), a DOMException name, unsupported (no WebAuthn) or insecure (http).',
      control: 'select',
      options: WEBAUTHN_OUTCOMES,
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
  beforeEach: ({ args }) => mockWebAuthn(args.webauthn),
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${button(args)}</div>`,
};
export default meta;

type Story = StoryObj<ButtonArgs>;

// ---- idle -----------------------------------------------------------------

export const SignIn: Story = {};

export const Register: Story = { args: { action: 'register' } };

/** Before an app's own sensitive action: the signed-in user confirms it's them. */
export const Reauthenticate: Story = { args: { action: 'reauthenticate' } };

/** Confirmed: `passkey-reauthenticated` fired, the session is fresh. */
export const Reauthenticated: Story = {
  args: { action: 'reauthenticate' },
  play: async ({ canvasElement }) => clickAndWait(await findElement(canvasElement, 'passkey-button'), 'success'),
};

export const CustomLabel: Story = { args: { label: 'Continue with a passkey' } };

/** A long German label and message in a 280px column. */
export const LongLabel: Story = {
  args: {
    label: 'Mit einem Passkey anmelden — Fingerabdruck, Gesichtserkennung oder Bildschirmsperre verwenden',
    webauthn: 'NotAllowedError',
  },
  play: async ({ canvasElement }) =>
    clickAndWait(await findElement(canvasElement, 'passkey-button'), 'error', 'cancelled'),
  render: (args) =>
    html`<div lang="de" style="max-inline-size: 280px" data-mock-webauthn=${args.webauthn}>${button(args)}</div>`,
};

export const Disabled: Story = { args: { disabled: true } };

// ---- pending and success ----------------------------------------------------

/** The browser's passkey prompt is open (it never answers here). */
export const Pending: Story = {
  args: { webauthn: 'hang' },
  play: async ({ canvasElement }) => clickAndWait(await findElement(canvasElement, 'passkey-button'), 'pending'),
};

export const PendingRegister: Story = {
  args: { action: 'register', webauthn: 'hang' },
  play: async ({ canvasElement }) => clickAndWait(await findElement(canvasElement, 'passkey-button'), 'pending'),
};

export const Success: Story = {
  play: async ({ canvasElement }) => clickAndWait(await findElement(canvasElement, 'passkey-button'), 'success'),
};

export const RegisterSuccess: Story = {
  args: { action: 'register' },
  play: async ({ canvasElement }) => clickAndWait(await findElement(canvasElement, 'passkey-button'), 'success'),
};

// ---- one story per error code ----------------------------------------------

/** Clicks, then checks the button reached `code`: a browser rejection or a server failure, as for real. */
const expectError =
  (code: PasskeyErrorCode): Story['play'] =>
  async ({ canvasElement }) =>
    clickAndWait(await findElement(canvasElement, 'passkey-button'), 'error', code);

/** The user dismissed the browser prompt (or it timed out): NotAllowedError. */
export const ErrorCancelled: Story = {
  name: 'Error: cancelled',
  args: { webauthn: 'NotAllowedError' },
  play: expectError('cancelled'),
};

/** No WebAuthn in this browser. Not on the docs page: it hides `PublicKeyCredential` for the whole page. */
export const ErrorNotSupported: Story = {
  name: 'Error: not-supported',
  args: { webauthn: 'unsupported' },
  tags: ['!autodocs'],
  play: expectError('not-supported'),
};

/** Served over http. Not on the docs page: it fakes `isSecureContext` for the whole page. */
export const ErrorInsecureContext: Story = {
  name: 'Error: insecure-context',
  args: { webauthn: 'insecure' },
  tags: ['!autodocs'],
  play: expectError('insecure-context'),
};

/** The rpId does not match the page's address: SecurityError. */
export const ErrorInvalidDomain: Story = {
  name: 'Error: invalid-domain',
  args: { webauthn: 'SecurityError' },
  play: expectError('invalid-domain'),
};

/** Creating a passkey on an authenticator that already has one for this account: InvalidStateError. */
export const ErrorAlreadyRegistered: Story = {
  name: 'Error: already-registered',
  args: { action: 'register', webauthn: 'InvalidStateError' },
  play: expectError('already-registered'),
};

/** The server does not know the passkey the user picked. */
export const ErrorUnknownCredential: Story = {
  name: 'Error: unknown-credential',
  args: { fail: { verifyAuthentication: 'unknown-credential' } },
  play: expectError('unknown-credential'),
};

export const ErrorInvalidOptions: Story = {
  name: 'Error: invalid-options',
  args: { fail: { getAuthenticationOptions: 'invalid-options' } },
  play: expectError('invalid-options'),
};

export const ErrorVerificationFailed: Story = {
  name: 'Error: verification-failed',
  args: { fail: { verifyAuthentication: 'verification-failed' } },
  play: expectError('verification-failed'),
};

/** Adding a passkey with an expired session. */
export const ErrorUnauthorized: Story = {
  name: 'Error: unauthorized',
  args: { action: 'register', fail: { getRegistrationOptions: 'unauthorized' } },
  play: expectError('unauthorized'),
};

export const ErrorNetwork: Story = {
  name: 'Error: network',
  args: { fail: { getAuthenticationOptions: 'network' } },
  play: expectError('network'),
};

export const ErrorServer: Story = {
  name: 'Error: server',
  args: { fail: { verifyAuthentication: 'server' } },
  play: expectError('server'),
};

export const ErrorRateLimited: Story = {
  name: 'Error: rate-limited',
  args: { fail: { getAuthenticationOptions: 'rate-limited' } },
  play: expectError('rate-limited'),
};

/** The request was aborted (AbortError), e.g. superseded by another ceremony. */
export const ErrorAborted: Story = {
  name: 'Error: aborted',
  args: { webauthn: 'AbortError' },
  play: expectError('aborted'),
};

export const ErrorUnknown: Story = {
  name: 'Error: unknown',
  args: { webauthn: 'UnknownError' },
  play: expectError('unknown'),
};

// ---- playground, dark, RTL --------------------------------------------------

/** Every control wired: pick the authenticator's answer and the server's failures, then click. */
export const Playground: Story = {
  args: { webauthn: 'success', fail: {} },
};

/** On a dark page: idle, and an error under the second button. */
export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) =>
    darkPage(
      html`<div style="display: flex; gap: 24px; flex-wrap: wrap" data-mock-webauthn=${args.webauthn}>
        ${button(args)}
        <span id="failing"
          >${button({ ...args, action: 'register', fail: { getRegistrationOptions: 'network' } })}</span
        >
        ${button({ ...args, disabled: true })}
      </div>`,
    ),
  play: async ({ canvasElement }) =>
    clickAndWait(await findElement(canvasElement, '#failing passkey-button'), 'error', 'network'),
};

/** In a right-to-left page: an idle button, and a cancelled one with its message. */
export const RTL: Story = {
  args: { webauthn: 'NotAllowedError' },
  render: (args) =>
    rtlPage(
      html`<div style="display: flex; gap: 24px; flex-wrap: wrap" data-mock-webauthn=${args.webauthn}>
        <span id="failing">${button(args)}</span>
        ${button({ ...args, action: 'register' })}
      </div>`,
    ),
  play: async ({ canvasElement }) =>
    clickAndWait(await findElement(canvasElement, '#failing passkey-button'), 'error', 'cancelled'),
};

/** 320px wide with a short label: the error reads at a comfortable width, not the button's. */
export const Narrow: Story = {
  args: { label: 'Sign in', fail: { getAuthenticationOptions: 'network' } },
  play: async ({ canvasElement }) =>
    clickAndWait(await findElement(canvasElement, 'passkey-button'), 'error', 'network'),
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(button(args))}</div>`,
};
