import { css } from 'lit';

export const styles = css`
  :host {
    max-inline-size: 480px;
  }
  .card {
    position: relative;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: var(--_space) calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 2.5);
  }
  .emblem {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    inline-size: 40px;
    block-size: 40px;
    border-radius: 50%;
    background: var(--_surface-alt);
    color: var(--_link);
  }
  .emblem svg {
    inline-size: 22px;
    block-size: 22px;
  }
  .heading {
    font-size: 1.05em;
    align-self: center;
  }
  .description,
  .actions,
  .status,
  .more {
    grid-column: 1 / -1;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  /* The card has one status line for the whole card: the button's own stays hidden. */
  passkey-button::part(status) {
    display: none;
  }
  .secondary {
    min-block-size: 44px;
    padding-inline: calc(var(--_space) * 1.5);
    font-weight: 600;
    cursor: pointer;
  }
  /* A text button: where it wraps onto a line of its own, its text lines up with the card's. */
  .secondary.quiet {
    padding-inline: 0;
    border-color: transparent;
    color: var(--_muted);
  }
  .secondary:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .status {
    min-block-size: 1.4em;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .status.error {
    color: var(--_danger);
  }
  .status.success {
    color: var(--_success);
  }
  /* The link's own padding would indent it from the text above. It sits in
     the status line's reserved space while that is empty (a message takes
     its place), so the card has no hole under its buttons and never shifts. */
  .more {
    display: flex;
    margin-inline-start: -4px;
  }
  .status + .more {
    margin-block-start: calc(-1.4em * 0.875 - var(--_space));
  }
  .status:not(:empty) + .more {
    visibility: hidden;
  }
`;
