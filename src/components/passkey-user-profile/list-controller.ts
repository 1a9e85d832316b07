import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Passkey, PasskeyAdapter, PasskeyList } from '../../adapters/types.js';
import { asPasskeyError, type PasskeyAction, type PasskeyError } from '../../core/errors.js';
import { callAdapter, listPasskeys, renamePasskey, signInWithPasskey } from '../../core/ceremonies.js';
import { canSignalList, signalList } from '../../core/signals.js';

export type ListStatus = 'loading' | 'ready' | 'error';

/** The element whose `passkeys` the controller keeps. */
export type ListHost = ReactiveControllerHost & { passkeys: Passkey[]; readonly isConnected: boolean };

export interface ListOptions {
  /** The adapter to call; throws when there is none (the page's mistake). */
  adapter: () => PasskeyAdapter;
  /** A load, rename or delete failed while the host was on the page. */
  failed: (error: PasskeyError, action: PasskeyAction) => void;
}

/**
 * The passkey list's decisions: loading it (a newer load aborts the older
 * one), optimistic renames and deletes rolled back when the server refuses,
 * which rows have a request in flight, and the Signal API call that tells the
 * password manager which passkeys still exist. The host renders.
 */
export class ListController implements ReactiveController {
  /** Loading until the first list arrives; error only while there are no rows to show. Read it; the controller sets it. */
  status: ListStatus = 'loading';
  /** Why the last load failed, until the next one starts. Read it; the controller sets it. */
  error: PasskeyError | undefined;
  /**
   * The action the server refused for want of a recent sign-in, waiting for
   * the user to confirm it's them (`confirm`) or not (`cancel`). Read it; the controller sets it.
   */
  waiting: (() => Promise<unknown>) | undefined;
  // `#` members: the bundle's minifier shortens them, as it may not public names.
  readonly #host: ListHost;
  readonly #options: ListOptions;
  readonly #inFlight = new Set<string>();
  #loading: AbortController | undefined;
  readonly #pending = new Set<AbortController>();
  /** The adapter the rows shown came from. */
  #listedFrom: PasskeyAdapter | undefined;
  /**
   * The passkeys the server accepts, as of its last answer (the list, then
   * each confirmed add and delete): rows on screen may be ahead of it, an
   * optimistic delete still on its way. Kept when the list carried what the Signal API needs.
   */
  #listed: PasskeyList | undefined;
  #missingAdapter: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ListHost, options: ListOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Asks the user to confirm it's them; `retry` runs once they have. */
  ask(retry: () => Promise<unknown>): void {
    this.waiting = retry;
    this.#host.requestUpdate();
  }

