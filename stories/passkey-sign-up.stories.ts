import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../src/passkey-sign-up.js';
import { clickAndWait, darkPage, expect, findElement, narrowPage, on, rtlPage, waitFor } from './helpers.js';
import {
  WEBAUTHN_OUTCOMES,
  createMockAdapter,
  mockWebAuthn,
  type MockAdapterOptions,
  type WebAuthnOutcome,
} from './mock-adapter.js';

interface SignUpArgs {
  askDisplayName: boolean;
  heading: string;
  buttonLabel: string;
  disabled: boolean;
  hideExplainer: boolean;
  theme: 'light' | 'dark' | undefined;
  /** The name already in the field. */
  username: string;
  /** What the fake authenticator answers. */
  webauthn: WebAuthnOutcome;
  /** Mock server latency (ms). */
  latency: number;
  /** Mock server failures, by adapter method. */
  fail: MockAdapterOptions['fail'];
}

const mockCategory = { table: { category: 'Storybook mock' } };

const card = (args: SignUpArgs, content: TemplateResult | typeof nothing = nothing) =>
  keyed(
    JSON.stringify(args),
    html`<passkey-sign-up
      ?ask-display-name=${args.askDisplayName}
      heading=${args.heading || nothing}
      button-label=${args.buttonLabel || nothing}
      ?disabled=${args.disabled}
      ?hide-explainer=${args.hideExplainer}
      theme=${args.theme ?? nothing}
      .adapter=${createMockAdapter({ latency: args.latency, fail: args.fail })}
      @passkey-signed-up=${on.signedUp}
      @passkey-signed-in=${on.signedIn}
      @passkey-error=${on.error}
      >${args.username ? html`<input slot="username" value=${args.username} />` : nothing}${content}</passkey-sign-up
    >`,
  );

/** What a site typically puts in the slots: a logo and its terms. */
const slots = (terms = 'By creating an account you accept the terms.') => html`
  <div slot="header" style="display: flex; align-items: center; gap: 8px; font-weight: 700">
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
      <rect width="28" height="28" rx="7" fill="#2563eb" />
      <path d="M8 19l6-10 6 10z" fill="#fff" />
    </svg>
    <span>Acme Cloud</span>
  </div>
  <p slot="footer" style="margin: 0; font-size: 0.875em; text-align: center">${terms}</p>
`;

const meta: Meta<SignUpArgs> = {
  title: 'Elements/passkey-sign-up',
  component: 'passkey-sign-up',
  tags: ['autodocs'],
  args: {
    askDisplayName: false,
    heading: '',
    buttonLabel: '',
    disabled: false,
    hideExplainer: false,
    theme: undefined,
    username: '',
    webauthn: 'success',
    latency: 250,
    fail: {},
  },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    username: { ...mockCategory },
    webauthn: {
      description:
        'What the fake authenticator answers: success, hang (prompt stays open), a DOMException name, unsupported (no WebAuthn) or insecure (http).',
      control: 'select',
      options: WEBAUTHN_OUTCOMES,
      ...mockCategory,
    },
    latency: { control: { type: 'number', min: 0, step: 50 }, ...mockCategory },
    fail: {
      description: 'Mock server failures by adapter method: an error code, or "hang".',
      control: 'object',
      ...mockCategory,
    },
  },
  beforeEach: ({ args }) => mockWebAuthn(args.webauthn),
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${card(args)}</div>`,
};
export default meta;

type Story = StoryObj<SignUpArgs>;

const signUp = (root: HTMLElement) => findElement(root, 'passkey-sign-up');
const ADA = 'ada@example.com';

/** Nothing typed yet. */
export const Empty: Story = {};

/** A name typed (the card fetches its options meanwhile), with the display-name field. */
export const Typing: Story = { args: { username: ADA, askDisplayName: true } };

export const WithHeaderAndFooter: Story = {
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${card(args, slots())}</div>`,
};

/** The browser's passkey prompt is open. */
export const Pending: Story = {
  args: { username: ADA, webauthn: 'hang' },
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'pending'),
};

/** The name is taken: said under the field, which keeps the name and the focus. */
export const UsernameTaken: Story = {
  args: { username: ADA, fail: { getRegistrationOptions: 'username-taken' } },
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'username-taken'),
};

export const InvalidUsername: Story = {
  args: { username: 'ada lovelace', fail: { getRegistrationOptions: 'invalid-username' } },
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'invalid-username'),
};

/** This device already has a passkey for the account: the card offers to sign in with it. */
export const AlreadyRegistered: Story = {
  args: { username: ADA, webauthn: 'InvalidStateError' },
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'already-registered'),
};

/** The user dismissed the prompt: a quiet line, and the button works again. */
export const Cancelled: Story = {
  args: { username: ADA, webauthn: 'NotAllowedError' },
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'cancelled'),
};

export const SignedUp: Story = {
  args: { username: ADA },
  play: async ({ canvasElement }) => {
    const element = await signUp(canvasElement);
    // Stay on the story: the card would follow a redirect otherwise.
    element.addEventListener('passkey-signed-up', (e) => e.preventDefault());
    await clickAndWait(element, 'success');
  },
};

/** Clicked with nothing typed: the field says what it needs. */
export const MissingUsername: Story = {
  play: async ({ canvasElement }) => {
    const element = await signUp(canvasElement);
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!.click();
    await waitFor(() => expect(element.querySelector('input')?.getAttribute('aria-invalid')).toBe('true'));
  },
};

/** A browser without WebAuthn. Not on the docs page: it hides `PublicKeyCredential` for the whole page. */
export const NotSupported: Story = {
  args: { webauthn: 'unsupported' },
  tags: ['!autodocs'],
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${card(args, slots())}</div>`,
};

export const Disabled: Story = { args: { disabled: true, username: ADA } };

export const Dark: Story = {
  args: { theme: 'dark', username: ADA, fail: { getRegistrationOptions: 'username-taken' } },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(html`<div data-mock-webauthn=${args.webauthn}>${card(args, slots())}</div>`),
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'username-taken'),
};

export const RTL: Story = {
  args: { askDisplayName: true, username: 'ada lovelace', fail: { getRegistrationOptions: 'invalid-username' } },
  render: (args) =>
    rtlPage(
      html`<div data-mock-webauthn=${args.webauthn}>${card(args, slots('بإنشاء حساب، فإنك توافق على الشروط.'))}</div>`,
    ),
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'invalid-username'),
};

/** 320px wide, in a flex row, with the already-registered message (the longest). */
export const Narrow: Story = {
  args: { username: ADA, webauthn: 'InvalidStateError', askDisplayName: true },
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(card(args))}</div>`,
  play: async ({ canvasElement }) => clickAndWait(await signUp(canvasElement), 'error', 'already-registered'),
};
