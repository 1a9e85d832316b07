import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../src/passkey-sign-in.js';
import type { SignInResult } from '../src/index.js';
import {
  clickAndWait,
  darkPage,
  expect,
  narrowPage,
  findElement,
  findInShadow,
  on,
  rtlPage,
  waitFor,
} from './helpers.js';
import {
  WEBAUTHN_OUTCOMES,
  createMockAdapter,
  mockWebAuthn,
  type MockAdapterOptions,
  type WebAuthnOutcome,
} from './mock-adapter.js';

interface SignInArgs {
  identifierFirst: boolean;
  heading: string;
  buttonLabel: string;
  usernameLabel: string;
  disabled: boolean;
  hideExplainer: boolean;
  theme: 'light' | 'dark' | undefined;
  /** What the fake authenticator answers. */
  webauthn: WebAuthnOutcome;
  /** Whether the browser reports passkey autofill (the username field is shown for it). */
  autofill: boolean;
  /** Mock server latency (ms). */
  latency: number;
  /** Mock server failures, by adapter method. */
  fail: MockAdapterOptions['fail'];
  /** What the mock server answers to a successful sign-in. */
  signInResult: SignInResult | undefined;
  /** Whether the browser offers immediate mode, and then finds no passkey on this device. */
  immediate: boolean;
}

const mockCategory = { table: { category: 'Storybook mock' } };

const card = (args: SignInArgs, content: TemplateResult | typeof nothing = nothing) =>
  keyed(
    JSON.stringify(args),
    html`<passkey-sign-in
      ?identifier-first=${args.identifierFirst}
      heading=${args.heading || nothing}
      button-label=${args.buttonLabel || nothing}
      username-label=${args.usernameLabel || nothing}
      ?disabled=${args.disabled}
      ?hide-explainer=${args.hideExplainer}
      theme=${args.theme ?? nothing}
      .adapter=${createMockAdapter({ latency: args.latency, fail: args.fail, signInResult: args.signInResult })}
      @passkey-signed-in=${on.signedIn}
      @passkey-error=${on.error}
      >${content}</passkey-sign-in
    >`,
  );

const EN = {
  password: 'Sign in with a password',
  link: 'Email me a sign-in link',
  newHere: 'New here?',
  signUp: 'Create an account',
};
const AR: typeof EN = {
  password: 'تسجيل الدخول بكلمة المرور',
  link: 'أرسل لي رابط تسجيل الدخول',
  newHere: 'جديد هنا؟',
  signUp: 'أنشئ حسابًا',
};

/** What a site typically puts in the slots: a logo, other ways in, and a footer link. */
const slotsIn = (t: typeof EN) => html`
  <div slot="header" style="display: flex; align-items: center; gap: 8px; font-weight: 700">
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
      <rect width="28" height="28" rx="7" fill="#2563eb" />
      <path d="M8 19l6-10 6 10z" fill="#fff" />
    </svg>
    <span>Acme Cloud</span>
  </div>
  <a
    slot="fallback"
    href="#password"
    style="display: block; padding: 11px; border: 1px solid #d1d5db; border-radius: 8px; text-align: center; color: inherit; font-weight: 600; text-decoration: none"
    >${t.password}</a
  >
  <a
    slot="fallback"
    href="#magic-link"
    style="display: block; padding: 11px; border: 1px solid #d1d5db; border-radius: 8px; text-align: center; color: inherit; font-weight: 600; text-decoration: none"
    >${t.link}</a
  >
  <p slot="footer" style="margin: 0; font-size: 0.875em; text-align: center">
    ${t.newHere} <a href="#sign-up" style="color: inherit">${t.signUp}</a>
  </p>
`;

const slots = slotsIn(EN);

