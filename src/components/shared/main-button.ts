import { html, nothing, type TemplateResult } from 'lit';
import { passkeyIcon } from './icons.js';

/**
 * The main passkey button of `<passkey-button>` and the sign-in and sign-up
 * cards: the passkey icon (a spinner while pending) and the label. Pending, it
 * stays focusable and says it is busy instead of being disabled.
 */
export const mainButton = (pending: boolean, disabled: boolean, label: unknown, onClick: () => void): TemplateResult =>
  html`<button
    part="button"
    class="button"
    type="button"
    ?disabled=${disabled}
    aria-disabled=${pending ? 'true' : nothing}
    aria-busy=${pending ? 'true' : nothing}
    @click=${onClick}
  >
    <span part="icon" class="icon">${pending ? html`<span class="spinner"></span>` : passkeyIcon}</span>
    <span part="label">${label}</span>
  </button>`;
