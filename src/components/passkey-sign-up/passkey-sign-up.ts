import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type { Passkey, PasskeyUser, PublicKeyCredentialCreationOptionsJSON } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import { detectCapabilities, type Capabilities } from '../../core/capabilities.js';
import { followRedirect, slottedInput } from '../../core/card.js';
import { CeremonyController } from '../../core/ceremony-controller.js';
import type { PasskeyErrorCode } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { explainerStyles, renderExplainer } from '../shared/explainer.js';
import { callAdapter, failedAtOptions, signInWithPasskey, type SignInOutcome } from '../../core/ceremonies.js';
import { registerPasskey, registrationInput } from '../../core/registration.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { PopoverController } from '../../core/popover-controller.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { unsupportedReason } from '../../core/webauthn.js';
import { passkeyIcon } from '../shared/icons.js';
import { buttonStyles, cardStyles, tokens } from '../../styles/tokens.js';
import { styles as cardLayout } from '../passkey-sign-in/passkey-sign-in.styles.js';
import { styles } from './passkey-sign-up.styles.js';

// Refusals that are about the name typed: shown under the field, not in the status line.
const FIELD_ERRORS = new Set<PasskeyErrorCode>(['username-taken', 'invalid-username']);

let ids = 0;

/** What the server's reply to a sign-up may carry besides the passkey. */
type SignUpReply = Passkey & { user?: PasskeyUser; redirectTo?: string };

/**
 * The passkey sign-up card: creates an account and its first passkey in one step.
 *
 * @tagname passkey-sign-up
 * @summary Account creation with a passkey: username (and display name), button, status and fallback.
 *
 * @slot header - Above the heading (a logo, say).
 * @slot username - The username `<input>`. The card creates one in the light DOM when none is given, so password managers can see it and save the new account.
 * @slot display-name - The display-name `<input>` (with `ask-display-name`); created in the light DOM when none is given.
 * @slot fallback - Other ways to create an account, shown under an "or" divider; the only option when passkeys are unavailable.
 * @slot footer - Below everything (terms, a link to help).
 *
 * @csspart card - The card container.
 * @csspart heading - The heading.
 * @csspart description - The line under the heading.
 * @csspart field - A label and its input.
 * @csspart label - A field's label.
 * @csspart field-error - The message under the username field when the server refuses the name.
 * @csspart button - The "Create account with a passkey" button.
 * @csspart icon - The icon in the button (a spinner while pending).
 * @csspart status - The live status line.
 * @csspart sign-in-button - "Sign in with a passkey", offered when this device already has a passkey for the account.
 * @csspart notice - The notice shown when passkeys are unavailable.
 * @csspart divider - The "or" divider above the fallback slot.
 * @csspart explainer-button - The "What is a passkey?" button.
 * @csspart explainer - The popover that explains passkeys.
 * @csspart switch - "Already have an account? Sign in", when the form stands in a `<passkey-sign-in allow-sign-up>` card.
 * @csspart switch-button - The "Sign in" button in it.
 *
 * @cssprop --passkey-color-accent - Button background.
 * @cssprop --passkey-color-accent-hover - Button background on hover.
 * @cssprop --passkey-color-on-accent - Button text colour.
 * @cssprop --passkey-color-link - Link-style buttons.
 * @cssprop --passkey-color-surface - Card background.
 * @cssprop --passkey-color-surface-alt - Notice background.
 * @cssprop --passkey-color-text - Text colour.
 * @cssprop --passkey-color-muted - Secondary text colour.
 * @cssprop --passkey-color-border - Card, input and divider borders.
 * @cssprop --passkey-color-danger - Error text colour.
 * @cssprop --passkey-color-success - Success text colour.
 * @cssprop --passkey-color-focus - Focus ring colour.
 * @cssprop --passkey-radius - Button and input corner radius.
 * @cssprop --passkey-radius-container - Corner radius of the notice and the explainer popover.
 * @cssprop --passkey-radius-card - Card corner radius.
 * @cssprop --passkey-space - Base spacing unit.
 * @cssprop --passkey-shadow - Card shadow.
 * @cssprop --passkey-font-family - Font family.
 * @cssprop --passkey-font-size - Base font size.
 *
 * @fires {CustomEvent<PasskeySignedUpDetail>} passkey-signed-up - After the account and its passkey were created (the user is signed in). Cancel it to stay on the page.
 * @fires {CustomEvent<PasskeySignedInDetail>} passkey-signed-in - After "Sign in with a passkey", offered when the device already has a passkey for the account.
 * @fires {CustomEvent<PasskeyErrorDetail>} passkey-error - When a sign-up failed; `detail.code` is a stable error code.
 */
