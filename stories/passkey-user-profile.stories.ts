import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../src/passkey-user-profile.js';
import type { AuthenticatorInfo, Passkey } from '../src/index.js';
import {
  applePasskey,
  darkPage,
  expect,
  findElement,
  findInShadow,
  longNamePasskeys,
  manyPasskeys,
  narrowPage,
  on,
  providerIcons,
  rtlPage,
  severalPasskeys,
  waitFor,
  waitForState,
} from './helpers.js';
import {
  WEBAUTHN_OUTCOMES,
  createMockAdapter,
  mockWebAuthn,
  type MockAdapterOptions,
  type WebAuthnOutcome,
} from './mock-adapter.js';

interface ProfileArgs {
  heading: string;
  readonly: boolean;
  hideExplainer: boolean;
  theme: 'light' | 'dark' | undefined;
  /** Provider names and icons by AAGUID. */
  authenticators: AuthenticatorInfo | undefined;
  /** The passkeys on the mock server. */
  passkeys: Passkey[];
  /** The mock adapter has no rename or delete. */
  readOnlyAdapter: boolean;
  /** What the fake authenticator answers when adding a passkey. */
  webauthn: WebAuthnOutcome;
  /** Mock server latency (ms). */
  latency: number;
  /** Mock server failures, by adapter method. */
  fail: MockAdapterOptions['fail'];
  /** How many times each failure happens before the call succeeds (0 = always). */
  failTimes: number;
}

const mockCategory = { table: { category: 'Storybook mock' } };

const profile = (args: ProfileArgs) =>
  keyed(
    JSON.stringify(args),
    html`<passkey-user-profile
      heading=${args.heading || nothing}
      ?readonly=${args.readonly}
      ?hide-explainer=${args.hideExplainer}
      theme=${args.theme ?? nothing}
      .authenticators=${args.authenticators}
      .adapter=${createMockAdapter({
        passkeys: args.passkeys,
        readOnly: args.readOnlyAdapter,
        latency: args.latency,
        fail: args.fail,
        ...(args.failTimes > 0 ? { failTimes: args.failTimes } : {}),
      })}
      @passkey-registered=${on.registered}
      @passkey-renamed=${on.renamed}
      @passkey-deleted=${on.deleted}
      @passkey-error=${on.error}
    ></passkey-user-profile>`,
  );