  /** The reauthenticate sign-in, then the waiting action, once. The question stays if the sign-in fails. */
  async confirm(): Promise<void> {
    const retry = this.waiting;
    if (!retry || this.busy('')) return;
    const adapter = this.#options.adapter();
    try {
      await this.#track('', (signal) => signInWithPasskey(adapter, { reauthenticate: true }, signal));
    } catch (error) {
      if (this.#host.isConnected) this.#options.failed(asPasskeyError(error), 'reauthenticate');
      return;
    }
    this.cancel();
    // Still inside the click's continuation: a browser that wants a gesture for the next prompt may allow it.
    await retry();
  }

  /** Drops the waiting action: nothing changed on the server, and a refused delete's row is already back. */
  cancel(): void {
    this.waiting = undefined;
    this.#host.requestUpdate();
  }

  /** Whether a rename or delete of this passkey (`''`: the confirmation) is in flight. */
  busy(id: string): boolean {
    return this.#inFlight.has(id);
  }

  /** Follows the host's adapter (the host then loads from it); without one, stops loading and waits. */
  adapterChanged(adapter: PasskeyAdapter | undefined): void {
    clearTimeout(this.#missingAdapter);
    // Another adapter's rows are another account's or another server's: never
    // shown (or renamed, or deleted) as this one's. Re-inserted, the same
    // adapter keeps its rows until the reload replaces them.
    if (adapter !== this.#listedFrom) {
      this.#host.passkeys = [];
      this.#listed = undefined;
    }
    if (adapter) return;
    this.#loading?.abort();
    this.#set('loading');
    // Frameworks may set the adapter a moment after insertion: only a page that never does is told.
    this.#missingAdapter = setTimeout(
      () =>
        console.warn(
          '<passkey-user-profile>: set the `endpoint` attribute or the `adapter` property to load the list.',
        ),
      2000,
    );
  }

  /** Reloads the list; the rows shown stay until the new list arrives. */
  async load(): Promise<void> {
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    this.#set(this.#host.passkeys.length ? this.status : 'loading');
    try {
      const adapter = this.#options.adapter();
      const list = await listPasskeys(adapter, controller.signal);
      if (this.#loading !== controller) return;
      this.#host.passkeys = [...(Array.isArray(list) ? list : list.passkeys)];
      this.#listedFrom = adapter;
      this.#listed = Array.isArray(list) ? undefined : list;
      this.#set('ready');
      if (this.#listed) void signalList(this.#listed);
    } catch (error) {
      if (this.#loading !== controller || controller.signal.aborted) return;
      const failure = asPasskeyError(error);
      // A list that was shown stays shown: a failed reload must not lose it.
      this.#set(this.#host.passkeys.length ? 'ready' : 'error', failure);
      this.#options.failed(failure, 'list');
    }
  }

  /** Shows a passkey just added (replacing one with its id). */
  add(passkey: Passkey): void {
    if (this.#listed) this.#listed = { ...this.#listed, passkeys: [...this.#listed.passkeys, passkey] };
    this.#host.passkeys = [...this.#host.passkeys.filter((p) => p.id !== passkey.id), passkey];
    this.#set('ready');
  }

  /**
   * Optimistic: the new name shows at once and is rolled back if the server
   * refuses it. Resolves with the passkey as saved, or undefined if it was not.
   */
  async rename(passkey: Passkey, name: string): Promise<Passkey | undefined> {
    const adapter = this.#options.adapter();
    this.#replace(passkey.id, { ...passkey, name });
    try {
      const saved = await this.#track(passkey.id, (signal) => renamePasskey(adapter, passkey, name, signal));
      // The server took the new name: nothing after this point may roll it back.
      this.#replace(passkey.id, saved);
      return saved;
    } catch (error) {
      if (!this.#host.isConnected) return undefined;
      this.#replace(passkey.id, passkey);
      this.#options.failed(asPasskeyError(error), 'rename');
      return undefined;
    }
  }

  /**
   * Optimistic: the row goes at once, and the request after the host has
   * rendered without it; the row comes back in place if the server refuses.
   * Resolves with whether the server deleted it. Given `retry`, a refusal for
   * want of a recent sign-in asks the user to confirm it's them (see `ask`).
   */
  async remove(passkey: Passkey, retry?: () => Promise<unknown>): Promise<boolean> {
    const index = this.#host.passkeys.findIndex((p) => p.id === passkey.id);
    if (index < 0) return false;
    const adapter = this.#options.adapter();
    this.#host.passkeys = this.#host.passkeys.filter((p) => p.id !== passkey.id);
    await this.#host.updateComplete;
    try {
      await this.#track(passkey.id, (signal) =>
        callAdapter(signal, () => adapter.deletePasskey!(passkey.id, { signal })),
      );
      // The server deleted it: nothing after this point may bring the row back.
      // The password manager hears of it now, not at the next load.
      if (this.#listed) {
        this.#listed = { ...this.#listed, passkeys: this.#listed.passkeys.filter((p) => p.id !== passkey.id) };
        if (canSignalList(this.#listed)) void signalList({ ...this.#listed, user: undefined });
      }
      return true;
    } catch (error) {
      if (!this.#host.isConnected) return false;
      const passkeys = [...this.#host.passkeys];
      passkeys.splice(Math.min(index, passkeys.length), 0, passkey);
      this.#host.passkeys = passkeys;
      const failure = asPasskeyError(error);
      if (retry && failure.code === 'reauthentication-required') this.ask(retry);
      this.#options.failed(failure, 'delete');
      return false;
    }
  }

  /** Whether deleting a passkey also removes it from the user's password manager (the Signal API). */
  get removesFromManager(): boolean {
    return canSignalList(this.#listed);
  }

  hostDisconnected(): void {
    clearTimeout(this.#missingAdapter);
    this.#loading?.abort();
    for (const controller of this.#pending) controller.abort();
    this.#pending.clear();
  }

  #set(status: ListStatus, error?: PasskeyError): void {
    this.status = status;
    this.error = error;
    this.#host.requestUpdate();
  }

  #replace(id: string, passkey: Passkey): void {
    this.#host.passkeys = this.#host.passkeys.map((p) => (p.id === id ? passkey : p));
  }

  #track<T>(id: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.#pending.add(controller);
    this.#inFlight.add(id);
    this.#host.requestUpdate();
    return work(controller.signal).finally(() => {
      this.#pending.delete(controller);
      this.#inFlight.delete(id);
      this.#host.requestUpdate();
    });
  }
}
