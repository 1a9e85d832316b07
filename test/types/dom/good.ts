// Type test: listeners on the document, the window and an element are typed
// (the events bubble), checked by tsc (test/node/types.test.mjs).
import 'passkey-elements';
import type { PasskeyErrorCode } from 'passkey-elements';

const codes: PasskeyErrorCode[] = [];
document.addEventListener('passkey-error', (e) => codes.push(e.detail.code));
document.addEventListener('passkey-signed-in', (e) => e.detail.result.user?.displayName);
window.addEventListener('passkey-error', (e) => e.detail.code === 'cancelled' && e.detail.action);
window.addEventListener('passkey-deleted', (e) => e.detail.id.toUpperCase());
document.body.addEventListener('passkey-registered', (e) => e.detail.passkey.id);
document.querySelector('passkey-sign-in')?.addEventListener('passkey-signed-in', (e) => e.detail.fromOtherDevice);
document.createElement('passkey-user-profile').addEventListener('passkey-renamed', (e) => e.detail.passkey.id);
// The DOM's own events keep their types.
document.addEventListener('click', (e) => e.clientX);
window.addEventListener('resize', (e) => e.timeStamp);
