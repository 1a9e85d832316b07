// Type test: mistakes tsc must report on document and window listeners (test/node/types.test.mjs counts them).
import 'passkey-elements';

document.addEventListener('passkey-error', (e) => e.detail.code === 'canceled');
document.addEventListener('passkey-error', (e) => e.detail.reason);
window.addEventListener('passkey-signed-in', (e) => e.detail.user);
window.addEventListener('passkey-error', (e) => e.detail.code === 'timeout');
document.addEventListener('passkey-eror', (e) => e.detail);
