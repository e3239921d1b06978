import { useEffect, useState } from 'react';
import { isZaehlerfreundeAuthError } from 'zaehlerfreunde-auth';
import { useAuth } from './useAuth.ts';

type Space = { id: string; name: string };

export function App() {
  const state = useAuth();
  const [spaces, setSpaces] = useState<Space[] | null>(null);
  const [tokenParts, setTokenParts] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const auth = state.status === 'in' ? state.auth : null;

  useEffect(() => {
    if (!auth) return;
    const report = (e: unknown) => setFailed(isZaehlerfreundeAuthError(e) ? `${e.error}: ${e.error_description}` : String(e));
    auth.getAccessToken().then((token) => setTokenParts(token.split('.').length), report);
    auth.fetch('/spaces?page=0&pageSize=20')
      .then((res) => res.json() as Promise<{ spaces: Space[] }>)
      .then(({ spaces }) => setSpaces(spaces), report);
  }, [auth]);

  switch (state.status) {
    case 'loading':
      return <p>Loading…</p>;
    case 'error':
      return <p id="error">{isZaehlerfreundeAuthError(state.error) ? `${state.error.error}: ${state.error.error_description}` : String(state.error)}</p>;
    case 'out':
      return <button id="login" onClick={() => state.auth.loginWithRedirect()}>Log in</button>;
    case 'in':
      return (
        <main data-state="in" data-token-parts={tokenParts}>
          <p id="user">Logged in as {state.user?.email}</p>
          {failed && <p id="error">{failed}</p>}
          <ul id="spaces">{spaces?.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
          <button id="logout" onClick={() => state.auth.logout({ returnTo: `${location.origin}/` })}>Log out</button>
        </main>
      );
  }
}