export class PasskeySignUpElement extends PasskeyElement {
  protected static override readonly defaultTag = 'passkey-sign-up';
  /** @internal */
  protected static override readonly restAdapter = createRestAdapter;

  static override styles = [tokens, cardStyles, buttonStyles, explainerStyles, cardLayout, styles];

  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    askDisplayName: { type: Boolean, reflect: true, attribute: 'ask-display-name' },
    redirect: {},
    heading: {},
    buttonLabel: { attribute: 'button-label' },
    usernameLabel: { attribute: 'username-label' },
    disabled: { type: Boolean, reflect: true },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    state: { reflect: true },
    capabilities: { attribute: false },
    fieldError: { attribute: false },
    hasFallback: { attribute: false },
  };

  /** Asks for a display name too ("Your name"), sent as `displayName`. */
  askDisplayName = false;

  /** Where to go after signing up (same-origin only); the server's `redirectTo` wins. */
  redirect?: string;

  /** The heading text. */
  heading?: string;

  /** The button label. */
  buttonLabel?: string;

  /** The username field's label. */
  usernameLabel?: string;

  /** Disables the card. */
  disabled = false;

  /** Hides the "What is a passkey?" explainer. */
  hideExplainer = false;

  /** The ceremony state, reflected for styling: `idle`, `pending`, `success` or `error`. */
  state: 'idle' | 'pending' | 'success' | 'error' = 'idle';

  /**
   * Set by `<passkey-sign-in allow-sign-up>` when this form stands in its
   * card: drawn without a card of its own, with "Already have an account?
   * Sign in" calling this.
   * @internal
   */
  switchToSignIn?: () => void;

  /**
   * Puts a sign-up form in `card`'s place (`<passkey-sign-in allow-sign-up>`),
   * talking to its server, with the name typed in `input`; "Sign in" gives
   * the name back, removes the form and calls `back`.
   * @internal
   */
  static standIn(
    card: PasskeyElement & { redirect?: string; disabled: boolean },
    input: HTMLInputElement,
    back: () => void,
  ): PasskeySignUpElement {
    // Defined here, not by a define entry: a bundler may drop that import as side-effect free.
    this.define();
    const form = document.createElement('passkey-sign-up');
    const { adapter, endpoint, strings, theme, redirect, disabled } = card;
    Object.assign(form, { slot: 'sign-up', adapter, endpoint, strings, theme, redirect, disabled });
    const field = slottedInput(form, 'username', 'username');
    field.value = input.value;
    form.switchToSignIn = () => {
      input.value = field.value;
      form.remove();
      back();
    };
    card.append(form);
    void form.updateComplete.then(() => field.focus());
    return form;
  }

  private capabilities: Capabilities | undefined;
  /** The server's refusal of the name typed, shown under the field. */
  private fieldError: PasskeyErrorCode | 'required' | undefined;
  private hasFallback = false;
  private redirectRefused = false;

  private readonly ceremony = new CeremonyController<SignUpReply | SignInOutcome>(this);
  private readonly explainer = new PopoverController(this);
  // Options for the name typed, fetched while the user types: the click then
  // reaches the browser prompt with no request in between.
  private readonly prefetcher = new PrefetchController<PublicKeyCredentialCreationOptionsJSON>(this, (key, signal) =>
    callAdapter(signal, () =>
      resolveAdapter(this).getRegistrationOptions(registrationInput(parseKey(key)), { signal }),
    ),
  );
  private input: HTMLInputElement | undefined;
  private nameInput: HTMLInputElement | undefined;
  private readonly errorId = `passkey-sign-up-${++ids}-error`;
  private errorNode: HTMLElement | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  /** The username typed in the card's field. */
  get username(): string {
    return this.input?.value.trim() ?? '';
  }

  /** The display name typed (with `ask-display-name`), else empty. */
  get displayName(): string {
    return (this.askDisplayName && this.nameInput?.value.trim()) || '';
  }

  /** What the options were asked for: both names. */
  private get key(): string {
    return `${this.username}\n${this.displayName}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.input = this.adopt('username', 'username');
    void detectCapabilities().then((capabilities) => {
      if (!this.isConnected) return;
      this.capabilities = capabilities;
      this.prefetch();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  protected override adapterChanged(): void {
    this.prefetcher.reset();
    this.prefetch();
  }

  private prefetch(): void {
    if (this.capabilities?.webauthn && this.resolvedAdapter && this.username) this.prefetcher.prefetch(this.key);
  }

  /** Creates the account with a passkey, as a click on the button does. Resolves when it ends. */
  async signUp(): Promise<void> {
    if (this.disabled || this.ceremony.pending) return;
    const { username, displayName } = this;
    if (!username) return this.showFieldError('required');
    // Taken synchronously, inside the click: no network before the prompt.
    const options = this.prefetcher.ready(this.key);
    this.showFieldError(undefined);
    const outcome = await this.ceremony.run((signal) =>
      registerPasskey(resolveAdapter(this), { username, displayName, options }, signal),
    );
    if (!outcome) return;
    if ('error' in outcome) return this.failed(outcome.error, 'sign-up');
    this.prefetcher.clear();
    const { user, redirectTo, ...passkey } = outcome.value as SignUpReply;
    const proceed = emit(this, 'passkey-signed-up', user ? { passkey, user } : { passkey }, true);
    this.continueTo(proceed, redirectTo);
  }

  /** "Sign in with a passkey": the device already has one for this account. */
  private async signIn(): Promise<void> {
    const { username } = this;
    const outcome = await this.ceremony.run((signal) => signInWithPasskey(resolveAdapter(this), { username }, signal));
    if (!outcome) return;
    if ('error' in outcome) return this.failed(outcome.error, 'sign-in');
    const { result, response } = outcome.value as SignInOutcome;
    const fromOtherDevice = response.authenticatorAttachment === 'cross-platform';
    this.continueTo(emit(this, 'passkey-signed-in', { result, fromOtherDevice }, true), result.redirectTo);
  }

  private continueTo(proceed: boolean, redirectTo: string | undefined): void {
    const target = redirectTo ?? this.redirect;
    if (proceed && target && !followRedirect('passkey-sign-up', target)) {
      this.redirectRefused = true;
      this.requestUpdate();
    }
  }

  private failed(error: { code: PasskeyErrorCode }, action: 'sign-up' | 'sign-in'): void {
    const { code } = error;
    emit(this, 'passkey-error', { code, message: this.loc.error(code), action });
    if (!this.isConnected || code === 'aborted') return;
    if (FIELD_ERRORS.has(code)) this.showFieldError(code);
    // The options request itself failed: the next click (or keystroke) asks again, no timer does.
    if (failedAtOptions(error)) this.prefetcher.pause(error);
    else {
      // The challenge may be spent: fetch a fresh one for the next try.
      this.prefetcher.resume();
      this.prefetcher.renew(this.key);
    }
  }

  /** Puts `code`'s message under the username field (or clears it), and the focus back in the field. */
  private showFieldError(code: typeof this.fieldError): void {
    this.fieldError = code;
    const input = this.input;
    const node = this.errorNode;
    if (!input || !node) return;
    node.textContent = code ? (code === 'required' ? this.loc.term('usernameRequired') : this.loc.error(code)) : '';
    // The message is in the light DOM beside the field: aria-describedby cannot reach into a shadow root.
    const described = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== node.id);
    if (code) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [...described, node.id].join(' '));
      input.focus();
    } else {
      input.removeAttribute('aria-invalid');
      if (described.length) input.setAttribute('aria-describedby', described.join(' '));
      else input.removeAttribute('aria-describedby');
    }
  }

  /** Uses the page's `<input slot>`, or makes one; listens to it either way. */
  private adopt(slot: string, autocomplete: string): HTMLInputElement {
    const input = slottedInput(this, slot, autocomplete);
    input.addEventListener('keydown', this.onKeydown);
    input.addEventListener('input', this.onInput);
    if (slot === 'username' && !this.errorNode) {
      const node = document.createElement('span');
      node.slot = 'username-error';
      node.id = this.errorId;
      this.append(node);
      this.errorNode = node;
    }
    return input;
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      void this.signUp();
    }
  };

  private readonly onInput = () => {
    // A new name: the server's verdict on the old one no longer applies.
    if (this.fieldError) this.showFieldError(undefined);
    if (this.ceremony.status === 'error') this.ceremony.reset();
    if (!this.capabilities?.webauthn) return;
    // Typing is the user acting: after a failure, asking the server again is theirs to cause.
    this.prefetcher.resume();
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.prefetch(), 350);
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.state = this.ceremony.status;
    if (this.ceremony.pending) this.redirectRefused = false;
    if (this.askDisplayName && !this.nameInput && this.isConnected) this.nameInput = this.adopt('display-name', 'name');
  }

  protected override updated(): void {
    for (const [input, label] of [
      [this.input, this.usernameLabel ?? this.loc.term('usernameLabel')],
      [this.nameInput, this.loc.term('displayNameLabel')],
    ] as const) {
      if (!input) continue;
      input.setAttribute('aria-label', label);
      input.disabled = this.disabled;
    }
    if (this.input) this.input.required = true;
  }

  private statusText() {
    const { status, error } = this.ceremony;
    if (status === 'pending') return this.loc.term('pendingSignUp');
    if (status === 'success') return this.loc.term(this.redirectRefused ? 'redirectRefused' : 'signedUp');
    if (status !== 'error' || !error || FIELD_ERRORS.has(error.code)) return '';
    if (error.code !== 'already-registered') return this.loc.error(error.code);
    return html`${this.loc.term('signInInstead')}
      <button part="sign-in-button" class="link" type="button" @click=${() => this.signIn()}>
        ${this.loc.term('signInLabel')}
      </button>`;
  }

  private readonly onFallbackChange = (event: Event) => {
    this.hasFallback = (event.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0;
  };

  /** A label and its light-DOM input, shown through `slot`. */
  private field(slot: string, label: string, input: HTMLInputElement | undefined, extra: unknown = nothing) {
    return html`<div part="field" class="field">
      <label part="label" class="label" @click=${() => input?.focus()}>${label}</label>
      <slot name=${slot}></slot>
      ${extra}
    </div>`;
  }

  protected override render() {
    const unsupported = this.capabilities && !this.capabilities.webauthn ? unsupportedReason() : undefined;
    const pending = this.ceremony.pending;
    const code = this.ceremony.error?.code;
    return html`
      <div part="card" class="card ${this.switchToSignIn ? 'embedded' : ''}" dir=${this.loc.dir}>
        <slot name="header"></slot>
        <h2 part="heading" class="heading">${this.heading ?? this.loc.term('createAccount')}</h2>
        ${
          unsupported
            ? html`<p part="notice" class="notice" role="status">
                ${this.loc.error(unsupported.code)} ${this.loc.term('unsupportedHint')}
              </p>`
            : html`
                <p part="description" class="description">${this.loc.term('signInDescription')}</p>
                ${this.field(
                  'username',
                  this.usernameLabel ?? this.loc.term('usernameLabel'),
                  this.input,
                  html`<span part="field-error" class="field-error" ?hidden=${!this.fieldError}
                    ><slot name="username-error"></slot
                  ></span>`,
                )}
                ${
                  this.askDisplayName
                    ? this.field('display-name', this.loc.term('displayNameLabel'), this.nameInput)
                    : nothing
                }
                <button
                  part="button"
                  class="button"
                  type="button"
                  ?disabled=${this.disabled}
                  aria-disabled=${pending ? 'true' : nothing}
                  aria-busy=${pending ? 'true' : nothing}
                  @click=${() => void this.signUp()}
                >
                  <span part="icon" class="icon">${pending ? html`<span class="spinner"></span>` : passkeyIcon}</span>
                  <span>${this.buttonLabel ?? this.loc.term('signUpLabel')}</span>
                </button>
                <div
                  part="status"
                  class="status ${this.fieldError ? 'invalid' : ''} ${code === 'cancelled' || code === 'already-registered' ? 'quiet' : ''}"
                  role="status"
                  aria-live="polite"
                >
                  ${this.statusText()}
                </div>
              `
        }
        ${this.hideExplainer || unsupported ? nothing : renderExplainer(this.loc, this.explainer)}
        <div part="divider" class="divider" ?hidden=${!this.hasFallback || Boolean(unsupported)}>
          ${this.loc.term('otherMethods')}
        </div>
        <div class="fallback" ?hidden=${!this.hasFallback}>
          <slot name="fallback" @slotchange=${this.onFallbackChange}></slot>
        </div>
        ${
          this.switchToSignIn
            ? html`<p part="switch" class="switch">
                ${this.loc.term('haveAccount')}
                <button part="switch-button" class="link" type="button" @click=${this.switchToSignIn}>
                  ${this.loc.term('signInHeading')}
                </button>
              </p>`
            : nothing
        }
        <slot name="footer"></slot>
      </div>
    `;
  }
}

function parseKey(key: string): { username: string; displayName: string } {
  const [username = '', displayName = ''] = key.split('\n');
  return { username, displayName };
}
