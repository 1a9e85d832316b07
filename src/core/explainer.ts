import { css, html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from './localize.js';
import type { PopoverController } from './popover-controller.js';

export const EXPLAINER = 'explainer';

/**
 * The "What is a passkey?" disclosure: a link-style button and, when open, a
 * small popover with three short points. Many users have never heard the word.
 */
export function renderExplainer(loc: LocalizeController, popover: PopoverController): TemplateResult {
  const open = popover.openFor === EXPLAINER;
  const toggle = (event: Event) =>
    open ? popover.close() : void popover.open(EXPLAINER, event.currentTarget as HTMLElement);
  return html`<button
      part="explainer-button"
      class="explainer-button"
      type="button"
      aria-haspopup="dialog"
      aria-expanded=${open ? 'true' : 'false'}
      @click=${toggle}
    >
      ${loc.term('whatIsPasskey')}
    </button>
    ${
      open
        ? html`<div part="explainer" class="explainer" role="dialog" aria-labelledby="explainer-title">
            <p id="explainer-title" class="explainer-title">${loc.term('whatIsPasskey')}</p>
            <ul>
              ${loc.term('explainer').map((point) => html`<li>${point}</li>`)}
            </ul>
            <button class="explainer-close" type="button" @click=${() => popover.close()}>${loc.term('close')}</button>
          </div>`
        : nothing
    }`;
}

export const explainerStyles = css`
  .explainer-button {
    align-self: center;
    min-block-size: 24px;
    padding: 2px 4px;
    border: 0;
    background: none;
    color: var(--_link);
    font: inherit;
    font-size: 0.875em;
    text-decoration: underline;
    text-underline-offset: 2px;
    cursor: pointer;
  }
  .explainer-button:focus-visible,
  .explainer-close:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
  .explainer {
    position: fixed;
    inset-block-start: 0;
    inset-inline-start: 0;
    z-index: 10;
    box-sizing: border-box;
    max-inline-size: min(340px, calc(100vw - 16px));
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-container);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
    font-size: 0.9em;
    line-height: 1.45;
    text-align: start;
  }
  .explainer-title {
    margin: 0 0 var(--_space);
    font-weight: 700;
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
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
`;
