// Chromium's virtual authenticator over the DevTools protocol, set up one way
// for the browser tests (test/helpers/webauthn-plugin.mjs), the framework apps
// (test/node/apps.test.mjs) and the bench: a platform authenticator (CTAP2,
// internal transport) that keeps discoverable passkeys and verifies the user.

/** Turns on the WebAuthn domain of a CDP session, without Chromium's own dialogs. */
export const enableWebAuthn = (cdp) => cdp.send('WebAuthn.enable', { enableUI: false });

/** Adds an authenticator to the CDP session's page; `options` override the defaults. Resolves to its id. */
export async function addVirtualAuthenticator(cdp, options = {}) {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      ...options,
    },
  });
  return authenticatorId;
}
