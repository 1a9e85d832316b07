import { html, nothing, type PropertyDeclarations } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type { PasskeyAdapter } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import { detectCapabilities } from '../../core/capabilities.js';
import type { PasskeyErrorCode } from '../../core/errors.js';
import { emit, type PasskeyErrorDetail } from '../../core/events.js';
import { explainerStyles, renderExplainer } from '../shared/explainer.js';
import { registerPasskey, registrationInput } from '../../core/registration.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { en } from '../../locales/en.js';
import { enUpgrade } from '../../locales/en-upgrade.js';
import { PopoverController } from '../../core/popover-controller.js';
import '../../passkey-button.js';
import type { PasskeyButtonElement } from '../passkey-button/passkey-button.js';
import { passkeyIcon } from '../shared/icons.js';
import { cardStyles } from '../../styles/card.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './passkey-upgrade.styles.js';

/** Where a dismissal is remembered, followed by the account's key. */
const NEVER = 'passkey-upgrade:never:';
const LATER = 'passkey-upgrade:later:';
const SILENT_WAIT = 2500;
const DAY = 864e5;

/** A stored value; the storage may be missing or throw (private mode, sandboxed frames). */
function recall(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered, then: the prompt may come back, which is harmless.
  }
}

/**
 * Offers a passkey right after a password sign-in, or (`reason="other-device"`)
 * on this device after a sign-in with a phone or security key.
 *
 * @tagname passkey-upgrade
 * @summary Creates a passkey silently where the browser allows it, else offers one in a small dismissible card.
 *
 * @csspart card - The prompt card.
 * @csspart emblem - The passkey symbol beside the heading.
 * @csspart heading - The card's heading.
 * @csspart body - The card's text.
 * @csspart button - The "Create a passkey" button (a `<passkey-button>` part).
 * @csspart icon - The icon in that button (a spinner while pending).
 * @csspart label - The text in that button.
 * @csspart secondary - The "Not now" and "Don't ask again" buttons.
 * @csspart status - The live status line.
 * @csspart explainer-button - The "What is a passkey?" button.
 * @csspart explainer - The popover that explains passkeys.
 *
 * @cssprop --passkey-color-accent - Button background.
 * @cssprop --passkey-color-accent-hover - Button background on hover; unset, the accent a little darker (lighter in dark mode).
 * @cssprop --passkey-color-on-accent - Button text colour; unset, black or white, whichever reads on the accent (and on its hover colour).
 * @cssprop --passkey-color-link - The "What is a passkey?" link; unset, the accent, darkened (lightened in dark mode) until it reads on the surface.
 * @cssprop --passkey-color-surface - Card background.
 * @cssprop --passkey-color-text - Text colour.
 * @cssprop --passkey-color-muted - Secondary text colour.
 * @cssprop --passkey-color-border - Card border.
 * @cssprop --passkey-color-danger - Error text colour.
 * @cssprop --passkey-color-success - Success text colour.
 * @cssprop --passkey-color-focus - Focus ring colour.
 * @cssprop --passkey-radius - Button corner radius.
 * @cssprop --passkey-radius-container - Corner radius of boxes inside the card: the explainer popover; unset, `--passkey-radius` up to 12px, so a pill button never makes a pill-shaped box.
 * @cssprop --passkey-radius-card - Card corner radius.
 * @cssprop --passkey-space - Base spacing unit.
 * @cssprop --passkey-shadow - Card shadow.
 *
 * @fires {CustomEvent<PasskeyPromptDetail>} passkey-prompt-shown - When the card is shown.
 * @fires {CustomEvent<PasskeyPromptDetail>} passkey-prompt-accepted - When the user chose "Create a passkey".
 * @fires {CustomEvent<PasskeyPromptDetail>} passkey-prompt-dismissed - "Not now" (`permanent: false`) or "Don't ask again" (`permanent: true`).
 * @fires {CustomEvent<PasskeyRegisteredDetail>} passkey-registered - After a passkey was created, silently or from the card.
 * @fires {CustomEvent<PasskeyErrorDetail>} passkey-error - When creating the passkey from the card failed.
 */
