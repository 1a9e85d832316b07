import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Loaded with the first popover, together with @floating-ui/dom: a page that
// never opens one never downloads either.
let behavior: Promise<typeof import('./popover-behavior.js')> | undefined;

/**
 * One popover at a time for its host (the element with the class `popover`
 * in its shadow root), anchored to the control that opened it
 * with `@floating-ui/dom` (flips and shifts at the viewport's edges). While
 * open it keeps focus inside, closes on Escape or a click outside, and gives
 * focus back to its anchor.
 */
export class PopoverController implements ReactiveController {
  /** What the open popover is about (a passkey id, say); undefined when closed. */
  openFor: string | undefined;
  private anchor: HTMLElement | undefined;
  private cleanup: (() => void) | undefined;

  constructor(readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  async open(key: string, anchor: HTMLElement): Promise<void> {
    this.close(false);
    this.openFor = key;
    this.anchor = anchor;
    this.host.requestUpdate();
    const [{ attach }] = await Promise.all([(behavior ??= import('./popover-behavior.js')), this.host.updateComplete]);
    // Only the open popover is rendered, and every popover has the class `popover`.
    const popover = this.host.shadowRoot?.querySelector<HTMLElement>('.popover');
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
