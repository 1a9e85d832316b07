import { css } from 'lit';

// The card's layout is the sign-in card's (passkey-sign-in.styles.ts); these are its own pieces.
export const styles = css`
  /* Standing in a <passkey-sign-in allow-sign-up> card: that card is the frame. */
  .card.embedded {
    padding: 0;
    border: 0;
    background: none;
    box-shadow: none;
  }
  .field-error {
    font-size: 0.875em;
    line-height: 1.4;
    color: var(--_danger);
  }
`;