const meta: Meta<SignInArgs> = {
  title: 'Elements/passkey-sign-in',
  component: 'passkey-sign-in',
  tags: ['autodocs'],
  args: {
    identifierFirst: false,
    heading: '',
    buttonLabel: '',
    usernameLabel: '',
    disabled: false,
    hideExplainer: false,
    theme: undefined,
    webauthn: 'success',
    autofill: true,
    latency: 250,
    fail: {},
    signInResult: undefined,
    immediate: false,
  },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    webauthn: {
      description:
        'What the fake authenticator answers: success, hang (prompt stays open), a DOMException name, unsupported (no WebAuthn) or insecure (http).',
      control: 'select',
      options: WEBAUTHN_OUTCOMES,
      ...mockCategory,
    },
    autofill: {
      description: 'Whether the browser reports passkey autofill (conditional mediation).',
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
    signInResult: {
      description: 'What the mock server answers to a successful sign-in.',
      control: 'object',
      ...mockCategory,
    },
    immediate: {
      description: 'Whether the browser offers immediate mode (and finds no passkey on this device).',
      control: 'boolean',
      ...mockCategory,
    },
  },
  beforeEach: ({ args }) =>
    mockWebAuthn(args.webauthn, { autofill: args.autofill, immediate: args.immediate ? 'none' : undefined }),
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${card(args)}</div>`,
};
export default meta;

type Story = StoryObj<SignInArgs>;

const withSlots = (args: SignInArgs) => html`<div data-mock-webauthn=${args.webauthn}>${card(args, slots)}</div>`;
const signIn = (root: HTMLElement) => findElement(root, 'passkey-sign-in');

// ---- idle -----------------------------------------------------------------

/** Discoverable sign-in; the username field is there for passkey autofill. */
export const Default: Story = {};

/** A browser without passkey autofill: just the button. */
export const WithoutAutofill: Story = { args: { autofill: false } };

export const IdentifierFirst: Story = { args: { identifierFirst: true } };

/** The page supplies its own `<input slot="username">`, already filled in. */
export const IdentifierFirstPrefilled: Story = {
  args: { identifierFirst: true },
  render: (args) =>
    html`<div data-mock-webauthn=${args.webauthn}>
      ${card(args, html`<input slot="username" name="email" type="email" value="ada@example.com" />`)}
    </div>`,
};

/** Clicked with an empty username: the field is flagged. */
export const IdentifierFirstMissingUsername: Story = {
  args: { identifierFirst: true },
  play: async ({ canvasElement }) => {
    const element = await signIn(canvasElement);
    (await findInShadow(element, 'button')).click();
    await waitFor(() => expect(element.querySelector('input')?.getAttribute('aria-invalid')).toBe('true'));
  },
};

export const WithHeaderFooterAndFallback: Story = { render: withSlots };

export const Disabled: Story = { args: { disabled: true } };

export const WithoutExplainer: Story = { args: { hideExplainer: true } };

/** The "What is a passkey?" popover. */
export const ExplainerOpen: Story = {
  play: async ({ canvasElement }) => {
    const element = await signIn(canvasElement);
    (await findInShadow(element, '[part="explainer-button"]')).click();
    await findInShadow(element, '[part="explainer"]');
  },
};

/** A German page, long custom labels and a 320px column. */
export const LongLabels: Story = {
  args: {
    identifierFirst: true,
    heading: 'Melden Sie sich bei Ihrem Unternehmenskundenkonto an, um fortzufahren',
    buttonLabel: 'Mit Fingerabdruck, Gesichtserkennung oder Bildschirmsperre anmelden',
    usernameLabel: 'Benutzername, E-Mail-Adresse oder Mobiltelefonnummer des Kontoinhabers',
  },
  render: (args) =>
    html`<div lang="de" style="max-inline-size: 320px" data-mock-webauthn=${args.webauthn}>${card(args, slots)}</div>`,
};

// ---- ceremony states --------------------------------------------------------

/** The browser's passkey prompt is open. */
export const Pending: Story = {
  args: { webauthn: 'hang' },
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'pending'),
};

/** The user dismissed the prompt. */
export const ErrorCancelled: Story = {
  args: { webauthn: 'NotAllowedError' },
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'error', 'cancelled'),
};

/** The server no longer knows the passkey (the card also signals it to the password manager). */
export const ErrorUnknownCredential: Story = {
  args: { fail: { verifyAuthentication: 'unknown-credential' } },
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'error', 'unknown-credential'),
};

export const ErrorRateLimited: Story = {
  args: { identifierFirst: true, fail: { verifyAuthentication: 'rate-limited' } },
  render: (args) =>
    html`<div data-mock-webauthn=${args.webauthn}>
      ${card(args, html`<input slot="username" type="text" value="ada@example.com" />`)}
    </div>`,
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'error', 'rate-limited'),
};

export const SignedIn: Story = {
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'success'),
};

/** The server asked to continue on another website: the card refuses and says so. */
export const SignedInRedirectRefused: Story = {
  args: { signInResult: { user: { id: 'user-ada' }, redirectTo: 'https://elsewhere.example/welcome' } },
  play: async ({ canvasElement }) => clickAndWait(await signIn(canvasElement), 'success'),
};

// ---- unavailable ------------------------------------------------------------

/**
 * A browser without WebAuthn: a notice and the other ways to sign in. Not on
 * the docs page, because it hides `PublicKeyCredential` for the whole page.
 */
export const NotSupported: Story = {
  args: { webauthn: 'unsupported' },
  tags: ['!autodocs'],
  render: withSlots,
};

/** Served over http. Not on the docs page, because it fakes `isSecureContext` for the whole page. */
export const InsecureContext: Story = {
  args: { webauthn: 'insecure' },
  tags: ['!autodocs'],
  render: withSlots,
};

// ---- dark, RTL --------------------------------------------------------------

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(withSlots(args)),
};

export const RTL: Story = {
  args: { identifierFirst: true },
  render: (args) => rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${card(args, slotsIn(AR))}</div>`),
};

