import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Loaded with the first popover: a sign-in page that never opens one never downloads it.
let floating: Promise<typeof import('@floating-ui/dom')> | undefined;

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

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
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly find: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  async open(key: string, anchor: HTMLElement): Promise<void> {
    this.close(false);
    this.openFor = key;
    this.anchor = anchor;
    this.host.requestUpdate();
    const [{ autoUpdate, computePosition, flip, offset, shift }] = await Promise.all([
      (floating ??= import('@floating-ui/dom')),
      this.host.updateComplete,
    ]);
    const popover = this.find();
    if (!popover || this.openFor !== key) return;
    const place = () =>
      void computePosition(anchor, popover, {
        strategy: 'fixed',
        placement: 'bottom-end',
        middleware: [offset(6), flip(), shift({ padding: 8 })],
      }).then(({ x, y }) => Object.assign(popover.style, { left: `${x}px`, top: `${y}px` }));
    this.cleanup = autoUpdate(anchor, popover, place);
    popover.addEventListener('keydown', this.onKeydown);
    document.addEventListener('pointerdown', this.onPointerDown, true);
    (popover.querySelector<HTMLElement>('[autofocus]') ?? popover.querySelector<HTMLElement>(FOCUSABLE))?.focus();
  }

  /** Closes the popover; focus goes back to its anchor unless `restoreFocus` is false. */
  close(restoreFocus = true): void {
    if (this.openFor === undefined) return;
    this.cleanup?.();
    this.cleanup = undefined;
    this.find()?.removeEventListener('keydown', this.onKeydown);
    document.removeEventListener('pointerdown', this.onPointerDown, true);
    const anchor = this.anchor;
    this.openFor = undefined;
    this.anchor = undefined;
    this.host.requestUpdate();
    if (restoreFocus && anchor?.isConnected) anchor.focus();
  }

  hostDisconnected(): void {
    this.close(false);
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    // Keep Tab and Shift+Tab inside the popover while it is open.
    const popover = this.find();
    const items = [...(popover?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    if (!items.length) return;
    const active = this.host.shadowRoot?.activeElement;
    const index = items.indexOf(active as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
    event.preventDefault();
    items[next].focus();
  };

  private readonly onPointerDown = (event: PointerEvent) => {
    const popover = this.find();
    const path = event.composedPath();
    if (popover && !path.includes(popover) && !(this.anchor && path.includes(this.anchor))) this.close(false);
  };
}
