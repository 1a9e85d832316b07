import { css, html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../core/localize.js';
import type { PopoverController } from '../../core/popover-controller.js';

const EXPLAINER = 'explainer';

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
        ? html`<div part="explainer" class="popover explainer" role="dialog" aria-labelledby="explainer-title">
            <p id="explainer-title" class="popover-title">${loc.term('whatIsPasskey')}</p>
            <ul>
              ${loc.term('explainer').map((point) => html`<li>${point}</li>`)}
            </ul>
            <button class="explainer-close" type="button" @click=${() => popover.close()}>${loc.term('close')}</button>
          </div>`
        : nothing
    }`;
}

export const explainerStyles = css`
  .explainer-button,
  .link {
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
  .link:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
  /* Fixed and hidden until core/popover-styles.ts arrives with the popover code. */
  .popover {
    position: fixed;
    visibility: hidden;
  }
`;
