import { html, nothing, type PropertyDeclarations } from 'lit';
import { createRestSignInAdapter } from '../../adapters/rest-client.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import { autofillLikely, autofillNeedsGesture, detectCapabilities } from '../../core/capabilities.js';
import { PasskeyError } from '../../core/errors.js';
import { callAdapter, signInWithPasskey, type SignInOutcome } from '../../core/ceremonies.js';
import { signInHere } from '../../core/immediate.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { getAssertion, unsupportedReason } from '../../core/webauthn.js';
import { PasskeyCard, renderField, renderSwitch } from '../shared/passkey-card.js';
import type { PasskeySignUpElement } from '../passkey-sign-up/passkey-sign-up.js';

// Autofill failures that happen before the user picks a passkey.
const BEFORE_PICK = new Set(['invalid-options', 'invalid-domain', 'not-supported', 'insecure-context', 'unknown']);

// Immediate mode found no passkey on this device: an outcome, never reported as an error.
const NONE_HERE = new PasskeyError('cancelled');

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
 * @csspart field-label - The username label.
 * @csspart button - The "Sign in with a passkey" button.
 * @csspart icon - The icon in the button (a spinner while pending).
 * @csspart label - The text in the button.
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
export class PasskeySignInElement extends PasskeyCard<SignInOutcome> {
  protected static override readonly defaultTag = 'passkey-sign-in';
  /** @internal */
  protected static override readonly restAdapter = createRestSignInAdapter;

