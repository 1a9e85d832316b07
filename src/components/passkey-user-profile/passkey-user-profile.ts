import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import { createRestAdapter } from '../../adapters/rest.js';
import type { Passkey, PasskeyAdapter } from '../../adapters/types.js';
import { resolveAdapter } from '../../core/adapter.js';
import { type PasskeyAction, type PasskeyError } from '../../core/errors.js';
import { emit, type PasskeyErrorDetail, type PasskeyRegisteredDetail } from '../../core/events.js';
import { PasskeyElement } from '../../core/passkey-element.js';
import { en } from '../../locales/en.js';
import { enProfile } from '../../locales/en-profile.js';
import { explainerStyles, renderExplainer } from '../shared/explainer.js';
import { PopoverController } from '../../core/popover-controller.js';
import { honoursHints } from '../../core/capabilities.js';
import { unsupportedReason } from '../../core/webauthn.js';
import '../../passkey-button.js';
import type { PasskeyButtonElement } from '../passkey-button/passkey-button.js';
import { cardStyles } from '../../styles/card.js';
import { buttonStyles, tokens } from '../../styles/tokens.js';
import { normalizeAaguid, safeIconUrl } from './format.js';
import { syncRows, type RowContext } from './passkey-row.js';
import { kindIcons } from '../shared/icons.js';
import { ListController } from './list-controller.js';
import { focusAction, RenameController } from './rename-controller.js';
import { styles } from './passkey-user-profile.styles.js';

/** Provider details by AAGUID, the shape of the community passkey-authenticator-aaguids list. */
export type AuthenticatorInfo = Record<string, { name: string; icon_light?: string; icon_dark?: string }>;

/**
 * The passkey section of an account page.
 *
 * @tagname passkey-user-profile
 * @summary Lists the user's passkeys; adds, renames and deletes them.
 *
 * @slot header - Replaces the heading and description.
 * @slot footer - Below the list.
 *
 * @csspart card - The section container.
 * @csspart heading - The heading.
 * @csspart description - The line under the heading.
 * @csspart list - The list of passkeys.
 * @csspart row - One passkey.
 * @csspart provider-icon - A passkey's provider icon.
 * @csspart name - A passkey's name.
 * @csspart meta - A passkey's provider and dates.
 * @csspart badge - The marker of a passkey that does not sync: "On one device only", or "Security key". A synced passkey has none.
 * @csspart actions - A row's Rename and Delete buttons.
 * @csspart action - Each of those buttons.
 * @csspart rename-input - The inline name editor.
 * @csspart popover - The delete confirmation.
 * @csspart confirm - The confirmation's Delete button.
 * @csspart reauth - The "Confirm it's you" notice, when adding or deleting needs a recent sign-in.
 * @csspart reauth-confirm - The notice's "Confirm it's you" button.
 * @csspart empty - The empty state.
 * @csspart error - The error state and its retry button.
 * @csspart status - The live status line.
 * @csspart skeleton - A placeholder row while loading.
 * @csspart explainer-button - The "What is a passkey?" button in the empty state.
 * @csspart explainer - The popover that explains passkeys.
 * @csspart add-button - The "Add a passkey" button (a `<passkey-button>` part).
 * @csspart add-security-key - The "Add a security key" button, where the browser follows registration hints (a `<passkey-button>` part).
 *
 * @cssprop --passkey-color-accent - Add button background and links.
 * @cssprop --passkey-color-accent-hover - Add button background on hover; unset, the accent a little darker (lighter in dark mode).
 * @cssprop --passkey-color-on-accent - Add button text; unset, black or white, whichever reads on the accent (and on its hover colour).
 * @cssprop --passkey-color-link - The "What is a passkey?" link; unset, the accent, darkened (lightened in dark mode) until it reads on the surface.
 * @cssprop --passkey-color-surface - Card background.
 * @cssprop --passkey-color-surface-alt - Icons, badges and skeleton background.
 * @cssprop --passkey-color-text - Text colour.
 * @cssprop --passkey-color-muted - Secondary text colour.
 * @cssprop --passkey-color-border - Borders and row separators.
 * @cssprop --passkey-color-danger - Delete and error colour.
 * @cssprop --passkey-color-success - Success text colour.
 * @cssprop --passkey-color-focus - Focus ring colour.
 * @cssprop --passkey-radius - Control corner radius.
 * @cssprop --passkey-radius-container - Corner radius of boxes inside the card: the list, icons, popovers and the empty and error states; unset, `--passkey-radius` up to 12px, so a pill button never makes a pill-shaped box.
 * @cssprop --passkey-radius-card - Card corner radius.
 * @cssprop --passkey-space - Base spacing unit.
 * @cssprop --passkey-shadow - Card and popover shadow.
 * @cssprop --passkey-font-family - Font family.
 * @cssprop --passkey-font-size - Base font size.
 *
 * @fires {CustomEvent<PasskeyRegisteredDetail>} passkey-registered - After a passkey was added.
 * @fires {CustomEvent<PasskeyRenamedDetail>} passkey-renamed - After the server accepted a new name.
 * @fires {CustomEvent<PasskeyDeletedDetail>} passkey-deleted - After the server deleted a passkey.
 * @fires {CustomEvent<PasskeyErrorDetail>} passkey-error - When loading, adding, renaming or deleting failed.
 */