export class PasskeyUpgradeElement extends PasskeyElement {
  protected static override readonly defaultTag = 'passkey-upgrade';
  /** @internal */
  protected static override readonly restAdapter = createRestAdapter;

  // This element's English joins the shared catalogue when it loads (see `en`).
  static {
    Object.assign(en, enUpgrade);
  }

  static override styles = [tokens, cardStyles, explainerStyles, styles];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    username: {},
    displayName: { attribute: 'display-name' },
    manual: { type: Boolean },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    reason: {},
    remindAfterDays: { type: Number, attribute: 'remind-after-days' },
    state: { reflect: true },
    view: { attribute: false },
  };

  /** The signed-in user's name: sent with the options request, and the key that remembers "Not now" and "Don't ask again". */
  username?: string;

  /** Display name for the new passkey. */
  displayName?: string;

  /** Always show the card; never create a passkey silently. */
  manual = false;

  /** Hides the "What is a passkey?" explainer. */
  hideExplainer = false;

  /**
   * Why a passkey is offered, for the card's words: `password` (after a password sign-in) or
   * `other-device` (after a sign-in with a phone or security key: `fromOtherDevice`).
   */
  reason: 'password' | 'other-device' = 'password';

  /** Days after "Not now" before the card asks this user again (in this browser); `0` asks at the next sign-in. */
  remindAfterDays = 14;

  /** Creating the passkey, reflected for styling: `idle`, `pending`, `success` (silently or from the card) or `error`. */
  state: 'idle' | 'pending' | 'success' | 'error' = 'idle';

  /** What the element shows: nothing yet, the card, or nothing any more. */
  private view: 'waiting' | 'card' | 'hidden' = 'waiting';

  /** Why the last try from the card failed (`state` is `error`). */
  private failure: PasskeyErrorCode | undefined;

  private readonly explainer = new PopoverController(this);
  private silent: AbortController | undefined;

  /** Whether `begin()` ran since the element was put in the page. */
  private begun = false;

  protected override adapterChanged(adapter: PasskeyAdapter | undefined): void {
    // Wait for an adapter, however late the page sets it: without one there is nothing to offer.
    if (adapter && !this.begun) {
      this.begun = true;
      void this.begin();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.silent?.abort();
    this.begun = false;
  }

  /** The account a dismissal is remembered for: the username, trimmed and lower-cased. */
  private get accountKey(): string {
    return (this.username ?? '').trim().toLowerCase();
  }

  private async begin(): Promise<void> {
    this.view = 'waiting';
    // "Not now" stores when it was chosen; anything unreadable there counts as never chosen.
    const age = Date.now() - Number(recall(LATER + this.accountKey) || NaN);
    if (recall(NEVER + this.accountKey) === '1' || (age >= 0 && age < this.remindAfterDays * DAY)) {
      this.view = 'hidden';
      return;
    }
    const capabilities = await detectCapabilities();
    if (!this.isConnected) return;
    if (!capabilities.webauthn) {
      this.view = 'hidden';
      return;
    }
    if (capabilities.conditionalCreate && !this.manual) {
      // The browser may keep a conditional request open while it waits for its
      // password manager; after a short wait the card is offered alongside it.
      const silent = this.createSilently();
      const settled = await Promise.race([silent, new Promise<undefined>((r) => setTimeout(r, SILENT_WAIT))]);
      if (settled === true || !this.isConnected) return;
    }
    this.view = 'card';
    emit(this, 'passkey-prompt-shown', {});
  }

  /**
   * Conditional create: the password manager the user just signed in with may
   * add a passkey without any dialog. Resolves to whether it did.
   */
  private async createSilently(): Promise<boolean> {
    const controller = new AbortController();
    this.silent = controller;
    try {
      const passkey = await registerPasskey(resolveAdapter(this), registrationInput(this), controller.signal, true);
      // Created without a dialog: nothing to show, or a success line if the card is up.
      this.state = 'success';
      if (this.view !== 'card') this.view = 'hidden';
      emit(this, 'passkey-registered', { passkey });
      return true;
    } catch {
      // The browser declined (no recent password use, a setting): offer the card instead.
      return false;
    } finally {
      if (this.silent === controller) this.silent = undefined;
    }
  }

  /**
   * Creates a passkey now, as "Create a passkey" does (while the card shows
   * it). Resolves when it ends.
   */
  async create(): Promise<void> {
    const button = this.renderRoot.querySelector<PasskeyButtonElement>('passkey-button');
    if (!button || this.state === 'pending') return;
    this.accepted();
    await button.start();
  }

  /**
   * "Create a passkey" was chosen; the inner button runs the ceremony and its
   * `passkey-registered` or `passkey-error` reaches the page as the card's own.
   */
  private accepted(): void {
    this.silent?.abort();
    this.state = 'pending';
    emit(this, 'passkey-prompt-accepted', {});
  }

  // Capture: this runs before the inner button's own click listener starts the ceremony.
  private readonly onCreateClick = {
    capture: true,
    handleEvent: () => {
      // A click while pending is ignored by the button, so it is not a new acceptance.
      if (this.state !== 'pending') this.accepted();
    },
  };

  private readonly onCreated = () => {
    this.state = 'success';
  };

  private readonly onFailed = (event: CustomEvent<PasskeyErrorDetail>) => {
    this.failure = event.detail.code;
    // Ended by "Not now" or "Don't ask again" (the card went): nothing failed.
    this.state = this.view === 'card' ? 'error' : 'idle';
  };

  private dismiss(permanent: boolean): void {
    this.silent?.abort();
    remember((permanent ? NEVER : LATER) + this.accountKey, permanent ? '1' : String(Date.now()));
    this.view = 'hidden';
    emit(this, 'passkey-prompt-dismissed', { permanent });
  }

  private statusText(): string {
    switch (this.state) {
      case 'pending':
        return this.loc.term('pendingRegister');
      case 'success':
        return this.loc.term('upgradeDone');
      case 'error':
        return this.loc.error(this.failure!);
      default:
        return '';
    }
  }

  protected override render() {
    if (this.view !== 'card') return nothing;
    const done = this.state === 'success';
    const device = this.reason === 'other-device';
    return html`<section part="card" class="card" dir=${this.loc.dir} aria-labelledby="heading">
      <span part="emblem" class="emblem">${passkeyIcon}</span>
      <h2 part="heading" class="heading" id="heading">
        ${this.loc.term(device ? 'upgradeDeviceTitle' : 'upgradeTitle')}
      </h2>
      <p part="body" class="description">${this.loc.term(device ? 'upgradeDeviceBody' : 'upgradeBody')}</p>
      ${
        done
          ? nothing
          : html`<div class="actions">
              <passkey-button
                action="register"
                exportparts="button, icon, label"
                lang=${this.loc.lang}
                theme=${this.theme ?? nothing}
                .adapter=${this.resolvedAdapter}
                .strings=${this.strings}
                .username=${this.username}
                .displayName=${this.displayName}
                @click=${this.onCreateClick}
                @passkey-registered=${this.onCreated}
                @passkey-error=${this.onFailed}
                >${this.loc.term('upgradeAccept')}</passkey-button
              >
              <button part="secondary" class="secondary" type="button" @click=${() => this.dismiss(false)}>
                ${this.loc.term('upgradeLater')}
              </button>
              <button part="secondary" class="secondary quiet" type="button" @click=${() => this.dismiss(true)}>
                ${this.loc.term('upgradeNever')}
              </button>
            </div>`
      }
      <div part="status" class="status ${this.state}" role="status" aria-live="polite">${this.statusText()}</div>
      ${
        this.hideExplainer || done
          ? nothing
          : html`<div class="more">${renderExplainer(this.loc, this.explainer)}</div>`
      }
    </section>`;
  }
}
