import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { asPasskeyError, type PasskeyError } from './errors.js';

export type CeremonyStatus = 'idle' | 'pending' | 'success' | 'error';

/**
 * Runs one ceremony at a time for its host, the shape of `@lit/task`: a status
 * union and an `AbortSignal` handed to the work. The run is aborted when the
 * host leaves the page, and a second `run()` while one is pending is ignored
 * (double clicks).
 */
export class CeremonyController<T> implements ReactiveController {
  private _status: CeremonyStatus = 'idle';
  private _error: PasskeyError | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Where the last run is; only `run()` and `reset()` change it. */
  get status(): CeremonyStatus {
    return this._status;
  }

  /** Why the last run failed; undefined unless `status` is `error`. */
  get error(): PasskeyError | undefined {
    return this._error;
  }

  get pending(): boolean {
    return this._status === 'pending';
  }

  /**
   * Starts `work` unless a run is pending. Resolves to the outcome (never
   * rejects): `{ value }` on success, `{ error }` on failure, or `undefined`
   * when ignored.
   */
  async run(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { error: PasskeyError } | undefined> {
    if (this.pending) return undefined;
    const controller = (this.controller = new AbortController());
    this.settle('pending');
    let outcome: { value: T } | { error: PasskeyError };
    try {
      outcome = { value: await work(controller.signal) };
    } catch (error) {
      outcome = { error: asPasskeyError(error) };
    }
    this.controller = undefined;
    if ('value' in outcome) this.settle('success');
    else this.settle('error', outcome.error);
    return outcome;
  }

  private settle(status: CeremonyStatus, error?: PasskeyError): void {
    this._status = status;
    this._error = error;
    this.host.requestUpdate();
  }

  /** Forgets the last outcome (back to `idle`) unless a run is pending: a sign-up form the user edits again. */
  reset(): void {
    if (!this.pending) this.settle('idle');
  }

  /** Aborts the pending run, if any; its outcome arrives as an `aborted` error. */
  abort(): void {
    this.controller?.abort();
  }

  hostDisconnected(): void {
    this.abort();
  }
}