export class PasskeyUserProfileElement extends PasskeyElement {
  protected static override readonly defaultTag = 'passkey-user-profile';
  /** @internal */
  protected static override readonly restAdapter = createRestAdapter;

  // This element's English joins the shared catalogue when it loads (see `en`).
  static {
    Object.assign(en, enProfile);
  }

  static override styles = [tokens, cardStyles, buttonStyles, explainerStyles, styles];

  // Declared here rather than with decorators, so no decorator helpers ship to the
  // browser. Internal state is `attribute: false` (same behaviour as `state: true`,
  // which the manifest analyzer would mistake for an attribute).
  static override properties: PropertyDeclarations = {
    ...PasskeyElement.properties,
    authenticators: { attribute: false },
    heading: {},
    readonly: { type: Boolean, reflect: true },
    hideExplainer: { type: Boolean, attribute: 'hide-explainer' },
    passkeys: { attribute: false },
    message: { attribute: false },
    bundledNames: { attribute: false },
  };

  /** Provider names and icons by AAGUID; overrides the bundled names. */
  authenticators?: AuthenticatorInfo;

  /** The heading text. */
  heading?: string;

  /** Hides add, rename and delete: a list to look at only. */
  readonly = false;

  /** Hides the "What is a passkey?" explainer of the empty state. */
  hideExplainer = false;

  /** The passkeys shown (a copy; reassign to replace). */
  passkeys: Passkey[] = [];
  private message: { text: string; error?: boolean } | undefined;
  private bundledNames: Record<string, string> | undefined;