  static override properties: PropertyDeclarations = {
    ...PasskeyCard.properties,
    identifierFirst: { type: Boolean, reflect: true, attribute: 'identifier-first' },
    allowSignUp: { type: Boolean, reflect: true, attribute: 'allow-sign-up' },
    redirect: {},
    invalid: { attribute: false },
    noneHere: { attribute: false },
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

  private invalid = false;
  /** This device holds no passkey for the site (immediate mode said so): the button opens the usual prompt. */
  private noneHere = false;
  /** The sign-up form standing in the card, while it does. */
  private signUpForm: PasskeySignUpElement | undefined;

  protected readonly prefetcher = new PrefetchController(
    this,
    (username, signal) =>
      callAdapter(signal, () =>
        resolveAdapter(this).getAuthenticationOptions(username ? { username } : {}, { signal }),
      ),
    { onFresh: (options) => this.startAutofill(options) },
  );
  private autofill: AbortController | undefined;
  private autofillFailed = false;

  protected get key(): string {
    return this.identifierFirst ? this.username : '';
  }

  protected prefetch(): void {
    if (this.capabilities?.webauthn && this.resolvedAdapter) this.prefetcher.prefetch(this.key);
  }

  protected override adapterChanged(): void {
    // Options and an autofill request from another adapter are not this one's to use.
    this.stopAutofill();
    this.noneHere = false;
    super.adapterChanged();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopAutofill();
    if (autofillOwner === this) autofillOwner = undefined;
  }

  protected readonly onClick = () => void this.signIn();

  /** Starts a sign-in, as a click on the button does. Resolves when it ends. */
  async signIn(): Promise<void> {
    if (this.disabled || this.ceremony.pending) return;
    const username = this.key;
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
    // Where the browser can, ask this device first (only from a user's gesture, which it
    // requires): with no passkey here the card says so, instead of opening a QR-code dialog.
    const gesture = !this.noneHere && navigator.userActivation?.isActive;
    await this.complete(async (signal) => {
      const input = { username, options };
      // A click while the page still loads asks the browser now (no network; the gesture lasts).
      const here = gesture && (this.capabilities ?? (await detectCapabilities())).immediateGet;
      const outcome = here ? await signInHere(resolveAdapter(this), input, signal) : undefined;
      if (here && !outcome) throw NONE_HERE;
      return outcome ?? signInWithPasskey(resolveAdapter(this), input, signal);
    });
  }

  /** Runs `work` as the card's ceremony and reports its outcome. */
  private async complete(work: (signal: AbortSignal) => Promise<SignInOutcome>, fromAutofill = false): Promise<void> {
    const outcome = await this.ceremony.run(work);
    if (!outcome) return;
    if ('error' in outcome && outcome.error === NONE_HERE) {
      // Not a failure: the next click opens the usual prompt (a phone, a security key).
      // The options were not spent: autofill takes them up again.
      this.noneHere = true;
      this.ceremony.reset();
      const options = this.prefetcher.ready(this.key);
      return options ? this.startAutofill(options) : this.prefetch();
    }
    if ('error' in outcome) {
      // Options or a browser that fail before the user picks anything would fail
      // again at once: autofill then waits for the next click instead of looping.
      if (fromAutofill && BEFORE_PICK.has(outcome.error.code)) this.autofillFailed = true;
      return this.failed(outcome.error, 'sign-in');
    }
    // Those options are spent, and the server answers again: a sign-in that
    // stays on the page (the event cancelled) starts afresh.
    this.prefetcher.resume();
    this.prefetcher.clear();
    this.noneHere = false;
    this.signedIn(outcome.value);
  }

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
      const options = this.prefetcher.ready(this.key);
      if (options) this.startAutofill(options);
      else this.prefetch();
      void this.updateComplete.then(() =>
        (this.showField ? this.input : this.renderRoot.querySelector<HTMLElement>('[part="button"]'))?.focus(),
      );
    });
  }

  /** The username field: autofill offers passkeys only on one whose autocomplete ends with "webauthn". */
  protected override adopt(slot: string, autocomplete: string): HTMLInputElement {
    const input = super.adopt(slot, autocomplete);
    const tokens = (input.getAttribute('autocomplete') ?? 'username').split(/\s+/).filter(Boolean);
    if (!tokens.includes('webauthn')) input.setAttribute('autocomplete', [...tokens, 'webauthn'].join(' '));
    return input;
  }

  protected readonly onInput = () => {
    // Another account may have a passkey here.
    this.noneHere = false;
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

  protected override updated(): void {
    super.updated();
    // Settings the page changes while the sign-up form shows are the form's too.
    this.signUpForm?.follow(this);
    if (!this.input) return;
    this.input.required = this.identifierFirst;
    this.input.hidden = !this.showField;
  }

  /** The field is there for identifier-first, and for autofill where the browser offers it. */
  private get showField(): boolean {
    // Until the capabilities arrive, the likely answer: the card then keeps its height.
    if (!this.capabilities) return !unsupportedReason() && (this.identifierFirst || autofillLikely());
    return this.capabilities.webauthn && (this.identifierFirst || this.capabilities.conditionalGet);
  }

  protected override render() {
    const label = this.usernameLabel ?? this.loc.term('usernameLabel');
    const code = this.ceremony.error?.code;
    return html`
      <div part="card" class="card" dir=${this.loc.dir}>
        <slot name="header"></slot>
        ${
          this.signUpForm
            ? html`<slot name="sign-up"></slot>`
            : this.renderCard(
                this.heading ?? this.loc.term('signInHeading'),
                renderField('username', label, this.input, !this.showField),
                this.noneHere ? this.loc.term('useOtherDevice') : (this.buttonLabel ?? this.loc.term('signInLabel')),
                this.invalid
                  ? this.loc.term('usernameRequired')
                  : this.noneHere && this.ceremony.status === 'idle'
                    ? this.loc.term('noPasskeyHere')
                    : this.status('pendingSignIn', 'signedIn'),
                `${this.invalid ? 'invalid' : this.noneHere ? 'said' : ''} ${code === 'cancelled' ? 'quiet' : ''}`,
                this.allowSignUp
                  ? renderSwitch(this.loc.term('newHere'), this.loc.term('createAccount'), () => void this.showSignUp())
                  : nothing,
              )
        }
        <slot name="footer"></slot>
      </div>
    `;
  }
}
