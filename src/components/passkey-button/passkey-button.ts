import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type {
  Passkey,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../../adapters/types.js';
import { hasAdapter, resolveAdapter } from '../../core/adapter.js';
import { CeremonyController } from '../../core/ceremony-controller.js';
import { emit } from '../../core/events.js';
import { callAdapter, failedAtOptions, signInWithPasskey, type SignInOutcome } from '../../core/ceremonies.js';
import { registerPasskey, registrationInput, type PasskeyHint } from '../../core/registration.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { en } from '../../locales/en.js';
import { enButton } from '../../locales/en-button.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { unsupportedReason } from '../../core/webauthn.js';
import { buttonStyles, tokens } from '../../styles/tokens.js';
import { mainButton } from '../shared/main-button.js';
import { styles } from './passkey-button.styles.js';

export type PasskeyButtonAction = 'sign-in' | 'register' | 'reauthenticate';

type Options = PublicKeyCredentialRequestOptionsJSON | PublicKeyCredentialCreationOptionsJSON;

/**
 * One passkey ceremony behind one accessible button.
 *
 * @tagname passkey-button
 * @summary A button that signs in with a passkey or creates one.
 *
 * @slot - The button's label. Defaults to "Sign in with a passkey", "Create a passkey" or "Confirm it’s you".
 *
 * @csspart button - The button.
 * @csspart icon - The passkey icon (a spinner while pending).
 * @csspart label - The label wrapper around the default slot.
 * @csspart status - The live status line under the button.
 *
 * @cssprop --passkey-color-accent - Button background.
 * @cssprop --passkey-color-accent-hover - Button background on hover; unset, the accent a little darker (lighter in dark mode).
 * @cssprop --passkey-color-on-accent - Button text colour; unset, black or white, whichever reads on the accent (and on its hover colour).
 * @cssprop --passkey-color-muted - Status text colour.
 * @cssprop --passkey-color-danger - Error text colour.
 * @cssprop --passkey-color-success - Success text colour.
 * @cssprop --passkey-color-focus - Focus ring colour.
 * @cssprop --passkey-radius - Button corner radius.
 * @cssprop --passkey-space - Base spacing unit.
 * @cssprop --passkey-font-family - Font family.
 * @cssprop --passkey-font-size - Base font size.
 *
 * @fires {CustomEvent<PasskeySignedInDetail>} passkey-signed-in - After a successful sign-in (`action="sign-in"`). Cancelable.
 * @fires {CustomEvent<PasskeyRegisteredDetail>} passkey-registered - After a passkey was created (`action="register"`).
 * @fires {CustomEvent<PasskeyReauthenticatedDetail>} passkey-reauthenticated - After the signed-in user confirmed it's them (`action="reauthenticate"`): the session is fresh.
 * @fires {CustomEvent<PasskeyErrorDetail>} passkey-error - When the ceremony failed; `detail.code` is a stable error code.
 */
export class PasskeyButtonElement extends PasskeyElement {
  protected static override readonly defaultTag = 'passkey-button';
  /** @internal */
  protected static override readonly restAdapter = createRestAdapter;

  // This element's English joins the shared catalogue when it loads (see `en`).
  static {
    Object.assign(en, enButton);
  }

  static override styles = [tokens, buttonStyles, styles];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    action: { reflect: true },
    username: {},
    displayName: { attribute: 'display-name' },
    hint: {},
    disabled: { type: Boolean, reflect: true },
    state: { reflect: true },
  };

  /** Which ceremony the button runs; `reauthenticate` makes a signed-in session fresh before a sensitive action. */
  action: PasskeyButtonAction = 'sign-in';

  /** Username sent with the options request (identifies the account). */
  username?: string;

  /** Display name for a new passkey (`action="register"`). */
  displayName?: string;

  /**
   * Where the new passkey should go (`action="register"`), as a WebAuthn hint
   * the browser follows when the server sent none: `security-key` opens the
   * security key prompt at once ("Add a security key").
   */
  hint?: PasskeyHint;

  /** Disables the button. */
  disabled = false;

  /** The ceremony state, reflected for styling: `idle`, `pending`, `success` or `error`. */
  state: 'idle' | 'pending' | 'success' | 'error' = 'idle';

  private readonly ceremony = new CeremonyController<SignInOutcome | Passkey>(this);
  // Options are fetched when the user points at or focuses the button, and
  // simply lapse when not used: no polling for a button nobody clicks.
  private readonly prefetcher = new PrefetchController<Options>(
    this,
    (_key, signal) => {
      const adapter = resolveAdapter(this);
      const username = this.username?.trim();
      return callAdapter(signal, () =>
        this.action === 'register'
          ? adapter.getRegistrationOptions(registrationInput(this), { signal })
          : adapter.getAuthenticationOptions(
              this.action === 'reauthenticate' ? { reauthenticate: true } : username ? { username } : {},
              { signal },
            ),
      );
    },
    { keepFresh: false },
  );

  /** What the options depend on: the ceremony and the names sent with the request. */
  private get optionsKey(): string {
    const action = this.action === 'register' || this.action === 'reauthenticate' ? this.action : 'sign-in';
    return JSON.stringify([action, this.username?.trim() ?? '', this.displayName?.trim() ?? '', this.endpoint]);
  }

  /** Fetches the options ahead of a click, so the click reaches the prompt with no request. */
  private readonly warm = () => {
    // Without an adapter the click reports that; nothing to fetch before it.
    if (this.disabled || this.ceremony.pending || unsupportedReason() || !hasAdapter(this)) return;
    this.prefetcher.prefetch(this.optionsKey);
  };

  constructor() {
    super();
    // A pointer over the element or focus in it: the click may follow.
    this.addEventListener('pointerenter', this.warm);
    this.addEventListener('focusin', this.warm);
  }

  protected override adapterChanged(): void {
    // Options asked for by another adapter are not this one's to use.
    this.prefetcher.reset();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.state = this.ceremony.status;
  }

  /**
   * Drops options fetched ahead of a click. The profile calls it when its list
   * changes, so a new passkey is never created against a stale exclude list.
   * @internal
   */
  forgetOptions(): void {
    this.prefetcher.clear();
  }

  /** Runs the button's ceremony, as a click does. Resolves when it ends. */
  async start(): Promise<void> {
    if (this.disabled) return;
    const action = this.action === 'register' || this.action === 'reauthenticate' ? this.action : 'sign-in';
    // Taken synchronously, inside the click: options here or on their way need no new request.
    const coming = this.prefetcher.coming(this.optionsKey);
    const outcome = await this.ceremony.run(async (signal) => {
      const adapter = resolveAdapter(this);
      const options = await coming;
      return action === 'register'
        ? registerPasskey(
            adapter,
            {
              username: this.username,
              displayName: this.displayName,
              options: options as PublicKeyCredentialCreationOptionsJSON | undefined,
            },
            signal,
            false,
            this.hint,
          )
        : signInWithPasskey(
            adapter,
            { username: this.username, options, reauthenticate: action === 'reauthenticate' },
            signal,
          );
    });
    // Whatever happened, those options are spent.
    if (coming) this.prefetcher.clear();
    if (!outcome) return;
    // A failed options request is not retried by the next hover: the next click asks again.
    if ('error' in outcome && failedAtOptions(outcome.error)) this.prefetcher.pause(outcome.error);
    else this.prefetcher.resume();
    if ('error' in outcome) {
      const { code } = outcome.error;
      emit(this, 'passkey-error', { code, message: this.loc.error(code), action });
    } else if (action === 'register') {
      emit(this, 'passkey-registered', { passkey: outcome.value as Passkey });
    } else if (action === 'reauthenticate') {
      emit(this, 'passkey-reauthenticated', { result: (outcome.value as SignInOutcome).result });
    } else {
      emit(this, 'passkey-signed-in', { result: (outcome.value as SignInOutcome).result }, true);
    }
  }

  private readonly onClick = () => void this.start();

  /** A cancel is the user's own choice: said quietly, not as an error. */
  private get quiet(): boolean {
    return this.ceremony.error?.code === 'cancelled';
  }

  private statusText(): string {
    const register = this.action === 'register';
    switch (this.ceremony.status) {
      case 'pending':
        return this.loc.term(register ? 'pendingRegister' : 'pendingSignIn');
      case 'success':
        return this.loc.term(
          register ? 'registered' : this.action === 'reauthenticate' ? 'reauthenticated' : 'signedIn',
        );
      case 'error':
        return this.loc.error(this.ceremony.error!.code);
      default:
        return '';
    }
  }

  protected override render() {
    const pending = this.ceremony.pending;
    const label = this.loc.term(
      this.action === 'register'
        ? 'registerLabel'
        : this.action === 'reauthenticate'
          ? 'reauthenticateLabel'
          : 'signInLabel',
    );
    return html`
      ${mainButton(pending, this.disabled, html`<slot>${label}</slot>`, this.onClick)}
      <div part="status" class="status ${this.quiet ? 'quiet' : ''}" role="status" aria-live="polite">
        ${this.statusText()}
      </div>
    `;
  }
}
