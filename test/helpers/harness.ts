// One small harness per element (the idea of Material Web's `harness.ts`): what
// a user perceives of it — its buttons by role and name, the text of its live
// status line, the profile's rows — and the few private fields a test must
// wait on, cast in one place. A change to an element's markup is fixed here
// once instead of in every test file.
import type {
  PasskeyButtonElement,
  PasskeySignInElement,
  PasskeyUpgradeElement,
  PasskeyUserProfileElement,
} from '../../src/index.js';
import { until } from './authenticator.js';

/** Folds white space, as a screen reader reads text. */
const folded = (text: string | null | undefined) => (text ?? '').trim().replace(/\s+/g, ' ');

/** Text as rendered: a `<slot>` reads as what is slotted into it (or its fallback content). */
function flatText(node: Node): string {
  // By name, not instanceof: the CSP test's elements live in an iframe, another window.
  if (node.nodeType === Node.ELEMENT_NODE && (node as Element).localName === 'slot') {
    const assigned = (node as HTMLSlotElement).assignedNodes({ flatten: true });
    return (assigned.length ? assigned : [...node.childNodes]).map(flatText).join('');
  }
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  return [...node.childNodes].map(flatText).join('');
}

/** A button's accessible name: its `aria-label`, else its rendered text. */
export const nameOf = (button: Element) => folded(button.getAttribute('aria-label') ?? flatText(button));

/**
 * The buttons in `scope` and in the shadow roots below it, in document order:
 * the profile's "Add a passkey" is a `<passkey-button>` of its own.
 */
function buttonsIn(scope: ParentNode): HTMLButtonElement[] {
  const found: HTMLButtonElement[] = [];
  for (const node of scope.querySelectorAll('*')) {
    if (node.localName === 'button') found.push(node as HTMLButtonElement);
    if (node.shadowRoot) found.push(...buttonsIn(node.shadowRoot));
  }
  return found;
}

/** The names of the buttons in `scope` and the shadow roots below it. */
export const buttonNames = (scope: ParentNode) => buttonsIn(scope).map(nameOf);

/** The button named `name` in `scope` (and shadow roots below it), if there is one. */
export const findButton = (scope: ParentNode, name: string | RegExp): HTMLButtonElement | undefined =>
  buttonsIn(scope).find((b) => (typeof name === 'string' ? nameOf(b) === name : name.test(nameOf(b))));

/** The button named `name` in `scope`; throws, naming the buttons there are, when none. */
export function buttonNamed(scope: ParentNode, name: string | RegExp): HTMLButtonElement {
  const button = findButton(scope, name);
  if (!button) throw new Error(`No button named ${String(name)}; there are: ${buttonNames(scope).join(', ')}`);
  return button;
}

/** The text of an element's live status line (`part="status"`), white space folded; '' when empty or absent. */
export const statusOf = (el: Element) => folded(el.shadowRoot?.querySelector('[part~="status"]')?.textContent);

/** An element's own main button (`part="button"`); null where it shows none (passkeys unavailable, say). */
export const mainButtonOf = (el: Element) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="button"]') as HTMLButtonElement;

/** A card's username field: the `<input>` in the page (light DOM) it slots as `username`. */
export const usernameField = (el: Element) => el.querySelector<HTMLInputElement>(':scope > input[slot="username"]')!;

/** What a screen reader announces with a field: the text its aria-describedby points at. */
export const describedBy = (input: HTMLInputElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent?.trim())
    .filter(Boolean)
    .join(' ');

/** Types `value` into `input` as a person does: focus, then an input event. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** What every element has: a shadow root, named buttons, a live status line. */
export class ElementHarness<E extends HTMLElement & { updateComplete: Promise<boolean> }> {
  constructor(readonly element: E) {}

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  /** The first element of the shadow root with the part `name`, or null. */
  part<T extends Element = HTMLElement>(name: string): T | null {
    return this.root.querySelector<T>(`[part~="${name}"]`);
  }

  /** The button named `name`, in the element or in `scope` (a row, a popover). */
  button(name: string | RegExp, scope: ParentNode = this.root): HTMLButtonElement {
    return buttonNamed(scope, name);
  }

