import { unsupportedReason } from './webauthn.js';

export interface Capabilities {
  /** WebAuthn is usable here (secure context, API present). */
  webauthn: boolean;
  /** Passkey autofill (conditional mediation). */
  conditionalGet: boolean;
  /** Silent passkey creation after a password sign-in (conditional create). */
  conditionalCreate: boolean;
  /** Asking for a passkey on this device only, answered at once when there is none (immediate mode). */
  immediateGet: boolean;
}

type ClientCapabilities = Record<string, boolean | undefined>;
type PublicKeyCredentialStatic = {
  getClientCapabilities?: () => Promise<ClientCapabilities>;
  isConditionalMediationAvailable?: () => Promise<boolean>;
};

/**
 * What the browser can do, from `getClientCapabilities()` where present and
 * the older single-feature probes otherwise. Never throws.
 */
export async function detectCapabilities(): Promise<Capabilities> {
  const webauthn = !unsupportedReason();
  const pkc = globalThis.PublicKeyCredential as unknown as PublicKeyCredentialStatic;
  let caps: ClientCapabilities = {};
  let conditionalGet = false;
  try {
    if (webauthn) caps = (await pkc.getClientCapabilities?.()) ?? {};
  } catch {
    // Older engines throw or lack it: the single probes below answer instead.
  }
  try {
    // WebKit names autofill `conditionalMediation`.
    conditionalGet =
      webauthn &&
      (caps.conditionalGet ?? caps.conditionalMediation ?? !!(await pkc.isConditionalMediationAvailable?.()));
  } catch {
    // A probe that throws answers no.
  }
  return {
    webauthn,
    conditionalGet,
    conditionalCreate: webauthn && !!caps.conditionalCreate,
    immediateGet: webauthn && !!caps.immediateGet,
  };
}

/**
 * Whether passkey autofill is likely, answered at once: the browser has the
 * probe for it. Lets a first render show what the full check will most
 * likely confirm, instead of moving the layout when it does.
 */
export function autofillLikely(): boolean {
  const pkc = globalThis.PublicKeyCredential as unknown as PublicKeyCredentialStatic | undefined;
  return !unsupportedReason() && typeof pkc?.isConditionalMediationAvailable === 'function';
}

/**
 * iOS Safari before 17.4 shows the passkey sheet as soon as an autofill
 * request starts; there it must wait for the user's first interaction.
 */
export function autofillNeedsGesture(userAgent = navigator.userAgent): boolean {
  const ios = /\b(iPhone|iPad|iPod)\b/.test(userAgent) || (/Macintosh/.test(userAgent) && 'ontouchend' in document);
  const version = /\bOS (\d+)_(\d+)/.exec(userAgent) ?? /Version\/(\d+)\.(\d+)/.exec(userAgent);
  if (!ios || !version) return false;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  return major < 17 || (major === 17 && minor < 4);
}

/**
 * Whether the browser follows registration `hints` (WebAuthn L3), so that
 * `hints: ["security-key"]` goes straight to the security key prompt. No
 * capability flag tells it: Chromium does from version 128; elsewhere the hint
 * is ignored and an "Add a security key" button would open the usual prompt.
 */
export function honoursHints(userAgent = navigator.userAgent): boolean {
  // Chrome on iOS (CriOS) is WebKit underneath.
  const chromium = !/\bCriOS\//.test(userAgent) && /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  return !!chromium && Number(chromium[1]) >= 128 && !unsupportedReason();
}
