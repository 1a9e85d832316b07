// Test-server side of the real-ceremony tests: drives Chromium's virtual
// authenticator over the DevTools protocol for the page that asks.
import { addVirtualAuthenticator, enableWebAuthn } from '../../scripts/virtual-authenticator.mjs';

const sessions = new Map(); // test session id -> { cdp, events }

async function cdpFor(session) {
  let entry = sessions.get(session.id);
  if (!entry) {
    const page = session.browser.getPage(session.id);
    // The CDP session must stay alive: its authenticators die with it.
    const cdp = await page.context().newCDPSession(page);
    await enableWebAuthn(cdp);
    entry = { cdp, deleted: [] };
    cdp.on('WebAuthn.credentialDeleted', (e) => entry.deleted.push(e.credentialId));
    sessions.set(session.id, entry);
  }
  return entry;
}

// DevTools returns standard base64; WebAuthn speaks base64url.
const toBase64url = (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function webauthnPlugin() {
  return {
    name: 'virtual-authenticator',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('authenticator:')) return undefined;
      if (session.browser.type !== 'playwright') throw new Error('The virtual authenticator needs Playwright.');
      const entry = await cdpFor(session);
      const { cdp } = entry;
      switch (command) {
        case 'authenticator:add': {
          return addVirtualAuthenticator(cdp, payload ?? {});
        }
        case 'authenticator:remove':
          await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: payload.authenticatorId });
          return true;
        case 'authenticator:set-user-verified':
          await cdp.send('WebAuthn.setUserVerified', payload);
          return true;
        case 'authenticator:set-presence':
          await cdp.send('WebAuthn.setAutomaticPresenceSimulation', payload);
          return true;
        case 'authenticator:credentials': {
          const { credentials } = await cdp.send('WebAuthn.getCredentials', payload);
          return credentials.map((c) => ({
            credentialId: toBase64url(c.credentialId),
            rpId: c.rpId,
            signCount: c.signCount,
            isResidentCredential: c.isResidentCredential,
            userHandle: c.userHandle && toBase64url(c.userHandle),
            userName: c.userName,
            userDisplayName: c.userDisplayName,
          }));
        }
        case 'authenticator:override-bits':
          // Tampers with the authenticator's next responses: { authenticatorId, isBogusSignature, isBadUV, isBadUP }.
          await cdp.send('WebAuthn.setResponseOverrideBits', payload);
          return true;
        case 'authenticator:deleted-credentials':
          return entry.deleted.map(toBase64url);
        default:
          throw new Error(`Unknown command ${command}`);
      }
    },
  };
}
