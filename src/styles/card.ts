import { css } from 'lit';

/**
 * The card of the sign-in, sign-up, profile and upgrade elements: its surface,
 * a column of parts, the heading and the line under it. Each sets its own
 * padding, sizes and width.
 */
export const cardStyles = css`
  :host {
    display: block;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
    box-sizing: border-box;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-card);
    background: var(--_surface);
    box-shadow: var(--_shadow);
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  .heading {
    margin: 0;
    font-weight: 700;
  }
  .description {
    margin: 0;
    color: var(--_muted);
    line-height: 1.45;
  }
  /* Inputs and secondary buttons (the profile's compact ones, the explainer's
     Close) share one surface; each sets its own size. */
  ::slotted(input),
  .input,
  .secondary,
  .small,
  .explainer-close {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
`;
