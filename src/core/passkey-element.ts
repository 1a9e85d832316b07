import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { PasskeyAdapter } from '../adapters/types.js';
import { currentAdapter, type RestFactory } from './adapter.js';
import { LocalizeController, type MessageOverrides } from './localize.js';

/**
 * What every passkey element shares: the `endpoint` / `adapter` pair and the
 * adapter it resolves to, `theme`, `strings`, the localized messages and
 * `define()`. (The design tokens stay in each element's `styles`: prepending
 * them here cost more bytes than listing them.)
 *
 * Frameworks set properties at any time — React's wrappers after the element
 * is in the page, Vue before — so no element reads its adapter when it
 * connects. Each one learns it in `adapterChanged()`, called on the first
 * update, on every change of `adapter` or `endpoint`, and again after the
 * element is moved or re-inserted.
 */
export class PasskeyElement extends LitElement {
  static override properties: PropertyDeclarations = {
    endpoint: {},
    adapter: { attribute: false },
    theme: { reflect: true },
    strings: { attribute: false },
  };

  /** The tag `define()` registers when called without one. */
  protected static readonly defaultTag: string;

  /**
   * The REST adapter the element builds for `endpoint`: `createRestAdapter`,
   * or only the part of the contract the element calls (the sign-in card
   * never registers, so its bundle leaves registration out).
   * @internal
   */
  protected static readonly restAdapter: RestFactory;

  /**
   * Registers the element as `tag`. A tag already taken by this class is
   * left alone; one taken by another class is reported, not thrown.
   */
  static define(tag?: string, registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    const name = tag ?? this.defaultTag;
    // No registry (a server without a DOM shim): nothing to define, and no error.
    const taken = registry?.get(name);
    if (!registry || taken === this) return;
    if (taken) console.warn(`<${name}> is defined by another class: not redefined.`);
    else registry.define(name, this);
  }

  /** Base URL of the REST contract; builds the default adapter. May be set or changed at any time. */
  endpoint?: string;

  /**
   * A custom adapter; takes precedence over `endpoint`. May be set or replaced at any time.
   * Optional methods it lacks hide their controls (no Rename without `renamePasskey`).
   */
  adapter?: PasskeyAdapter;

  /** Forces the light or dark theme instead of following the system. */
  theme?: 'light' | 'dark';

  /** Overrides any built-in message: a string, or a function for messages that take a value. */
  strings?: MessageOverrides;

  protected readonly loc = new LocalizeController(this);

  /** The adapter `adapterChanged()` last announced (cleared when the element leaves the page). */
  private announced: PasskeyAdapter | undefined | null = null;

  /** The adapter in use now: `adapter`, else the REST adapter for `endpoint`, else none. */
  protected get resolvedAdapter(): PasskeyAdapter | undefined {
    return currentAdapter(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-inserted: announce the adapter again, as on the first update.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announced = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const adapter = this.resolvedAdapter;
    if (adapter !== this.announced && this.isConnected) {
      this.announced = adapter;
      this.adapterChanged(adapter);
    }
  }

  /**
   * The element has a new adapter to use (or none): drop what the old one
   * fetched and (re)load with this one. Runs inside an update, so state set
   * here renders with it.
   */
  protected adapterChanged(_adapter: PasskeyAdapter | undefined): void {}
}
