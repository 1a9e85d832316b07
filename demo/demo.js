// The demo's glue: which view to show. The elements do the passkey work.
const $ = (id) => document.getElementById(id);

async function refresh() {
  const { user } = await (await fetch('/api/passkeys/session')).json();
  $('signed-in').hidden = !user;
  $('signed-out').hidden = Boolean(user);
  $('who').hidden = $('sign-out').hidden = !user;
  if (user) {
    $('who').textContent = `Signed in as ${user.displayName || user.username}`;
    $('welcome-name').textContent = user.displayName || user.username;
  }
}

$('new-username').addEventListener('input', (event) => {
  $('register').username = event.target.value;
});
document.addEventListener('passkey-signed-in', () => setTimeout(refresh, 600));
$('register').addEventListener('passkey-registered', () => setTimeout(refresh, 600));
$('sign-out').addEventListener('click', async () => {
  await fetch('/api/passkeys/session/sign-out', {
    method: 'POST',
    headers: { 'X-Requested-With': 'passkey-elements' },
  });
  refresh();
});
refresh();
