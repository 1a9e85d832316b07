import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type { Passkey, PasskeyUser, PublicKeyCredentialCreationOptionsJSON } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import { slottedInput } from '../../core/card.js';
import type { PasskeyAction, PasskeyError, PasskeyErrorCode } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { callAdapter, signInWithPasskey, type SignInOutcome } from '../../core/ceremonies.js';
import { registerPasskey, registrationInput } from '../../core/registration.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { en } from '../../locales/en.js';
import { enSignUp } from '../../locales/en-sign-up.js';
import { PasskeyCard, renderField, renderSwitch } from '../shared/passkey-card.js';
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
 * @csspart field-label - A field's label.
 * @csspart field-error - The message under the username field when the server refuses the name.
 * @csspart button - The "Create account with a passkey" button.
 * @csspart icon - The icon in the button (a spinner while pending).
 * @csspart label - The text in the button.
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
export class PasskeySignUpElement extends PasskeyCard<SignUpReply | SignInOutcome> {
  protected static override readonly defaultTag = 'passkey-sign-up';
  /** @internal */
  protected static override readonly restAdapter = createRestAdapter;

  // This element's English joins the shared catalogue when it loads (see `en`).
  static {
    Object.assign(en, enSignUp);
  }

  static override styles = [...PasskeyCard.styles, styles];

  static override properties: PropertyDeclarations = {
    ...PasskeyCard.properties,
    askDisplayName: { type: Boolean, reflect: true, attribute: 'ask-display-name' },
    redirect: {},
    fieldError: { attribute: false },
  };

  /** Asks for a display name too ("Your name"), sent as `displayName`. */
  askDisplayName = false;

  /** Where to go after signing up (same-origin only); the server's `redirectTo` wins. */
  redirect?: string;

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
  static standIn(card: PasskeyCard<unknown>, input: HTMLInputElement, back: () => void): PasskeySignUpElement {
    // Defined here, not by a define entry: a bundler may drop that import as side-effect free.
    this.define();
    const form = document.createElement('passkey-sign-up');
    form.slot = 'sign-up';
    form.follow(card);
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

  /** Takes the sign-in card's settings, when it stands in for it and whenever they change. @internal */
  follow(card: PasskeyCard<unknown>): void {
    const { adapter, endpoint, strings, theme, redirect, disabled, hideExplainer } = card;
    Object.assign(this, { adapter, endpoint, strings, theme, redirect, disabled, hideExplainer });
  }

  /** The server's refusal of the name typed, shown under the field. */
  private fieldError: PasskeyErrorCode | 'required' | undefined;

  protected readonly prefetcher = new PrefetchController<PublicKeyCredentialCreationOptionsJSON>(this, (key, signal) =>
    callAdapter(signal, () =>
      resolveAdapter(this).getRegistrationOptions(registrationInput(parseKey(key)), { signal }),
    ),
  );
  private nameInput: HTMLInputElement | undefined;
  private readonly errorId = `passkey-sign-up-${++ids}-error`;
  private errorNode: HTMLElement | undefined;

  /** The display name typed (with `ask-display-name`), else empty. */
  get displayName(): string {
    return (this.askDisplayName && this.nameInput?.value.trim()) || '';
  }

  /** What the options were asked for: both names. */
  protected get key(): string {
    return `${this.username}\n${this.displayName}`;
  }

  protected prefetch(): void {
    if (this.capabilities?.webauthn && this.resolvedAdapter && this.username) this.prefetcher.prefetch(this.key);
  }

  protected readonly onClick = () => void this.signUp();

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
    this.signedIn(outcome.value as SignInOutcome);
  }

  protected override failed(error: PasskeyError, action: PasskeyAction): void {
    super.failed(error, action);
    if (this.isConnected && FIELD_ERRORS.has(error.code)) this.showFieldError(error.code);
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

  /** The username field comes with a place for the server's refusal of the name, beside it in the light DOM. */
  protected override adopt(slot: string, autocomplete: string): HTMLInputElement {
    const input = super.adopt(slot, autocomplete);
    if (slot === 'username' && !this.errorNode) {
      const node = document.createElement('span');
      node.slot = 'username-error';
      node.id = this.errorId;
      this.append(node);
      this.errorNode = node;
    }
    return input;
  }

  protected readonly onInput = () => {
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
    if (this.askDisplayName && !this.nameInput && this.isConnected) this.nameInput = this.adopt('display-name', 'name');
  }

  protected override updated(): void {
    super.updated();
    const name = this.nameInput;
    if (name) {
      name.setAttribute('aria-label', this.loc.term('displayNameLabel'));
      name.disabled = this.disabled;
    }
    if (this.input) this.input.required = true;
  }

  private statusText() {
    const code = this.ceremony.error?.code;
    if (code && FIELD_ERRORS.has(code)) return '';
    if (code !== 'already-registered') return this.status('pendingSignUp', 'signedUp');
    return html`${this.loc.term('signInInstead')}
      <button part="sign-in-button" class="link" type="button" @click=${() => this.signIn()}>
        ${this.loc.term('signInLabel')}
      </button>`;
  }

  protected override render() {
    const code = this.ceremony.error?.code;
    return html`
      <div part="card" class="card ${this.switchToSignIn ? 'embedded' : ''}" dir=${this.loc.dir}>
        <slot name="header"></slot>
        ${this.renderCard(
          this.heading ?? this.loc.term('createAccount'),
          html`${renderField(
            'username',
            this.usernameLabel ?? this.loc.term('usernameLabel'),
            this.input,
            false,
            html`<span part="field-error" class="field-error" ?hidden=${!this.fieldError}
              ><slot name="username-error"></slot
            ></span>`,
          )}
          ${this.askDisplayName ? renderField('display-name', this.loc.term('displayNameLabel'), this.nameInput) : nothing}`,
          this.buttonLabel ?? this.loc.term('signUpLabel'),
          this.statusText(),
          `${this.fieldError ? 'invalid' : ''} ${code === 'cancelled' || code === 'already-registered' ? 'quiet' : ''}`,
          this.switchToSignIn
            ? renderSwitch(this.loc.term('haveAccount'), this.loc.term('signInHeading'), this.switchToSignIn)
            : nothing,
        )}
        <slot name="footer"></slot>
      </div>
    `;
  }
}

function parseKey(key: string): { username: string; displayName: string } {
  const [username = '', displayName = ''] = key.split('\n');
  return { username, displayName };
}
