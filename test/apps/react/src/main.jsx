// React: the package's own wrappers (properties set after insertion, onPasskey… props),
// talking to the backend through an adapter made with createRestAdapter.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createRestAdapter } from 'passkey-elements/adapters/rest';
import { PasskeyButton, PasskeySignIn, PasskeyUserProfile } from 'passkey-elements/react';

const adapter = createRestAdapter({ endpoint: '/api/passkeys' });
window.appEvents = [];

function App() {
  const [username, setUsername] = useState('');
  const [user, setUser] = useState(null);
  const [events, setEvents] = useState([]);
  const record = (event, summary) => {
    window.appEvents.push({ type: event.type, detail: JSON.parse(JSON.stringify(event.detail)) });
    setEvents((list) => [...list, `${event.type}: ${summary}`]);
  };
  const signOut = async () => {
    await fetch('/api/passkeys/session/sign-out', { method: 'POST' });
    setUser(null);
  };

  return (
    <main>
      <h1>React</h1>
      {user ? (
        <>
          <h2>Signed in as {user}</h2>
          <PasskeyUserProfile
            adapter={adapter}
            onPasskeyRegistered={(e) => record(e, e.detail.passkey.name)}
            onPasskeyRenamed={(e) => record(e, e.detail.passkey.name)}
            onPasskeyDeleted={(e) => record(e, e.detail.id)}
            onPasskeyError={(e) => record(e, e.detail.code)}
          />
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </>
      ) : (
        <>
          <label>
            Username <input value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <PasskeyButton
            action="register"
            username={username}
            adapter={adapter}
            onPasskeyRegistered={(e) => {
              record(e, e.detail.passkey.name);
              setUser(username);
            }}
            onPasskeyError={(e) => record(e, e.detail.code)}
          >
            Create an account
          </PasskeyButton>
          <PasskeySignIn
            adapter={adapter}
            onPasskeySignedIn={(e) => {
              record(e, e.detail.result.user.username);
              setUser(e.detail.result.user.username);
            }}
            onPasskeyError={(e) => record(e, e.detail.code)}
          />
        </>
      )}
      <ol aria-label="Events">
        {events.map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
