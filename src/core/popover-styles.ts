// Plain text, not Lit's css``: this module loads lazily, and importing Lit here
// would split Lit out of the elements' bundles into a chunk of its own. The
// build minifies any template tagged `css`.
const css = String.raw;

/**
 * The look of the popovers (the delete confirmation, "What is a passkey?"),
 * adopted into an element's shadow root when its first popover opens, along
 * with the code that places them: a page that never opens one downloads
 * neither. Until then the elements' own styles keep a popover fixed and hidden.
 */
export const popoverStyles = css`
  /* One surface for both; the explainer only sizes its own. */
  .popover {
    visibility: visible;
    inset-block-start: 0;
    inset-inline-start: 0;
    z-index: 10;
    box-sizing: border-box;
    inline-size: max-content;
    max-inline-size: min(320px, calc(100vw - 16px));
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-container);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
    line-height: 1.45;
  }
  .explainer {
    inline-size: auto;
    max-inline-size: min(340px, calc(100vw - 16px));
    font-size: 0.9em;
    text-align: start;
  }
  .popover p {
    margin: 0 0 var(--_space);
  }
  .popover-title {
    font-weight: 700;
  }
  .warning {
    color: var(--_danger);
  }
  .popover-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
  }
  .explainer ul {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.2em;
  }
  .explainer li + li {
    margin-block-start: 6px;
  }
  .explainer-close {
    min-block-size: 32px;
    padding-inline: calc(var(--_space) * 1.5);
    font-weight: 600;
    cursor: pointer;
  }
  .explainer-close:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
`;

let sheet: CSSStyleSheet | undefined;

/** Adds the popover styles to `root` once. */
export function adoptPopoverStyles(root: ShadowRoot | null): void {
  if (!root) return;
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(popoverStyles);
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!root.querySelector('style[data-popover]')) {
    // No constructable stylesheets: a <style> element, as Lit itself falls back to.
    const style = Object.assign(document.createElement('style'), { textContent: popoverStyles });
    style.dataset.popover = '';
    root.append(style);
  }
}
