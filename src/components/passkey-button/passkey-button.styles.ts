import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: stretch;
    gap: calc(var(--_space) / 2);
    vertical-align: top;
  }
  .status {
    /* Reserved even when empty, so a message never pushes the page around;
       its width never widens the button (the text wraps to the button's width). */
    contain: inline-size;
    min-block-size: 1.4em;
    font-size: 0.875em;
    line-height: 1.4;
    color: var(--_muted);
  }
  :host([state='error']) .status:not(.quiet) {
    color: var(--_danger);
  }
  :host([state='success']) .status {
    color: var(--_success);
  }
`;
