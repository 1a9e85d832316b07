import { expect } from '@open-wc/testing';
import { signalCurrentUserDetails } from '../../src/core/signals.js';
import { credentialsOf, registerUser, useVirtualAuthenticator } from '../helpers/authenticator.js';

const rpId = location.hostname;

/** The authenticator's record of the one passkey, once `ready` accepts it (the browser applies a signal a little later). */
async function storedUser(authenticatorId: string, ready: (c: { userName?: string }) => boolean) {
  for (let i = 0; i < 60; i++) {
    const [credential] = await credentialsOf(authenticatorId);
    if (credential && ready(credential)) return credential;
    await new Promise((r) => setTimeout(r, 50));
  }
  return (await credentialsOf(authenticatorId))[0];
}

describe('signalCurrentUserDetails', () => {
  const authenticator = useVirtualAuthenticator();

  it("updates the passkey's account name and display name on the user's device", async () => {
    const { username } = await registerUser();
    const before = (await credentialsOf(authenticator.id))[0]!;
    expect(before.userName).to.equal(username);
    await signalCurrentUserDetails({
      rpId,
      userId: before.userHandle!,
      name: 'renamed@example.com',
      displayName: 'Renamed',
    });
    const after = await storedUser(authenticator.id, (c) => c.userName !== username);
    expect([after?.userName, after?.userDisplayName]).to.deep.equal(['renamed@example.com', 'Renamed']);
  });

  it('resolves quietly where the browser refuses the details', async () => {
    await registerUser();
    // Not base64url: the browser rejects the call with a TypeError.
    await signalCurrentUserDetails({ rpId, userId: '!!', name: 'x@example.com' });
  });

  it('resolves quietly where the browser has no such signal', async () => {
    const own = Object.getOwnPropertyDescriptor(PublicKeyCredential, 'signalCurrentUserDetails');
    Object.defineProperty(PublicKeyCredential, 'signalCurrentUserDetails', { value: undefined, configurable: true });
    try {
      await signalCurrentUserDetails({ rpId, userId: 'AAAA', name: 'x@example.com' });
    } finally {
      if (own) Object.defineProperty(PublicKeyCredential, 'signalCurrentUserDetails', own);
      else delete (PublicKeyCredential as { signalCurrentUserDetails?: unknown }).signalCurrentUserDetails;
    }
  });
});
