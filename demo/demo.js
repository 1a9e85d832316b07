// The demo's glue: which view to show. The elements do the passkey work.
const $ = (id) => document.getElementById(id);

async function refresh(fromOtherDevice = false) {
  const { user } = await (await fetch('/api/passkeys/session')).json();
  $('signed-in').hidden = !user;
  $('signed-out').hidden = Boolean(user);
  $('who').hidden = $('sign-out').hidden = !user;
  if (user) {
    const name = user.displayName || user.username;
    $('who').textContent = `Signed in as ${name}`;
    $('welcome-name').textContent = name;
    // A fresh profile element loads the list of the user who just signed in.
    const profile = document.createElement('passkey-user-profile');
    profile.id = 'profile';
    profile.setAttribute('endpoint', '/api/passkeys');
    $('profile').replaceWith(profile);
    // Signed in with a phone or security key: offer a passkey on this device too.
    if (fromOtherDevice) {
      const upgrade = document.createElement('passkey-upgrade');
      upgrade.id = 'upgrade';
      upgrade.setAttribute('endpoint', '/api/passkeys');
      upgrade.setAttribute('reason', 'other-device');
      upgrade.setAttribute('username', user.username);
      // The new passkey joins the list below.
      upgrade.addEventListener('passkey-registered', () => profile.refresh());
      $('upgrade').replaceWith(upgrade);
    }
  }
}

// Signing in and signing up (the card turns into its sign-up form) both end on the signed-in view.
for (const type of ['passkey-signed-in', 'passkey-signed-up']) {
  $('sign-in').addEventListener(type, (event) => setTimeout(() => refresh(event.detail.fromOtherDevice), 400));
}
$('sign-out').addEventListener('click', async () => {
  await fetch('/api/passkeys/session/sign-out', {
    method: 'POST',
    headers: { 'X-Requested-With': 'passkey-elements' },
  });
  location.reload();
});
refresh();