  /** The names of the buttons it shows. */
  get buttonNames(): string[] {
    return buttonNames(this.root);
  }

  /** The text of its live status line; '' when the line is empty or absent. */
  get status(): string {
    return statusOf(this.element);
  }

  /** Clicks the button named `name` and waits for the element to render. */
  async click(name: string | RegExp, scope?: ParentNode): Promise<void> {
    this.button(name, scope).click();
    await this.element.updateComplete;
  }
}

/** `<passkey-button>`: its one button (`part="button"`; null where it shows none). */
export class ButtonHarness extends ElementHarness<PasskeyButtonElement> {
  get mainButton(): HTMLButtonElement {
    return mainButtonOf(this.element);
  }
}

/** `<passkey-sign-in>`: its button, its username field (light DOM), and when it is ready for a click. */
export class SignInHarness extends ElementHarness<PasskeySignInElement> {
  /** The "Sign in with a passkey" button; null when passkeys are unavailable. */
  get mainButton(): HTMLButtonElement {
    return mainButtonOf(this.element);
  }

  get field(): HTMLInputElement {
    return this.element.querySelector<HTMLInputElement>('input[slot="username"]')!;
  }

  /** What the card found the browser can do; undefined until it knows. */
  get capabilities(): { conditionalGet: boolean } | undefined {
    return (this.element as unknown as { capabilities?: { conditionalGet: boolean } }).capabilities;
  }

  /** Whether the card knows what the browser can do (it renders its final UI only then). */
  get capabilitiesKnown(): boolean {
    return Boolean(this.capabilities);
  }

  /** Whether it holds options, fetched ahead of the click, for `username`. */
  hasPrefetched(username = ''): boolean {
    const { prefetcher } = this.element as unknown as { prefetcher: { ready(key: string): unknown } };
    return Boolean(prefetcher.ready(username));
  }

  async ready(): Promise<this> {
    await until(() => this.capabilitiesKnown, 'capabilities');
    await this.element.updateComplete;
    return this;
  }
}

/** `<passkey-user-profile>`: rows by name, the add button, rename and delete as a user does them. */
export class ProfileHarness extends ElementHarness<PasskeyUserProfileElement> {
  get rows(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="row"]')];
  }

  /** The names shown, in order. */
  get names(): (string | undefined)[] {
    return this.rows.map((r) => r.querySelector('[part~="name"]')?.textContent?.trim());
  }

  /** The row showing `name`, if one does. */
  findRow(name: string): HTMLElement | undefined {
    return this.rows.find((r) => r.querySelector('[part~="name"]')?.textContent?.trim() === name);
  }

  /** The row showing `name`; throws when none does. */
  row(name: string): HTMLElement {
    const row = this.findRow(name);
    if (!row) throw new Error(`No row named ${name}; there are: ${this.names.join(', ')}`);
    return row;
  }

  /** The delete confirmation, when open. */
  get popover(): HTMLElement | null {
    return this.part('popover');
  }

  /** The "Add a passkey" button (inside the profile's `<passkey-button>`). */
  get addButton(): HTMLButtonElement {
    return this.button('Add a passkey');
  }

  get renameInput(): HTMLInputElement | null {
    return this.part<HTMLInputElement>('rename-input');
  }

  /** Renames the row `from` to `to` in place (Rename, type, Enter); returns the input. */
  async rename(from: string, to: string): Promise<HTMLInputElement> {
    await this.click('Rename', this.row(from));
    const input = this.renameInput!;
    input.value = to;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await this.element.updateComplete;
    return input;
  }

  /** Deletes the row `name`: Delete, then Delete in the confirmation. */
  async confirmDelete(name: string): Promise<void> {
    this.button('Delete', this.row(name)).click();
    await until(() => Boolean(this.popover), 'the popover');
    this.button('Delete', this.popover!).click();
  }
}

/** `<passkey-upgrade>`: its card and its buttons by name. */
export class UpgradeHarness extends ElementHarness<PasskeyUpgradeElement> {
  get card(): HTMLElement | null {
    return this.part('card');
  }
}
