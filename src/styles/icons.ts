import { svg } from 'lit';

/** A passkey: a person with a key, drawn with currentColor so it follows the theme. */
export const passkeyIcon = svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><circle cx="9" cy="7" r="4"/><path d="M2 21v-1a6 6 0 0 1 9.5-4.9"/><circle cx="18" cy="13" r="2.5"/><path d="M18 15.5V22m0-3h2.5m-2.5 2h1.5"/></svg>`;
