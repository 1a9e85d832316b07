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
  status: CeremonyStatus = 'idle';
  error: PasskeyError | undefined;

  private controller: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get pending(): boolean {
    return this.status === 'pending';
  }

  /**
   * Starts `work` unless a run is pending. Resolves to the outcome (never
   * rejects): `{ value }` on success, `{ error }` on failure, or `undefined`
   * when ignored.
   */
  async run(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { error: PasskeyError } | undefined> {
    if (this.pending) return undefined;
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'pending';
    this.error = undefined;
    this.host.requestUpdate();
    let outcome: { value: T } | { error: PasskeyError };
    try {
      outcome = { value: await work(controller.signal) };
    } catch (error) {
      outcome = { error: asPasskeyError(error) };
    }
    this.controller = undefined;
    if ('value' in outcome) this.status = 'success';
    else {
      this.status = 'error';
      this.error = outcome.error;
    }
    this.host.requestUpdate();
    return outcome;
  }

  /** Aborts the pending run, if any; its outcome arrives as an `aborted` error. */
  abort(): void {
    this.controller?.abort();
  }

  hostDisconnected(): void {
    this.abort();
  }
}
