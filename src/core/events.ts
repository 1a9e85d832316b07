import type { Passkey, PasskeyUser, SignInResult } from '../adapters/types.js';
import { isPasskeyErrorCode, type PasskeyAction, type PasskeyErrorCode } from './errors.js';

export interface PasskeySignedInDetail {
  result: SignInResult;
  /**
   * True when the passkey came from another device (a phone over the hybrid
   * transport): a good moment to offer a passkey on this device.
   */
  fromOtherDevice?: boolean;
}
export interface PasskeySignedUpDetail {
  /** The account's first passkey. */
  passkey: Passkey;
  /** The new account, when the server's reply names it. */
  user?: PasskeyUser;
}
export interface PasskeyReauthenticatedDetail {
  result: SignInResult;
}
export interface PasskeyRegisteredDetail {
  passkey: Passkey;
}
export interface PasskeyRenamedDetail {
  passkey: Passkey;
}
export interface PasskeyDeletedDetail {
  id: string;
}
export interface PasskeyErrorDetail {
  code: PasskeyErrorCode;
  /** The localized message the element shows. */
  message: string;
  action: PasskeyAction;
}
export interface PasskeyPromptDetail {
  permanent?: boolean;
}

export interface PasskeyEventMap {
  'passkey-signed-in': CustomEvent<PasskeySignedInDetail>;
  'passkey-signed-up': CustomEvent<PasskeySignedUpDetail>;
  'passkey-reauthenticated': CustomEvent<PasskeyReauthenticatedDetail>;
  'passkey-registered': CustomEvent<PasskeyRegisteredDetail>;
  'passkey-renamed': CustomEvent<PasskeyRenamedDetail>;
  'passkey-deleted': CustomEvent<PasskeyDeletedDetail>;
  'passkey-error': CustomEvent<PasskeyErrorDetail>;
  'passkey-prompt-shown': CustomEvent<PasskeyPromptDetail>;
  'passkey-prompt-accepted': CustomEvent<PasskeyPromptDetail>;
  'passkey-prompt-dismissed': CustomEvent<PasskeyPromptDetail>;
}

// The events bubble to the document and the window, so their listeners are
// typed too: HTMLElementEventMap, DocumentEventMap and WindowEventMap all
// extend GlobalEventHandlersEventMap.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends PasskeyEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PasskeyEventMap {}
}

/**
 * Dispatches a bubbling, composed event; returns false when a listener
 * cancelled it (only `cancelable` events can be).
 */
export function emit<K extends keyof PasskeyEventMap>(
  target: EventTarget,
  type: K,
  detail: PasskeyEventMap[K]['detail'],
  cancelable = false,
): boolean {
  // Every `passkey-error` carries a code from the spec, whatever an adapter threw.
  if (type === 'passkey-error') {
    const error = detail as PasskeyErrorDetail;
    if (!isPasskeyErrorCode(error.code)) detail = { ...error, code: 'unknown' };
  }
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
