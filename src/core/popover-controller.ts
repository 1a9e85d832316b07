import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Loaded with the first popover, together with @floating-ui/dom: a page that
// never opens one never downloads either.
let behaviour: Promise<typeof import('./popover-behaviour.js')> | undefined;

/**
 * One popover at a time for its host, anchored to the control that opened it
 * with `@floating-ui/dom` (flips and shifts at the viewport's edges). While
 * open it keeps focus inside, closes on Escape or a click outside, and gives
 * focus back to its anchor.
 */
export class PopoverController implements ReactiveController {
  /** What the open popover is about (a passkey id, say); undefined when closed. */
  openFor: string | undefined;
  private anchor: HTMLElement | undefined;
  private cleanup: (() => void) | undefined;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly find: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  async open(key: string, anchor: HTMLElement): Promise<void> {
    this.close(false);
    this.openFor = key;
    this.anchor = anchor;
    this.host.requestUpdate();
    const [{ attach }] = await Promise.all([
      (behaviour ??= import('./popover-behaviour.js')),
      this.host.updateComplete,
    ]);
    const popover = this.find();
    if (!popover || this.openFor !== key) return;
    this.cleanup = attach(this, anchor, popover);
  }

  /** Closes the popover; focus goes back to its anchor unless `restoreFocus` is false. */
  close(restoreFocus = true): void {
    if (this.openFor === undefined) return;
    this.cleanup?.();
    this.cleanup = undefined;
    const anchor = this.anchor;
    this.openFor = undefined;
    this.anchor = undefined;
    this.host.requestUpdate();
    if (restoreFocus && anchor?.isConnected) anchor.focus();
  }

  hostDisconnected(): void {
    this.close(false);
  }
}
