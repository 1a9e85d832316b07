import { css } from 'lit';

export const styles = css`
  :host {
    max-inline-size: 400px;
  }
  .card {
    padding: calc(var(--_space) * 4);
  }
  .heading {
    font-size: 1.375em;
    line-height: 1.25;
  }
  .description {
    margin-block-start: calc(var(--_space) * -1);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  .label {
    font-weight: 600;
    font-size: 0.9em;
  }
  ::slotted(input) {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 44px;
    padding-inline: calc(var(--_space) * 1.5);
  }
  ::slotted(input:focus-visible) {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  ::slotted(input[aria-invalid='true']) {
    border-color: var(--_danger);
  }
  .button {
    inline-size: 100%;
  }
  .status {
    /* Two lines reserved: a message appears without moving anything below it. */
    min-block-size: 2.8em;
    margin-block-start: calc(var(--_space) * -1);
    font-size: 0.875em;
    line-height: 1.4;
    color: var(--_muted);
  }
  /* "What is a passkey?" sits in the status line's reserved space (both are
     0.875em, so the ems match): no hole under the button while the line is
     empty, and no shift when a message appears, in its place. */
  .status + .explainer-button {
    block-size: 2.8em;
    margin-block-start: calc(-2.8em - var(--_space) * 2);
  }
  :host(:not([state='idle'])) .status + .explainer-button,
  .status.invalid + .explainer-button,
  .status.said + .explainer-button {
    visibility: hidden;
  }
  :host([state='error']) .status:not(.quiet),
  .status.invalid {
    color: var(--_danger);
  }
  :host([state='success']) .status {
    color: var(--_success);
  }
  .notice {
    margin: 0;
    padding: calc(var(--_space) * 1.5);
    border-radius: var(--_radius-container);
    background: var(--_surface-alt);
    line-height: 1.45;
  }
  .divider {
    display: flex;
    align-items: center;
    gap: var(--_space);
    color: var(--_muted);
    font-size: 0.85em;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
  .fallback {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  /* "New here? Create an account" and its way back: links inside a sentence. */
  .switch {
    margin: 0;
    text-align: center;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .link {
    padding-inline: 2px;
    font-size: inherit;
  }
`;
