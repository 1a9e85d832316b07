import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Capabilities } from '../../core/capabilities.js';
import { detectCapabilities } from '../../core/capabilities.js';
import { followRedirect, slottedInput } from '../../core/card.js';
import type { SignInOutcome } from '../../core/ceremonies.js';
import { failedAtOptions } from '../../core/ceremonies.js';
import { CeremonyController } from '../../core/ceremony-controller.js';
import type { PasskeyAction, PasskeyError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { PopoverController } from '../../core/popover-controller.js';
import type { PrefetchController } from '../../core/prefetch-controller.js';
import { unsupportedReason } from '../../core/webauthn.js';
import { cardStyles } from '../../styles/card.js';
import { buttonStyles, tokens } from '../../styles/tokens.js';
import { styles as cardLayout } from '../passkey-sign-in/passkey-sign-in.styles.js';
import { explainerStyles, renderExplainer } from './explainer.js';
import { mainButton } from './main-button.js';

/**
 * What `<passkey-sign-in>` and `<passkey-sign-up>` share: the card's
 * properties, its frame (heading, notice, main button, status line,
 * explainer, "or" divider and fallback slot), the username field in the light
 * DOM, the options fetched ahead of the click, failures and the redirect after
 * success. Each card adds its own fields, ceremony and status messages.
 */
export abstract class PasskeyCard<T> extends PasskeyElement {
  static override styles = [tokens, cardStyles, buttonStyles, explainerStyles, cardLayout];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    heading: {},
    buttonLabel: { attribute: 'button-label' },
    usernameLabel: { attribute: 'username-label' },
    disabled: { type: Boolean, reflect: true },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    state: { reflect: true },
    capabilities: { attribute: false },
    hasFallback: { attribute: false },
  };

  /**
   * Where to go after success (same-origin only). Each card declares it, with
   * its own description in the manifest.
   */
  abstract redirect?: string;

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

  protected capabilities: Capabilities | undefined;
  protected hasFallback = false;
  protected redirectRefused = false;
  protected input: HTMLInputElement | undefined;
  protected debounce: ReturnType<typeof setTimeout> | undefined;

  protected readonly ceremony = new CeremonyController<T>(this);
  protected readonly explainer = new PopoverController(this);
  // Options for the next ceremony, fetched ahead: the click then reaches the
  // browser prompt with no request in between.
  protected abstract readonly prefetcher: Pick<PrefetchController, 'reset' | 'pause' | 'resume' | 'renew'>;

  /** What the options are fetched for (the name typed, where it matters). */
  protected abstract get key(): string;
  /** Fetches options for the next ceremony, when there is an adapter to ask. */
  protected abstract prefetch(): void;
  /** Starts the main button's ceremony (Enter in a field does too). */
  protected abstract readonly onClick: () => void;
  protected abstract readonly onInput: () => void;

  /** The username typed in the card's field. */
  get username(): string {
    return this.input?.value.trim() ?? '';
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

  /** Uses the page's `<input slot>`, or makes one; listens to it either way (once: same listeners). */
  protected adopt(slot: string, autocomplete: string): HTMLInputElement {
    const input = slottedInput(this, slot, autocomplete);
    input.addEventListener('keydown', this.onKeydown);
    input.addEventListener('input', this.onInput);
    return input;
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      this.onClick();
    }
  };

  private readonly onFallbackChange = (event: Event) => {
    this.hasFallback = (event.target as HTMLSlotElement).assignedNodes({ flatten: true }).length > 0;
  };

  /** Reports a failed ceremony, and gets the options ready for the next try. */
  protected failed(error: PasskeyError, action: PasskeyAction): void {
    const { code } = error;
    emit(this, 'passkey-error', { code, message: this.loc.error(code), action });
    if (!this.isConnected || code === 'aborted') return;
    // The options request itself failed: the next click (or keystroke) asks again, no timer does.
    if (failedAtOptions(error)) this.prefetcher.pause(error);
    else {
      // The challenge may be spent: fetch a fresh one (and restart autofill) for the next try.
      this.prefetcher.resume();
      this.prefetcher.renew(this.key);
    }
  }

  /** Announces a sign-in with a passkey, then follows the redirect unless the event was cancelled. */
  protected signedIn({ result, response }: SignInOutcome): void {
    const fromOtherDevice = response.authenticatorAttachment === 'cross-platform';
    this.continueTo(emit(this, 'passkey-signed-in', { result, fromOtherDevice }, true), result.redirectTo);
  }

  protected continueTo(proceed: boolean, redirectTo: string | undefined): void {
    const target = redirectTo ?? this.redirect;
    if (proceed && target && !followRedirect(this.localName, target)) {
      this.redirectRefused = true;
      this.requestUpdate();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.state = this.ceremony.status;
    if (this.ceremony.pending) this.redirectRefused = false;
  }

  protected override updated(): void {
    const input = this.input;
    if (!input) return;
    input.setAttribute('aria-label', this.usernameLabel ?? this.loc.term('usernameLabel'));
    input.disabled = this.disabled;
  }

  /** The status line's words for a pending or finished ceremony. */
  protected status(pending: 'pendingSignIn' | 'pendingSignUp', done: 'signedIn' | 'signedUp'): string {
    const { status, error } = this.ceremony;
    if (status === 'pending') return this.loc.term(pending);
    if (status === 'success') return this.loc.term(this.redirectRefused ? 'redirectRefused' : done);
    return error ? this.loc.error(error.code) : '';
  }

  /**
   * The card's content between the header and footer slots: `fields` above the
   * main button, the status line (`status`, its extra classes `statusClass`)
   * under it, and `end` at the bottom. Where passkeys are unavailable, a notice
   * and the fallback instead.
   */
  protected renderCard(
    heading: string,
    fields: unknown,
    label: string,
    status: unknown,
    statusClass: string,
    end: unknown,
  ) {
    const unsupported = this.capabilities && !this.capabilities.webauthn ? unsupportedReason() : undefined;
    return html`
      <h2 part="heading" class="heading">${heading}</h2>
      ${
        unsupported
          ? html`<p part="notice" class="notice" role="status">
              ${this.loc.error(unsupported.code)} ${this.loc.term('unsupportedHint')}
            </p>`
          : html`
              <p part="description" class="description">${this.loc.term('signInDescription')}</p>
              ${fields} ${mainButton(this.ceremony.pending, this.disabled, label, this.onClick)}
              <div part="status" class="status ${statusClass}" role="status" aria-live="polite">${status}</div>
            `
      }
      ${this.hideExplainer || unsupported ? nothing : renderExplainer(this.loc, this.explainer)}
      <div part="divider" class="divider" ?hidden=${!this.hasFallback || Boolean(unsupported)}>
        ${this.loc.term('otherMethods')}
      </div>
      <div class="fallback" ?hidden=${!this.hasFallback}>
        <slot name="fallback" @slotchange=${this.onFallbackChange}></slot>
      </div>
      ${end}
    `;
  }
}

// Plain functions rather than methods: the bundle's minifier shortens their names.

/** A label and its light-DOM input, shown through `slot`. */
export function renderField(
  slot: string,
  label: string,
  input: HTMLInputElement | undefined,
  hidden?: boolean,
  extra?: unknown,
) {
  return html`<div part="field" class="field" ?hidden=${hidden}>
    <label part="field-label" class="label" @click=${() => input?.focus()}>${label}</label>
    <slot name=${slot}></slot>
    ${extra}
  </div>`;
}

/** "New here? Create an account", and back. */
export function renderSwitch(prompt: string, label: string, onClick: () => void) {
  return html`<p part="switch" class="switch">
    ${prompt}
    <button part="switch-button" class="link" type="button" @click=${onClick}>${label}</button>
  </p>`;
}
