import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { createRestSignInAdapter } from '../../adapters/rest-client.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import {
  autofillLikely,
  autofillNeedsGesture,
  detectCapabilities,
  type Capabilities,
} from '../../core/capabilities.js';
import { CeremonyController } from '../../core/ceremony-controller.js';
import { PasskeyError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { callAdapter, failedAtOptions, signInWithPasskey, type SignInOutcome } from '../../core/ceremonies.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { followRedirect, slottedInput } from '../../core/card.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { getAssertion, unsupportedReason } from '../../core/webauthn.js';
import { explainerStyles, renderExplainer } from '../shared/explainer.js';
import { PopoverController } from '../../core/popover-controller.js';
import { passkeyIcon } from '../shared/icons.js';
import { buttonStyles, cardStyles, tokens } from '../../styles/tokens.js';
import { styles } from './passkey-sign-in.styles.js';

// Autofill failures that happen before the user picks a passkey.
const BEFORE_PICK = new Set(['invalid-options', 'invalid-domain', 'not-supported', 'insecure-context', 'unknown']);

// One conditional (autofill) request per page: the first card on the page owns it.
let autofillOwner: PasskeySignInElement | undefined;

/**
 * The passkey sign-in card.
 *
 * @tagname passkey-sign-in
 * @summary A complete passkey sign-in: button, passkey autofill, identifier-first, status and fallback.
 *
 * @slot header - Above the heading (a logo, say).
 * @slot username - The username `<input>`. The card creates one in the light DOM when none is given, so autofill and password managers can see it.
 * @slot fallback - Other ways to sign in, shown under an "or" divider; the only option when passkeys are unavailable.
 * @slot footer - Below everything (links to help or sign-up).
 * @slot sign-up - Where the card puts its sign-up form (with `allow-sign-up`); not for the page.
 *
 * @csspart card - The card container.
 * @csspart heading - The heading.
 * @csspart description - The line under the heading.
 * @csspart field - The username label and input wrapper.
 * @csspart label - The username label.
 * @csspart button - The "Sign in with a passkey" button.
 * @csspart icon - The icon in the button (a spinner while pending).
 * @csspart status - The live status line.
 * @csspart notice - The notice shown when passkeys are unavailable.
 * @csspart divider - The "or" divider above the fallback slot.
 * @csspart explainer-button - The "What is a passkey?" button.
 * @csspart explainer - The popover that explains passkeys.
 * @csspart switch - "New here? Create an account" (with `allow-sign-up`).
 * @csspart switch-button - The "Create an account" button in it.
 *
 * @cssprop --passkey-color-accent - Button background.
 * @cssprop --passkey-color-accent-hover - Button background on hover; unset, the accent a little darker (lighter in dark mode).
 * @cssprop --passkey-color-on-accent - Button text colour; unset, black or white, whichever reads on the accent (and on its hover colour).
 * @cssprop --passkey-color-link - The "What is a passkey?" link; unset, the accent, darkened (lightened in dark mode) until it reads on the surface.
 * @cssprop --passkey-color-surface - Card background.
 * @cssprop --passkey-color-surface-alt - Notice background.
 * @cssprop --passkey-color-text - Text colour.
 * @cssprop --passkey-color-muted - Secondary text colour.
 * @cssprop --passkey-color-border - Card, input and divider borders.
 * @cssprop --passkey-color-danger - Error text colour.
 * @cssprop --passkey-color-success - Success text colour.
 * @cssprop --passkey-color-focus - Focus ring colour.
 * @cssprop --passkey-radius - Button and input corner radius.
 * @cssprop --passkey-radius-container - Corner radius of boxes inside the card: the notice and the explainer popover; unset, `--passkey-radius` up to 12px, so a pill button never makes a pill-shaped box.
 * @cssprop --passkey-radius-card - Card corner radius.
 * @cssprop --passkey-space - Base spacing unit.
 * @cssprop --passkey-shadow - Card shadow.
 * @cssprop --passkey-font-family - Font family.
 * @cssprop --passkey-font-size - Base font size.
 *
 * @fires {CustomEvent<PasskeySignedInDetail>} passkey-signed-in - After a successful sign-in. Cancel it to stay on the page.
 * @fires {CustomEvent<PasskeyErrorDetail>} passkey-error - When a sign-in failed; `detail.code` is a stable error code.
 */
export class PasskeySignInElement extends PasskeyElement {
  protected static override readonly defaultTag = 'passkey-sign-in';
  /** @internal */
  protected static override readonly restAdapter = createRestSignInAdapter;

  static override styles = [tokens, cardStyles, buttonStyles, explainerStyles, styles];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    identifierFirst: { type: Boolean, reflect: true, attribute: 'identifier-first' },
    allowSignUp: { type: Boolean, reflect: true, attribute: 'allow-sign-up' },
    redirect: {},
    heading: {},
    buttonLabel: { attribute: 'button-label' },
    usernameLabel: { attribute: 'username-label' },
    disabled: { type: Boolean, reflect: true },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    state: { reflect: true },
    capabilities: { attribute: false },
    invalid: { attribute: false },
    hasFallback: { attribute: false },
    signUpForm: { attribute: false },
  };

  /** Ask for the username first, then sign in with that account's passkeys. */
  identifierFirst = false;

  /**
   * Offers "New here? Create an account", which turns the card into a
   * `<passkey-sign-up>` form in place (loaded on first use), and back.
   */
  allowSignUp = false;

  /** Where to go after signing in (same-origin only); the server's `redirectTo` wins. */
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

  private capabilities: Capabilities | undefined;
  private invalid = false;
  private hasFallback = false;
  /** The sign-up form standing in the card, while it does. */
  private signUpForm: HTMLElement | undefined;

  private readonly ceremony = new CeremonyController<SignInOutcome>(this);
  private readonly explainer = new PopoverController(this);
  private readonly prefetcher = new PrefetchController(
    this,
    (username, signal) =>
      callAdapter(signal, () =>
        resolveAdapter(this).getAuthenticationOptions(username ? { username } : {}, { signal }),
      ),
    { onFresh: (options) => this.startAutofill(options) },
  );
  private autofill: AbortController | undefined;
  private input: HTMLInputElement | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  /** The username typed in the card's field. */
  get username(): string {
    return this.input?.value.trim() ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.adoptInput();
    void detectCapabilities().then((capabilities) => {
      if (!this.isConnected) return;
      this.capabilities = capabilities;
      this.prefetch();
    });
  }

  /** Fetches options for the next sign-in (and so starts autofill), when there is an adapter to ask. */
  private prefetch(): void {
    if (this.capabilities?.webauthn && this.resolvedAdapter) {
      this.prefetcher.prefetch(this.identifierFirst ? this.username : '');
    }
  }

  protected override adapterChanged(): void {
    // Options and an autofill request from another adapter are not this one's to use.
    this.stopAutofill();
    this.prefetcher.reset();
    this.prefetch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopAutofill();
    if (autofillOwner === this) autofillOwner = undefined;
    clearTimeout(this.debounce);
  }

  /** Starts a sign-in, as a click on the button does. Resolves when it ends. */
  async signIn(): Promise<void> {
    if (this.disabled || this.ceremony.pending) return;
    const username = this.identifierFirst ? this.username : '';
    if (this.identifierFirst && !username) {
      this.invalid = true;
      this.input?.setAttribute('aria-invalid', 'true');
      this.input?.focus();
      return;
    }
    // Taken synchronously, inside the click: no network before the prompt.
    const options = this.prefetcher.ready(username);
    this.stopAutofill();
    this.autofillFailed = false;
    await this.complete((signal) => signInWithPasskey(resolveAdapter(this), { username, options }, signal));
  }

  /** Runs `work` as the card's ceremony and reports its outcome. */
  private async complete(work: (signal: AbortSignal) => Promise<SignInOutcome>, fromAutofill = false): Promise<void> {
    const outcome = await this.ceremony.run(work);
    if (!outcome) return;
    if ('error' in outcome) {
      // Options or a browser that fail before the user picks anything would fail
      // again at once: autofill then waits for the next click instead of looping.
      if (fromAutofill && BEFORE_PICK.has(outcome.error.code)) this.autofillFailed = true;
      const { code } = outcome.error;
      emit(this, 'passkey-error', { code, message: this.loc.error(code), action: 'sign-in' });
      if (this.isConnected && code !== 'aborted') {
        // The options request itself failed: the next click asks again, no timer or hover does.
        if (failedAtOptions(outcome.error)) this.prefetcher.pause(outcome.error);
        else {
          // The challenge may be spent: fetch a fresh one (and restart autofill) for the next try.
          this.prefetcher.resume();
          this.prefetcher.renew(this.identifierFirst ? this.username : '');
        }
      }
      return;
    }
    // Those options are spent, and the server answers again: a sign-in that
    // stays on the page (the event cancelled) starts afresh.
    this.prefetcher.resume();
    this.prefetcher.clear();
    const { result, response } = outcome.value;
    const fromOtherDevice = response.authenticatorAttachment === 'cross-platform';
    const proceed = emit(this, 'passkey-signed-in', { result, fromOtherDevice }, true);
    const target = result.redirectTo ?? this.redirect;
    if (!proceed || !target) return;
    if (!followRedirect('passkey-sign-in', target)) {
      this.redirectRefused = true;
      this.requestUpdate();
    }
  }

  private redirectRefused = false;
  private autofillFailed = false;

  /** Passkey autofill: a conditional request offered in the username field's suggestions. */
  private startAutofill(options: PublicKeyCredentialRequestOptionsJSON): void {
    if (
      !this.capabilities?.conditionalGet ||
      this.ceremony.pending ||
      this.disabled ||
      this.autofillFailed ||
      this.signUpForm
    )
      return;
    if (autofillOwner && autofillOwner !== this && autofillOwner.isConnected) return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the page-wide owner is an element by design
    autofillOwner = this;
    this.stopAutofill();
    const controller = new AbortController();
    this.autofill = controller;
    const run = () => {
      void getAssertion(options, controller.signal, true).then(
        (response) => {
          if (this.autofill === controller) this.autofill = undefined;
          // A passkey was picked: verifying it is the card's ceremony, shown as pending, and a
          // click meanwhile cannot start a second sign-in with the same challenge.
          void this.complete(
            (signal) => signInWithPasskey(resolveAdapter(this), { options, autofill: true }, signal, response),
            true,
          );
        },
        (error: PasskeyError) => {
          if (this.autofill === controller) this.autofill = undefined;
          // Superseded, aborted or dismissed autofill is silent by design.
          if (controller.signal.aborted || error.code === 'aborted' || error.code === 'cancelled') return;
          void this.complete(() => Promise.reject(error), true);
        },
      );
    };
    if (autofillNeedsGesture()) {
      // Older iOS opens a sheet for a conditional request: wait for the user to touch the field.
      this.input?.addEventListener('focus', () => controller.signal.aborted || run(), { once: true });
    } else run();
  }

  private stopAutofill(): void {
    this.autofill?.abort();
    this.autofill = undefined;
  }

  /**
   * "Create an account": the sign-up form takes the card's place, with the
   * name typed so far. Autofill would offer passkeys for sign-in there, so it stops.
   */
  private async showSignUp(): Promise<void> {
    // Loaded on first use: a page that never signs anyone up never downloads it.
    const { PasskeySignUpElement } = await import('../passkey-sign-up/passkey-sign-up.js');
    if (this.signUpForm || !this.isConnected) return;
    this.stopAutofill();
    this.signUpForm = PasskeySignUpElement.standIn(this, this.input!, () => {
      this.signUpForm = undefined;
      // Autofill once more, with the options on hand (or fresh ones on their way).
      const options = this.prefetcher.ready(this.identifierFirst ? this.username : '');
      if (options) this.startAutofill(options);
      else this.prefetch();
      void this.updateComplete.then(() =>
        (this.showField ? this.input : this.renderRoot.querySelector<HTMLElement>('[part="button"]'))?.focus(),
      );
    });
  }

  /** Uses the page's `<input slot="username">`, or puts one in the light DOM. */
  private adoptInput(): void {
    const input = slottedInput(this, 'username', 'username');
    // Autofill offers passkeys only on a field whose autocomplete ends with "webauthn".
    const tokens = (input.getAttribute('autocomplete') ?? 'username').split(/\s+/).filter(Boolean);
    if (!tokens.includes('webauthn')) input.setAttribute('autocomplete', [...tokens, 'webauthn'].join(' '));
    if (this.input !== input) {
      input.addEventListener('keydown', this.onKeydown);
      input.addEventListener('input', this.onInput);
      this.input = input;
    }
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      void this.signIn();
    }
  };

  private readonly onInput = () => {
    if (this.invalid) {
      this.invalid = false;
      this.input?.removeAttribute('aria-invalid');
    }
    if (!this.identifierFirst || !this.capabilities?.webauthn) return;
    // Typing is the user acting: after a failure, asking the server again is theirs to cause.
    this.prefetcher.resume();
    // Fetch this account's options while the user types, ready for the click.
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.username && this.prefetcher.prefetch(this.username), 350);
  };

  private readonly onClick = () => void this.signIn();

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.state = this.ceremony.status;
    if (this.ceremony.pending) this.redirectRefused = false;
  }

  protected override updated(): void {
    if (!this.input) return;
    this.input.setAttribute('aria-label', this.usernameLabel ?? this.loc.term('usernameLabel'));
    this.input.required = this.identifierFirst;
    this.input.disabled = this.disabled;
    this.input.hidden = !this.showField;
  }

  /** The field is there for identifier-first, and for autofill where the browser offers it. */
  private get showField(): boolean {
    // Until the capabilities arrive, the likely answer: the card then keeps its height.
    if (!this.capabilities) return !unsupportedReason() && (this.identifierFirst || autofillLikely());
    return this.capabilities.webauthn && (this.identifierFirst || this.capabilities.conditionalGet);
  }

  private statusText(): string {
    if (this.invalid) return this.loc.term('usernameRequired');
    switch (this.ceremony.status) {
      case 'pending':
        return this.loc.term('pendingSignIn');
      case 'success':
        return this.loc.term(this.redirectRefused ? 'redirectRefused' : 'signedIn');
      case 'error':
        return this.loc.error(this.ceremony.error!.code);
      default:
        return '';
    }
  }

  private readonly onFallbackChange = (event: Event) => {
    this.hasFallback = (event.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0;
  };

  protected override render() {
    const unsupported = this.capabilities && !this.capabilities.webauthn ? unsupportedReason() : undefined;
    const pending = this.ceremony.pending;
    return html`
      <div part="card" class="card" dir=${this.loc.dir}>
        <slot name="header"></slot>
        ${this.signUpForm ? html`<slot name="sign-up"></slot>` : this.renderSignIn(unsupported, pending)}
        <slot name="footer"></slot>
      </div>
    `;
  }

  private renderSignIn(unsupported: ReturnType<typeof unsupportedReason>, pending: boolean) {
    return html`
      <h2 part="heading" class="heading">${this.heading ?? this.loc.term('signInHeading')}</h2>
      ${
        unsupported
          ? nothing
          : html`<p part="description" class="description">${this.loc.term('signInDescription')}</p>`
      }
      ${
        unsupported
          ? html`<p part="notice" class="notice" role="status">
              ${this.loc.error(unsupported.code)} ${this.loc.term('unsupportedHint')}
            </p>`
          : html`
              <div part="field" class="field" ?hidden=${!this.showField}>
                <label part="label" class="label" @click=${() => this.input?.focus()}
                  >${this.usernameLabel ?? this.loc.term('usernameLabel')}</label
                >
                <slot name="username"></slot>
              </div>
              <button
                part="button"
                class="button"
                type="button"
                ?disabled=${this.disabled}
                aria-disabled=${pending ? 'true' : nothing}
                aria-busy=${pending ? 'true' : nothing}
                @click=${this.onClick}
              >
                <span part="icon" class="icon">${pending ? html`<span class="spinner"></span>` : passkeyIcon}</span>
                <span>${this.buttonLabel ?? this.loc.term('signInLabel')}</span>
              </button>
              <div
                part="status"
                class="status ${this.invalid ? 'invalid' : ''} ${this.ceremony.error?.code === 'cancelled' ? 'quiet' : ''}"
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
        this.allowSignUp
          ? html`<p part="switch" class="switch">
              ${this.loc.term('newHere')}
              <button part="switch-button" class="link" type="button" @click=${() => void this.showSignUp()}>
                ${this.loc.term('createAccount')}
              </button>
            </p>`
          : nothing
      }
    `;
  }
}