const meta: Meta<ProfileArgs> = {
  title: 'Elements/passkey-user-profile',
  component: 'passkey-user-profile',
  tags: ['autodocs'],
  args: {
    heading: '',
    readonly: false,
    hideExplainer: false,
    theme: undefined,
    authenticators: undefined,
    passkeys: severalPasskeys(),
    readOnlyAdapter: false,
    webauthn: 'success',
    latency: 250,
    fail: {},
    failTimes: 0,
  },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    authenticators: { control: 'object' },
    passkeys: { description: 'The passkeys on the mock server.', control: 'object', ...mockCategory },
    readOnlyAdapter: {
      description: 'The mock adapter has no renamePasskey/deletePasskey.',
      control: 'boolean',
      ...mockCategory,
    },
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
    failTimes: {
      description: 'How many times each failure happens before the call succeeds (0 = always).',
      control: { type: 'number', min: 0 },
      ...mockCategory,
    },
  },
  beforeEach: ({ args }) => mockWebAuthn(args.webauthn),
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${profile(args)}</div>`,
};
export default meta;

type Story = StoryObj<ProfileArgs>;

type Profile = HTMLElement & { updateComplete: Promise<boolean> };

/** The profile, once its list has loaded. */
async function loaded(root: HTMLElement): Promise<Profile> {
  const element = await findElement<Profile>(root, 'passkey-user-profile');
  await findInShadow(element, '[part~="row"]:not([part~="skeleton"])');
  return element;
}

const rowButton = (element: Profile, id: string, action: 'rename' | 'delete') =>
  findInShadow<HTMLButtonElement>(element, `[data-id="${id}"] [data-action="${action}"]`);

const statusOf = (element: Profile) => element.shadowRoot!.querySelector('[part="status"]')!;

/** The nested "Add a passkey" `<passkey-button>`. */
const addButton = (element: Profile) => findInShadow(element, 'passkey-button');

// ---- list states ------------------------------------------------------------

/** Waiting for the list (the server never answers here). */
export const Loading: Story = { args: { fail: { listPasskeys: 'hang' } } };

export const Empty: Story = { args: { passkeys: [] } };

/** The empty state's "What is a passkey?" popover. */
export const EmptyExplainerOpen: Story = {
  args: { passkeys: [] },
  play: async ({ canvasElement }) => {
    const element = await findElement(canvasElement, 'passkey-user-profile');
    (await findInShadow(element, '[part="explainer-button"]')).click();
    await findInShadow(element, '[part="explainer"]');
  },
};

/** The list failed to load; "Try again" succeeds. */
export const ErrorWithRetry: Story = { args: { fail: { listPasskeys: 'network' }, failTimes: 1 } };

export const OnePasskey: Story = { args: { passkeys: [applePasskey()] } };

/** Apple Passwords, Google Password Manager, a YubiKey 5 and Windows Hello (never used). */
export const SeveralProviders: Story = {};

/** Provider icons given through the `authenticators` property. */
export const WithProviderIcons: Story = { args: { authenticators: providerIcons } };

export const LongNames: Story = { args: { passkeys: longNamePasskeys() } };

export const ManyPasskeys: Story = { args: { passkeys: manyPasskeys(100) } };

/** `readonly`: nothing to add, rename or delete. */
export const ReadOnly: Story = { args: { readonly: true } };

/** An adapter without `renamePasskey`/`deletePasskey`: those buttons are hidden, adding stays. */
export const ReadOnlyAdapter: Story = { args: { readOnlyAdapter: true } };

// ---- rename -----------------------------------------------------------------

export const Renaming: Story = {
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-google', 'rename')).click();
    await findInShadow(element, '[part="rename-input"]');
  },
};

/** Saving an empty name. */
export const RenameInvalid: Story = {
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-google', 'rename')).click();
    const input = await findInShadow<HTMLInputElement>(element, '[part="rename-input"]');
    input.value = '   ';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
  },
};

/** The server refuses the new name: the old one comes back, with a message. */
export const RenameRefused: Story = {
  args: { fail: { renamePasskey: 'server' } },
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-google', 'rename')).click();
    const input = await findInShadow<HTMLInputElement>(element, '[part="rename-input"]');
    input.value = 'My new phone';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await waitFor(() => expect(statusOf(element).classList.contains('error')).toBe(true), { timeout: 5000 });
    await expect(element.shadowRoot!.querySelector('[data-id="pk-google"] [part~="name"]')?.textContent).toBe(
      'Pixel 8',
    );
  },
};

// ---- delete -----------------------------------------------------------------

/** The confirmation popover, anchored to the Delete button. */
export const DeleteConfirmation: Story = {
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-yubikey', 'delete')).click();
    await findInShadow(element, '[part="popover"]');
  },
};

/** Deleting the only passkey warns first. */
export const DeleteLastPasskey: Story = {
  args: { passkeys: [applePasskey()] },
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-apple', 'delete')).click();
    await findInShadow(element, '[part="popover"] .warning');
  },
};

/** The server refuses to delete: the row comes back in place, with a message. */
export const DeleteRefused: Story = {
  args: { fail: { deletePasskey: 'server' } },
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-google', 'delete')).click();
    (await findInShadow(element, '[part="confirm"]')).click();
    await waitFor(() => expect(statusOf(element).classList.contains('error')).toBe(true), { timeout: 5000 });
    await findInShadow(element, '[data-id="pk-google"]');
  },
};

/** Deleting needs a recent sign-in: the card asks the user to confirm it's them; the row is back meanwhile. */
export const DeleteConfirmItsYou: Story = {
  args: { fail: { deletePasskey: 'reauthentication-required' }, failTimes: 1 },
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    (await rowButton(element, 'pk-google', 'delete')).click();
    (await findInShadow(element, '[part="confirm"]')).click();
    await findInShadow(element, '[part="reauth-confirm"]');
    await findInShadow(element, '[data-id="pk-google"]');
  },
};

/** The same notice in a right-to-left page (Arabic): the text and its buttons mirror. */
export const DeleteConfirmItsYouRTL: Story = {
  ...DeleteConfirmItsYou,
  render: (args) => rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${profile(args)}</div>`),
};

// ---- add --------------------------------------------------------------------

/** Adding a passkey: the browser's prompt is open. */
export const Adding: Story = {
  args: { webauthn: 'hang' },
  play: async ({ canvasElement }) => {
    const add = await addButton(await loaded(canvasElement));
    (await findInShadow(add, 'button')).click();
    await waitForState(add, 'pending');
  },
};

/** A passkey was added: it joins the list and is announced. */
export const Added: Story = {
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    const add = await addButton(element);
    (await findInShadow(add, 'button')).click();
    await waitFor(() => expect(element.shadowRoot!.querySelectorAll('[part~="row"]').length).toBe(5), {
      timeout: 5000,
    });
  },
};

/** This device already has a passkey for the account. */
export const AddAlreadyRegistered: Story = {
  args: { webauthn: 'InvalidStateError' },
  play: async ({ canvasElement }) => {
    const add = await addButton(await loaded(canvasElement));
    (await findInShadow(add, 'button')).click();
    await waitForState(add, 'error');
  },
};

/**
 * A browser without WebAuthn: the list can still be managed, adding cannot.
 * Not on the docs page, because it hides `PublicKeyCredential` for the whole page.
 */
export const AddUnsupported: Story = { args: { webauthn: 'unsupported' }, tags: ['!autodocs'] };

// ---- dark, RTL --------------------------------------------------------------

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (args) => darkPage(html`<div data-mock-webauthn=${args.webauthn}>${profile(args)}</div>`),
};

export const RTL: Story = {
  render: (args) => rtlPage(html`<div data-mock-webauthn=${args.webauthn}>${profile(args)}</div>`),
};

/** 320px wide: each row's actions go under its name, and long names keep most of their letters. */
export const Narrow: Story = {
  args: { passkeys: longNamePasskeys().slice(0, 2).concat(applePasskey()), authenticators: providerIcons },
  render: (args) => html`<div data-mock-webauthn=${args.webauthn}>${narrowPage(profile(args))}</div>`,
};
