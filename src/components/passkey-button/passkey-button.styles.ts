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
    /* Reserved even when empty, so a message never pushes the page around. Its
       text never widens the host (or the button), but it reads at a comfortable
       width however short the label: wider than the button, it overflows the host. */
    contain: inline-size;
    inline-size: max(100%, min(16em, 100vw - 32px));
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
