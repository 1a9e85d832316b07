import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { asPasskeyError, type PasskeyError } from './errors.js';

export type CeremonyStatus = 'idle' | 'pending' | 'success' | 'error';

/**
 * Runs one ceremony at a time for its host, the shape of `@lit/task`: a status
 * union, an `AbortSignal` handed to the work, a counter that drops the result
 * of a run that was superseded. The run is aborted when the host leaves the
 * page, and a second `run()` while one is pending is ignored (double clicks).
 */
export class CeremonyController<T> implements ReactiveController {
  status: CeremonyStatus = 'idle';
  value: T | undefined;
  error: PasskeyError | undefined;

  private controller: AbortController | undefined;
  private runId = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get pending(): boolean {
    return this.status === 'pending';
  }

  /**
   * Starts `work` unless a run is pending. Resolves to the outcome (never
   * rejects): `{ value }` on success, `{ error }` on failure, or `undefined`
   * when ignored or superseded.
   */
  async run(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { error: PasskeyError } | undefined> {
    if (this.pending) return undefined;
    const id = ++this.runId;
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
    if (id !== this.runId) return undefined;
    this.controller = undefined;
    if ('value' in outcome) {
      this.status = 'success';
      this.value = outcome.value;
    } else {
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

  /** Back to idle, forgetting the last outcome (aborts a pending run first). */
  reset(): void {
    this.abort();
    this.runId++;
    this.controller = undefined;
    this.status = 'idle';
    this.value = undefined;
    this.error = undefined;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abort();
  }
}
