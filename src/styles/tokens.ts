import { css } from 'lit';

/** The dark values, applied by the `theme` attribute or the system setting. */
const dark = css`
  --_accent: var(--passkey-color-accent, #60a5fa);
  /* Links: the accent, lightened (in OKLCH) until it reads on the surface. */
  --_link: var(--passkey-color-link, oklch(from var(--_accent) max(l, 0.77) c h));
  --_surface: var(--passkey-color-surface, #111827);
  --_surface-alt: var(--passkey-color-surface-alt, #1f2937);
  --_text: var(--passkey-color-text, #f3f4f6);
  --_muted: var(--passkey-color-muted, #c0c6d0);
  --_border: var(--passkey-color-border, #374151);
  --_danger: var(--passkey-color-danger, #fca5a5);
  --_success: var(--passkey-color-success, #86efac);
  --_focus: var(--passkey-color-focus, #93c5fd);
  --_shadow: var(--passkey-shadow, 0 1px 3px rgb(0 0 0 / 0.4), 0 8px 24px rgb(0 0 0 / 0.3));
  color-scheme: dark;
`;

const darkFallback = css`
  --_on-accent: var(--passkey-color-on-accent, #0b1220);
  --_accent-hover: var(--passkey-color-accent-hover, #93c5fd);
`;

/**
 * The system tokens. Public `--passkey-*` properties are read once here into
 * private `--_*` ones, so component CSS never repeats a fallback chain and a
 * designer overrides a single name. Dark values apply through
 * `prefers-color-scheme` or the `theme` attribute.
 */
export const tokens = css`
  :host {
    --_accent: var(--passkey-color-accent, #2563eb);
    /* Text on the accent, unless the designer named it: white on an accent darker
       than relative luminance 0.179 (y in XYZ), black on a lighter one, which is
       where the two contrast ratios meet, so it is never below 4.58:1 whatever
       the accent. (CIE L* would be shorter but is off by a few per cent: D50.)
       Hover moves the accent a fifth of the way away from that text colour, so
       it only gains contrast. */
    --_t: clamp(0, (0.179 - y) * 1e6, 1);
    --_on-accent: var(
      --passkey-color-on-accent,
      color(from var(--_accent) xyz-d65 calc(0.9505 * var(--_t)) var(--_t) calc(1.089 * var(--_t)))
    );
    --_accent-hover: var(
      --passkey-color-accent-hover,
      color-mix(in oklab, var(--_accent), oklch(from var(--_on-accent) calc(1 - l) 0 0) 20%)
    );
    /* Links: the accent, darkened (in OKLCH) until it reads on the surface. */
    --_link: var(--passkey-color-link, oklch(from var(--_accent) min(l, 0.5) c h));
    --_surface: var(--passkey-color-surface, #ffffff);
    --_surface-alt: var(--passkey-color-surface-alt, #f4f5f7);
    --_text: var(--passkey-color-text, #111827);
    --_muted: var(--passkey-color-muted, #4b5563);
    --_border: var(--passkey-color-border, #d1d5db);
    --_danger: var(--passkey-color-danger, #b91c1c);
    --_success: var(--passkey-color-success, #15803d);
    --_focus: var(--passkey-color-focus, #2563eb);
    --_radius: var(--passkey-radius, 8px);
    --_radius-card: var(--passkey-radius-card, 12px);
    /* Lists, popovers and notices: a pill radius suits a button, not a box of text. */
    --_radius-container: var(--passkey-radius-container, min(var(--_radius), 12px));
    --_space: var(--passkey-space, 8px);
    --_font: var(--passkey-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--passkey-font-size, 15px);
    --_shadow: var(--passkey-shadow, 0 1px 3px rgb(0 0 0 / 0.08), 0 8px 24px rgb(0 0 0 / 0.06));
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  /* Without relative colours (Safari before 18, Firefox before 128) the derived
     values above are invalid: the fixed pairs they replace (links then take the
     text colour). */
  @supports not (color: rgb(from red r g b)) {
    :host {
      --_on-accent: var(--passkey-color-on-accent, #fff);
      --_accent-hover: var(--passkey-color-accent-hover, #1d4ed8);
    }
    :host([theme='dark']) {
      ${darkFallback}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${darkFallback}
      }
    }
  }
  [hidden] {
    display: none !important;
  }
`;

/** The primary button every element shares, with its pending spinner. */
export const buttonStyles = css`
  .button {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space);
    min-block-size: 44px;
    min-inline-size: 44px;
    padding-block: 0;
    padding-inline: calc(var(--_space) * 2);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    transition: background-color 120ms ease;
  }
  .button:hover:not([aria-disabled='true']) {
    background: var(--_accent-hover);
  }
  .button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .button[aria-disabled='true'] {
    cursor: default;
  }
  .button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .icon {
    display: inline-flex;
    inline-size: 1.25em;
    block-size: 1.25em;
    flex: none;
  }
  .icon svg {
    inline-size: 100%;
    block-size: 100%;
  }
  .spinner {
    inline-size: 1.1em;
    block-size: 1.1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
    .button {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    .button {
      border-color: ButtonText;
    }
  }
`;
