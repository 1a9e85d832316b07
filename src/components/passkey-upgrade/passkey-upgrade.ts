import { css, html, nothing, type PropertyDeclarations } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type { Passkey, PasskeyAdapter, PublicKeyCredentialCreationOptionsJSON } from '../../adapters/types.js';
import { hasAdapter, resolveAdapter } from '../../core/adapter.js';
import { detectCapabilities } from '../../core/capabilities.js';
import { CeremonyController } from '../../core/ceremony-controller.js';
import { emit } from '../../core/events.js';
import { explainerStyles, renderExplainer } from '../../core/explainer.js';
import { callAdapter, failedAtOptions } from '../../core/flows.js';
import { registerPasskey, registrationInput } from '../../core/registration.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { PopoverController } from '../../core/popover-controller.js';
import { PrefetchController } from '../../core/prefetch-controller.js';
import { unsupportedReason } from '../../core/webauthn.js';
import { passkeyIcon } from '../../styles/icons.js';
import { buttonStyles, cardStyles, tokens } from '../../styles/tokens.js';

const NEVER = 'passkey-upgrade:never:';
const LATER = 'passkey-upgrade:later:';
const SILENT_WAIT = 2500;

/** Storage that may be missing or throw (private mode, sandboxed frames). */
function read(storage: () => Storage, key: string): boolean {
  try {
    return storage().getItem(key) === '1';
  } catch {
    return false;
  }
}
function write(storage: () => Storage, key: string): void {
  try {
    storage().setItem(key, '1');
  } catch {
    // Not remembered, then: the prompt may come back, which is harmless.
  }
}