/**
 * Immediate mode found no passkey on this device: the card says so at once and
 * offers the usual prompt, for a phone (QR code) or a security key.
 */
export const NoPasskeyOnThisDevice: Story = {
  args: { immediate: true },
  render: withSlots,
  play: async ({ canvasElement }) => {
    // The card keeps Chrome's rule of two immediate requests per 5 s (a third opens the usual
    // prompt): the stories just before may have used them.
    await new Promise((resolve) => setTimeout(resolve, 5100));
    const element = await signIn(canvasElement);
    (await findInShadow(element, 'button')).click();
    // The status line then says so, in the page's language.
    await waitFor(
      () => {
        expect(element.getAttribute('state')).toBe('idle');
        expect(element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).not.toBe('');
      },
      { timeout: 5000 },
    );
  },
};

/** The same in dark mode. */
export const NoPasskeyOnThisDeviceDark: Story = {
  args: { immediate: true, theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(withSlots(args)),
  play: NoPasskeyOnThisDevice.play,
};

/** The same, right to left and 320px wide. */
export const NoPasskeyOnThisDeviceNarrowRTL: Story = {
  args: { immediate: true },
  render: (args) =>
    rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(card(args, slotsIn(AR)))}</div>`),
  play: NoPasskeyOnThisDevice.play,
};

/** 320px wide, alone and in a flex row. */
export const Narrow: Story = {
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(card(args))}</div>`,
};

/**
 * Only `--passkey-color-accent` set, a light yellow, in dark mode: the text on
 * the button turns dark by itself, so it stays readable.
 */
export const CustomAccentDark: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) =>
    darkPage(
      html`<div style="--passkey-color-accent: #fde047" data-mock-webauthn=${args.webauthn}>${card(args)}</div>`,
    ),
};

// ---- sign-in ⇄ sign-up --------------------------------------------------------

const withSignUp = (args: SignInArgs) =>
  html`<div data-mock-webauthn=${args.webauthn}>
    <passkey-sign-in
      allow-sign-up
      theme=${args.theme ?? nothing}
      .adapter=${createMockAdapter({ latency: args.latency })}
      @passkey-signed-in=${on.signedIn}
      @passkey-error=${on.error}
    ></passkey-sign-in>
  </div>`;

/** `allow-sign-up`: "New here? Create an account" under the card. */
export const AllowSignUp: Story = { render: withSignUp };

/** After "Create an account": the same card is the sign-up form, the name typed carried over. */
export const AllowSignUpSwitched: Story = {
  render: withSignUp,
  play: async ({ canvasElement }) => {
    const element = await signIn(canvasElement);
    const input = element.querySelector('input')!;
    input.value = 'ada@example.com';
    (await findInShadow(element, '[part="switch-button"]')).click();
    const form = await findElement(element, 'passkey-sign-up');
    await waitFor(() => expect(form.querySelector('input')?.value).toBe('ada@example.com'));
  },
};

/** The switched card in dark mode, right to left. */
export const AllowSignUpSwitchedDarkRTL: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(rtlPage(withSignUp(args))),
  play: AllowSignUpSwitched.play,
};
