import { css } from 'lit';

export const styles = css`
  :host {
    /* Rows follow the element's own width (it may sit in a narrow sidebar), not
       the viewport's. A size container has no content width of its own, so the
       host takes its parent's width: in a flex row too it never collapses. */
    container-type: inline-size;
    box-sizing: border-box;
    inline-size: 100%;
    max-inline-size: 640px;
  }
  .card {
    padding: calc(var(--_space) * 3);
  }
  .heading {
    font-size: 1.25em;
  }
  .description {
    margin-block-start: calc(var(--_space) * -1.25);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-container);
  }
  .row {
    position: relative;
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 1.5);
    /* Rows and skeletons share one height, so loading never shifts the layout. */
    min-block-size: 72px;
    box-sizing: border-box;
    padding: calc(var(--_space) * 1.5);
  }
  .row + .row {
    border-block-start: 1px solid var(--_border);
  }
  .row[aria-busy='true'] {
    opacity: 0.7;
  }
  .kind {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    border-radius: var(--_radius-container);
    background: var(--_surface-alt);
    color: var(--_muted);
  }
  .kind svg,
  .kind img {
    inline-size: 24px;
    block-size: 24px;
  }
  .main {
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1;
    min-inline-size: 0;
  }
  .title {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-inline-size: 0;
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: plaintext;
  }
  .name:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
  .badge {
    flex: none;
    padding: 1px 8px;
    border-radius: 999px;
    background: var(--_surface-alt);
    color: var(--_muted);
    font-size: 0.75em;
    font-weight: 600;
  }
  /* The provider on one line, the dates on the next: every row has the same two
     lines whether or not it was ever used, so rows are one height. */
  .meta {
    display: flex;
    flex-wrap: wrap;
    column-gap: calc(var(--_space) * 1.5);
    min-block-size: 2.7em;
    line-height: 1.35;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .meta > :first-child {
    flex-basis: 100%;
  }
  time {
    position: relative;
    border-radius: 2px;
  }
  time:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  /* The full date on keyboard focus too (title only shows on hover). */
  time:focus-visible::after {
    content: attr(data-full);
    position: absolute;
    inset-block-start: calc(100% + 4px);
    inset-inline-start: 0;
    z-index: 1;
    padding: 4px 8px;
    border-radius: 4px;
    background: var(--_text);
    color: var(--_surface);
    white-space: nowrap;
  }
  .actions {
    display: flex;
    gap: var(--_space);
    flex: none;
  }
  .small {
    min-block-size: 32px;
    min-inline-size: 32px;
    padding-inline: calc(var(--_space) * 1.5);
    font-size: 0.875em;
    font-weight: 600;
    cursor: pointer;
  }
  /* Solid buttons keep their own colours on hover: the quiet grey would leave white text on it. */
  .small:hover:not(.primary, .danger-solid) {
    background: var(--_surface-alt);
  }
  .small:focus-visible,
  .input:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .small.danger {
    color: var(--_danger);
  }
  .small.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .small.primary:hover {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  .small.danger-solid {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface);
  }
  /* A narrow element: the actions go under the name, which keeps the row's width,
     and the badge and each detail take a line of their own. */
  @container (inline-size < 480px) {
    .row {
      flex-wrap: wrap;
    }
    /* The badge under the name, so the name gets the whole width. A synced
       passkey has no badge: its title keeps the room, so rows stay one height. */
    .title {
      flex-wrap: wrap;
      align-content: flex-start;
      min-block-size: calc(1.75lh + var(--_space) + 2px);
    }
    .name {
      flex-basis: 100%;
    }
    /* On the narrowest rows the marker's words wrap rather than overflow. */
    .badge {
      flex: 0 1 auto;
      box-sizing: border-box;
      max-inline-size: 100%;
      border-radius: 0.75em;
    }
    .meta {
      flex-direction: column;
      min-block-size: 4.05em;
    }
    .actions {
      box-sizing: border-box;
      flex-basis: 100%;
      flex-wrap: wrap;
      padding-inline-start: calc(40px + var(--_space) * 1.5);
    }
    /* A label breaks between buttons, never inside a word ("Renam / e"). */
    .actions .small {
      white-space: nowrap;
    }
  }
  /* The narrowest phones: the buttons take the row's whole width, so both fit on one line. */
  @container (inline-size < 360px) {
    .actions {
      padding-inline-start: 0;
    }
  }
  .editor {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .input {
    flex: 1;
    min-inline-size: 10em;
    min-block-size: 32px;
    padding-inline: var(--_space);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .name-error {
    flex-basis: 100%;
    color: var(--_danger);
    font-size: 0.85em;
  }
  .name-error:empty {
    display: none;
  }
  /* The delete confirmation's look: src/core/popover-styles.ts. */
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 3);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius-container);
    text-align: center;
    color: var(--_muted);
  }
  .state p {
    margin: 0;
  }
  .empty-title {
    color: var(--_text);
    font-weight: 600;
  }
  .empty-icon {
    display: inline-flex;
    inline-size: 36px;
    block-size: 36px;
    color: var(--_link);
  }
  .reauth {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-container);
  }
  .reauth-actions {
    display: flex;
    gap: var(--_space);
  }
  .reauth p {
    flex: 1 1 16em;
    margin: 0;
  }
  .error-state {
    color: var(--_danger);
  }
  .skeleton .kind,
  .bar {
    background: var(--_surface-alt);
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bar {
    display: block;
    block-size: 0.8em;
    inline-size: 30%;
    margin-block: 4px;
    border-radius: 4px;
  }
  .bar.wide {
    inline-size: 55%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton .kind,
    .bar {
      animation: none;
    }
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 2);
  }
  /* "Add a security key": the second choice, in the second style. */
  passkey-button.security-key::part(button) {
    background: transparent;
    color: var(--_text);
    border: 1px solid var(--_border);
  }
  passkey-button.security-key::part(button):hover {
    background: var(--_surface-alt);
  }
  /* The profile announces the add button's outcome itself, next to it. */
  passkey-button::part(status) {
    display: none;
  }
  .status {
    flex: 1 1 16em;
    min-block-size: 1.4em;
    font-size: 0.875em;
    color: var(--_muted);
  }
  /* Announced, not shown: the error box already says it. */
  .status.visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .status.error {
    color: var(--_danger);
  }
  .note {
    margin: 0;
    color: var(--_muted);
  }
  @media (forced-colors: active) {
    .small,
    .badge {
      border: 1px solid ButtonText;
    }
  }
`;