/**
 * Offers a passkey right after a password sign-in.
 *
 * @tagname passkey-upgrade
 * @summary Creates a passkey silently where the browser allows it, else offers one in a small dismissible card.
 *
 * @csspart card - The prompt card.
 * @csspart icon - The passkey icon.
 * @csspart heading - The card's heading.
 * @csspart body - The card's text.
 * @csspart button - The "Create a passkey" button.
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

  static override styles = [
    tokens,
    cardStyles,
    buttonStyles,
    explainerStyles,
    css`
      :host {
        display: block;
        max-inline-size: 480px;
      }
      .card {
        position: relative;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: var(--_space) calc(var(--_space) * 1.5);
        padding: calc(var(--_space) * 2.5);
      }
      .badge {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        inline-size: 40px;
        block-size: 40px;
        border-radius: 50%;
        background: var(--_surface-alt);
        color: var(--_link);
      }
      .badge svg {
        inline-size: 22px;
        block-size: 22px;
      }
      .heading {
        margin: 0;
        font-size: 1.05em;
        font-weight: 700;
        align-self: center;
      }
      .body,
      .actions,
      .status,
      .more {
        grid-column: 1 / -1;
      }
      .body {
        margin: 0;
        color: var(--_muted);
        line-height: 1.45;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        align-items: center;
      }
      .secondary {
        min-block-size: 44px;
        padding-inline: calc(var(--_space) * 1.5);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        font: inherit;
        font-weight: 600;
        cursor: pointer;
      }
      /* A text button: where it wraps onto a line of its own, its text lines up with the card's. */
      .secondary.quiet {
        padding-inline: 0;
        border-color: transparent;
        color: var(--_muted);
      }
      .secondary:focus-visible {
        outline: 3px solid var(--_focus);
        outline-offset: 2px;
      }
      .status {
        min-block-size: 1.4em;
        font-size: 0.875em;
        color: var(--_muted);
      }
      .status.error {
        color: var(--_danger);
      }
      .status.success {
        color: var(--_success);
      }
      /* The link's own padding would indent it from the text above. It sits in
         the status line's reserved space while that is empty (a message takes
         its place), so the card has no hole under its buttons and never shifts. */
      .more {
        display: flex;
        margin-inline-start: -4px;
      }
      .status + .more {
        margin-block-start: calc(-1.4em * 0.875 - var(--_space));
      }
      .status:not(:empty) + .more {
        visibility: hidden;
      }
    `,
  ];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    username: {},
    displayName: { attribute: 'display-name' },
    manual: { type: Boolean },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    view: { attribute: false },
    createdSilently: { attribute: false },
  };

  /** The signed-in user's name: sent with the options request, and the key that remembers "Don't ask again". */
  username?: string;

  /** Display name for the new passkey. */
  displayName?: string;

  /** Always show the card; never create a passkey silently. */
  manual = false;

  /** Hides the "What is a passkey?" explainer. */
  hideExplainer = false;

  /** What the element shows: nothing yet, the card, or nothing any more. */
  private view: 'waiting' | 'card' | 'done' | 'hidden' = 'waiting';

  private readonly ceremony = new CeremonyController<Passkey>(this);
  private readonly explainer = new PopoverController(this, () =>
    this.renderRoot.querySelector<HTMLElement>('[part="explainer"]'),
  );
  private silent: AbortController | undefined;
  private createdSilently = false;
  // "Create a passkey" fetches its options when the pointer or focus reaches
  // it, so the click goes straight to the prompt; unused ones just lapse.
  private readonly prefetcher = new PrefetchController<PublicKeyCredentialCreationOptionsJSON>(
    this,
    (_key, signal) =>
      callAdapter(signal, () => resolveAdapter(this).getRegistrationOptions(registrationInput(this), { signal })),
    { keepFresh: false },
  );

  /** What the options depend on: the names sent with the request, and where they go. */
  private get optionsKey(): string {
    return JSON.stringify([this.username?.trim() ?? '', this.displayName?.trim() ?? '', this.endpoint]);
  }

  /** Whether `begin()` ran since the element was put in the page. */
  private begun = false;

  protected override adapterChanged(adapter: PasskeyAdapter | undefined): void {
    // Options asked for by another adapter are not this one's to use.
    this.prefetcher.reset();
    // Wait for an adapter, however late the page sets it: without one there is nothing to offer.
    if (adapter && !this.begun) {
      this.begun = true;
      void this.begin();
    }
  }

  private readonly warm = () => {
    if (this.ceremony.pending || unsupportedReason() || !hasAdapter(this)) return;
    this.prefetcher.prefetch(this.optionsKey);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.silent?.abort();
    this.begun = false;
  }

  private get key(): string {
    return (this.username ?? '').trim().toLowerCase();
  }

  private async begin(): Promise<void> {
    this.view = 'waiting';
    if (read(() => localStorage, NEVER + this.key) || read(() => sessionStorage, LATER + this.key)) {
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
      const passkey = await registerPasskey(resolveAdapter(this), this.input(), controller.signal, true);
      // Created without a dialog: nothing to show, or a success line if the card is up.
      if (this.view === 'card') this.createdSilently = true;
      else this.view = 'done';
      emit(this, 'passkey-registered', { passkey });
      return true;
    } catch {
      // The browser declined (no recent password use, a setting): offer the card instead.
      return false;
    } finally {
      if (this.silent === controller) this.silent = undefined;
    }
  }

  private input() {
    return { username: this.username, displayName: this.displayName };
  }

  /** Creates a passkey now, as "Create a passkey" does. */
  async create(): Promise<void> {
    if (this.ceremony.pending) return;
    this.silent?.abort();
    emit(this, 'passkey-prompt-accepted', {});
    // Taken synchronously, inside the click: options here or on their way need no new request.
    const coming = this.prefetcher.coming(this.optionsKey);
    const outcome = await this.ceremony.run(async (signal) =>
      registerPasskey(resolveAdapter(this), { ...this.input(), options: await coming }, signal),
    );
    // Whatever happened, those options are spent.
    if (coming) this.prefetcher.clear();
    if (!outcome) return;
    // A failed options request is not retried by the next hover: the next click asks again.
    if ('error' in outcome && failedAtOptions(outcome.error)) this.prefetcher.pause(outcome.error);
    else this.prefetcher.resume();
    if ('error' in outcome) {
      const { code } = outcome.error;
      emit(this, 'passkey-error', { code, message: this.loc.error(code), action: 'register' });
    } else {
      emit(this, 'passkey-registered', { passkey: outcome.value });
    }
  }

  private dismiss(permanent: boolean): void {
    this.silent?.abort();
    write(() => (permanent ? localStorage : sessionStorage), (permanent ? NEVER : LATER) + this.key);
    this.view = 'hidden';
    emit(this, 'passkey-prompt-dismissed', { permanent });
  }

  private statusText(): { text: string; kind?: 'error' | 'success' } {
    switch (this.ceremony.status) {
      case 'pending':
        return { text: this.loc.term('pendingRegister') };
      case 'success':
        return { text: this.loc.term('upgradeDone'), kind: 'success' };
      case 'error':
        return { text: this.loc.error(this.ceremony.error!.code), kind: 'error' };
      default:
        return { text: '' };
    }
  }

  protected override render() {
    if (this.view !== 'card') return nothing;
    const pending = this.ceremony.pending;
    const done = this.ceremony.status === 'success' || this.createdSilently;
    const status = this.createdSilently ? { text: this.loc.term('upgradeDone'), kind: 'success' } : this.statusText();
    return html`<section part="card" class="card" dir=${this.loc.dir} aria-labelledby="heading">
      <span part="icon" class="badge">${passkeyIcon}</span>
      <h2 part="heading" class="heading" id="heading">${this.loc.term('upgradeTitle')}</h2>
      <p part="body" class="body">${this.loc.term('upgradeBody')}</p>
      ${
        done
          ? nothing
          : html`<div class="actions">
              <button
                part="button"
                class="button"
                type="button"
                aria-disabled=${pending ? 'true' : nothing}
                aria-busy=${pending ? 'true' : nothing}
                @click=${() => void this.create()}
                @pointerenter=${this.warm}
                @focus=${this.warm}
              >
                <span class="icon">${pending ? html`<span class="spinner"></span>` : passkeyIcon}</span>
                ${this.loc.term('upgradeAccept')}
              </button>
              <button part="secondary" class="secondary" type="button" @click=${() => this.dismiss(false)}>
                ${this.loc.term('upgradeLater')}
              </button>
              <button part="secondary" class="secondary quiet" type="button" @click=${() => this.dismiss(true)}>
                ${this.loc.term('upgradeNever')}
              </button>
            </div>`
      }
      <div part="status" class="status ${status.kind ?? ''}" role="status" aria-live="polite">${status.text}</div>
      ${
        this.hideExplainer || done
          ? nothing
          : html`<div class="more">${renderExplainer(this.loc, this.explainer)}</div>`
      }
    </section>`;
  }
}
