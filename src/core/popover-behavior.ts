import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import type { PopoverController } from './popover-controller.js';
import { adoptPopoverStyles } from './popover-styles.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * What an open popover does: takes its styles, follows its anchor, traps Tab, closes on Escape
 * and on a click outside, and focuses its `data-autofocus` (else first) control. Returns the undo.
 */
export function attach(controller: PopoverController, anchor: HTMLElement, popover: HTMLElement): () => void {
  const place = () =>
    void computePosition(anchor, popover, {
      strategy: 'fixed',
      placement: 'bottom-end',
      middleware: [offset(6), flip(), shift({ padding: 8 })],
    }).then(({ x, y }) => Object.assign(popover.style, { left: `${x}px`, top: `${y}px` }));

  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      controller.close();
      return;
    }
    if (event.key !== 'Tab') return;
    // Keep Tab and Shift+Tab inside the popover while it is open.
    const items = [...popover.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!items.length) return;
    const index = items.indexOf(controller.host.shadowRoot?.activeElement as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
    event.preventDefault();
    items[next].focus();
  };

  const onPointerDown = (event: PointerEvent) => {
    const path = event.composedPath();
    if (!path.includes(popover) && !path.includes(anchor)) controller.close(false);
  };

  adoptPopoverStyles(controller.host.shadowRoot);
  const stopUpdates = autoUpdate(anchor, popover, place);
  popover.addEventListener('keydown', onKeydown);
  document.addEventListener('pointerdown', onPointerDown, true);
  // Focused here, not with `autofocus`: the page already has a focused element
  // (the control that opened the popover), so the browser would refuse it.
  (popover.querySelector<HTMLElement>('[data-autofocus]') ?? popover.querySelector<HTMLElement>(FOCUSABLE))?.focus();
  return () => {
    stopUpdates();
    popover.removeEventListener('keydown', onKeydown);
    document.removeEventListener('pointerdown', onPointerDown, true);
  };
}
