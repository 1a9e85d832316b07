import { svg } from 'lit';
import type { PasskeyKind } from '../passkey-user-profile/format.js';

// Every icon of the elements, drawn with currentColor so they follow the theme.

/** A passkey: a person with a key. */
export const passkeyIcon = svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><circle cx="9" cy="7" r="4"/><path d="M2 21v-1a6 6 0 0 1 9.5-4.9"/><circle cx="18" cy="13" r="2.5"/><path d="M18 15.5V22m0-3h2.5m-2.5 2h1.5"/></svg>`;

/**
 * Generic icons by kind of passkey, for providers the page has no icon for.
 * Made in a function marked pure, so bundles without the profile leave them out.
 */
export const kindIcons: Record<PasskeyKind, ReturnType<typeof svg>> = /* @__PURE__ */ (() => ({
  // A cloud with a key: synced through a password manager.
  synced: svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M7 18a4.5 4.5 0 0 1-.5-8.97A6 6 0 0 1 18 8.5a4.75 4.75 0 0 1-.5 9.5Z"/><circle cx="10" cy="13.5" r="1.75"/><path d="M11.75 13.5H16m-1.5 0v1.75"/></svg>`,
  // A laptop: this passkey lives on one device.
  device: svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><rect x="4" y="5" width="16" height="11" rx="1.5"/><path d="M2 19h20"/></svg>`,
  // A USB key.
  'security-key': svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><rect x="7" y="9" width="10" height="13" rx="2"/><path d="M9 9V3h6v6M10.5 5.5h.01M13.5 5.5h.01"/><circle cx="12" cy="15.5" r="1.5"/></svg>`,
}))();