  // Members that are neither API nor reactive are `#private`: the bundle's minifier shortens those names.
  readonly #list = new ListController(this, {
    adapter: () => resolveAdapter(this),
    failed: (error, action) => this.#report(error, action),
  });

  readonly #rename = new RenameController(this, this.loc, async (passkey, name) => {
    const saved = await this.#list.rename(passkey, name);
    if (!saved) return;
    this.message = { text: this.loc.term('renamed')(saved.name) };
    emit(this, 'passkey-renamed', { passkey: saved });
  });

  // One popover at a time, the delete confirmation or the explainer: only the open one is rendered.
  readonly #popovers = new PopoverController(this);

  protected override adapterChanged(adapter: PasskeyAdapter | undefined): void {
    this.#list.adapterChanged(adapter);
    if (adapter) void this.refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The provider table is loaded only here, so the sign-in bundle never carries it.
    void import('../../generated/aaguid-names.js').then(
      (module) => (this.bundledNames = module.aaguidNames),
      () => undefined,
    );
  }

  /** Reloads the list from the server. The rows shown stay until the new list arrives. */
  refresh(): Promise<void> {
    if (this.message?.error) this.message = undefined;
    return this.#list.load();
  }

  #report(error: PasskeyError, action: PasskeyAction): void {
    const message = this.loc.error(error.code);
    // While the confirmation is asked, it says why; the status line stays for what went wrong.
    this.message = this.#list.waiting && action !== 'reauthenticate' ? undefined : { text: message, error: true };
    emit(this, 'passkey-error', { code: error.code, message, action });
  }

  /** The add button's own failures, shown in the profile's status line (already-registered kindly). */
  #onAddError(event: CustomEvent<PasskeyErrorDetail>): void {
    const { code, message } = event.detail;
    if (code === 'reauthentication-required' && !this.#retryingAdd) {
      this.message = undefined;
      this.#adding = event.currentTarget as PasskeyButtonElement;
      void this.#ask(() => this.#retryAdd());
    } else if (code === 'cancelled' && this.#retryingAdd) {
      // A browser that allows one prompt per click (the confirmation took it): one more click adds the passkey.
      this.message = { text: this.loc.term('confirmedAddAgain') };
    } else {
      this.message = { text: message, error: code !== 'already-registered' && code !== 'cancelled' };
    }
  }

  #retryingAdd = false;
  /** The add button whose passkey waits for "Confirm it's you". */
  #adding: PasskeyButtonElement | undefined;

  async #retryAdd(): Promise<void> {
    this.#retryingAdd = true;
    try {
      await this.#adding?.start();
    } finally {
      this.#retryingAdd = false;
      this.#adding = undefined;
    }
  }

  // ---- confirm it's you ---------------------------------------------------

  async #ask(retry: () => Promise<unknown>): Promise<void> {
    this.#popovers.close(false);
    this.#list.ask(retry);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="reauth-confirm"]')?.focus();
  }

  async #confirmIdentity(): Promise<void> {
    if (this.message?.error) this.message = undefined;
    await this.#list.confirm();
  }

  #cancelConfirm(): void {
    this.#list.cancel();
    (this.#adding ?? this.#addButton())?.focus();
    this.#adding = undefined;
  }

  // ---- add --------------------------------------------------------------

  async #onRegistered(event: CustomEvent<PasskeyRegisteredDetail>): Promise<void> {
    const { passkey } = event.detail;
    this.#list.add(passkey);
    this.message = { text: this.loc.term('added')(passkey.name) };
    await this.updateComplete;
    this.#nameOf(passkey.id)?.focus();
  }

  // ---- delete -----------------------------------------------------------

  #askDelete(passkey: Passkey, anchor: HTMLElement): void {
    this.#rename.id = undefined;
    void this.#popovers.open(passkey.id, anchor);
  }

  async #confirmDelete(passkey: Passkey, retried = false): Promise<void> {
    const index = this.passkeys.findIndex((p) => p.id === passkey.id);
    if (index < 0) return;
    this.#popovers.close(false);
    // Retried once only, after the user confirmed it's them.
    const deleting = this.#list.remove(passkey, retried ? undefined : () => this.#confirmDelete(passkey, true));
    await this.updateComplete;
    // Focus goes to the row now in its place (the new last one, if it was last), else to the add button.
    const next = this.passkeys[Math.min(index, this.passkeys.length - 1)];
    (next ? this.#nameOf(next.id) : this.#addButton())?.focus();
    if (!(await deleting)) {
      if (!this.isConnected) return;
      if (this.#list.waiting) void this.#ask(this.#list.waiting);
      else await focusAction(this, passkey.id, 'delete');
      return;
    }
    // Options fetched for the add buttons still exclude the deleted one.
    for (const button of this.renderRoot.querySelectorAll<PasskeyButtonElement>('passkey-button'))
      button.forgetOptions();
    this.message = { text: this.loc.term('deleted')(passkey.name) };
    emit(this, 'passkey-deleted', { id: passkey.id });
  }

  // ---- lookups ----------------------------------------------------------

  /** A row's name, where focus goes when the row is added or takes a deleted one's place. */
  #nameOf(id: string): HTMLElement | null | undefined {
    return this.shadowRoot?.getElementById(`name-${id}`);
  }

  #addButton(): PasskeyButtonElement | null {
    return this.renderRoot.querySelector<PasskeyButtonElement>('passkey-button');
  }

  /** The provider's name and icon: `authenticators` first, else the bundled names (which have no icons). */
  #provider(passkey: Passkey): { name?: string | undefined; icon?: string | undefined } {
    const key = normalizeAaguid(passkey.aaguid);
    if (!key) return {};
    const info = this.authenticators?.[passkey.aaguid!] ?? this.authenticators?.[key];
    if (!info) return { name: this.bundledNames?.[key] };
    const dark =
      this.theme === 'dark' || (this.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    return {
      name: info.name ?? this.bundledNames?.[key],
      icon: safeIconUrl(dark ? (info.icon_dark ?? info.icon_light) : (info.icon_light ?? info.icon_dark)),
    };
  }

  // ---- render -----------------------------------------------------------

  #renderConfirm(): TemplateResult {
    const busy = this.#list.busy('');
    return html`<div part="reauth" class="reauth" role="group" aria-labelledby="reauth-text">
      <p id="reauth-text">${this.loc.error('reauthentication-required')}</p>
      <div class="reauth-actions">
        <button class="small" type="button" @click=${() => this.#cancelConfirm()}>${this.loc.term('cancel')}</button>
        <button
          part="reauth-confirm"
          class="small primary"
          type="button"
          aria-disabled=${busy ? 'true' : nothing}
          @click=${() => void this.#confirmIdentity()}
        >
          ${this.loc.term('reauthenticateLabel')}
        </button>
      </div>
    </div>`;
  }

  #renderBody(): TemplateResult {
    if (this.#list.status === 'loading') {
      return html`<ul part="list" class="list" aria-busy="true" aria-label=${this.loc.term('loading')}>
        ${[0, 1].map(
          () =>
            html`<li part="skeleton" class="row skeleton" aria-hidden="true">
              <span class="kind"></span>
              <div class="main"><span class="bar wide"></span><span class="bar"></span></div>
            </li>`,
        )}
      </ul>`;
    }
    if (this.#list.status === 'error') {
      return html`<div part="error" class="state error-state">
        <p>${this.loc.error(this.#list.error?.code ?? 'unknown')}</p>
        <button class="small" type="button" @click=${() => void this.refresh()}>${this.loc.term('retry')}</button>
      </div>`;
    }
    if (!this.passkeys.length) {
      return html`<div part="empty" class="state empty">
        <span class="empty-icon">${kindIcons.synced}</span>
        <p class="empty-title">${this.loc.term('emptyTitle')}</p>
        <p>${this.loc.term('emptyBody')}</p>
        ${this.hideExplainer ? nothing : renderExplainer(this.loc, this.#popovers)}
      </div>`;
    }
    // The rows are put in by `updated()`.
    return html`<ul part="list" class="list" id="rows" aria-labelledby="heading"></ul>`;
  }

  /** Each passkey's row element, kept while the passkey is listed. */
  readonly #rows = new Map<string, HTMLLIElement>();

  readonly #row: RowContext = {
    loc: this.loc,
    list: this.#list,
    rename: this.#rename,
    popovers: this.#popovers,
    provider: (passkey) => this.#provider(passkey),
    can: (what) => !this.readonly && typeof this.resolvedAdapter?.[`${what}Passkey`] === 'function',
    askDelete: (passkey, anchor) => this.#askDelete(passkey, anchor),
    confirmDelete: (passkey) => void this.#confirmDelete(passkey),
  };

  protected override updated(): void {
    syncRows(this.shadowRoot!.getElementById('rows'), this.#rows, this.passkeys, this.#row);
  }

  protected override render() {
    const supported = !unsupportedReason();
    return html`<section part="card" class="card" dir=${this.loc.dir} aria-labelledby="heading">
      <slot name="header">
        <h2 part="heading" class="heading" id="heading">${this.heading ?? this.loc.term('profileHeading')}</h2>
        <p part="description" class="description">${this.loc.term('profileDescription')}</p>
      </slot>
      ${this.#renderBody()} ${this.#list.waiting ? this.#renderConfirm() : nothing}
      <div class="footer">
        ${
          this.readonly
            ? nothing
            : supported
              ? // "Add a security key" only where the browser follows the hint: elsewhere it would open the same prompt.
                (honoursHints() ? [false, true] : [false]).map(
                  (securityKey) =>
                    html`<passkey-button
                      action="register"
                      class=${securityKey ? 'security-key' : ''}
                      hint=${securityKey ? 'security-key' : nothing}
                      exportparts=${securityKey ? 'button: add-security-key' : 'button: add-button'}
                      .adapter=${this.resolvedAdapter}
                      .strings=${{ ...this.strings, registered: '' }}
                      theme=${this.theme ?? nothing}
                      @passkey-registered=${(e: CustomEvent<PasskeyRegisteredDetail>) => void this.#onRegistered(e)}
                      @passkey-error=${(e: CustomEvent<PasskeyErrorDetail>) => this.#onAddError(e)}
                      >${this.loc.term(securityKey ? 'addSecurityKey' : 'addPasskey')}</passkey-button
                    >`,
                )
              : html`<p class="note">${this.loc.term('addUnsupported')}</p>`
        }
        <div
          part="status"
          class="status ${this.message?.error ? 'error' : ''} ${this.#list.status === 'error' ? 'visually-hidden' : ''}"
          role="status"
          aria-live="polite"
        >
          ${this.message?.text ?? ''}
        </div>
      </div>
      <slot name="footer"></slot>
    </section>`;
  }
}
