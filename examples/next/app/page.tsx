'use client';
import { useAuth } from 'zaehlerfreunde-auth/react';
import { useSpaces } from './use-spaces';

// A client page: prerendered by `next build` as 'loading', then the state
// after the wasm has loaded in the browser.
export default function Home() {
  const { status, user, error, login, logout } = useAuth();
  const { spaces, tokenParts } = useSpaces();
  if (status === 'loading') return <p>Loading…</p>;
  if (status === 'error') return <p id="error">{error.error}: {error.error_description}</p>;
  if (status === 'out') return <button id="login" onClick={() => login()}>Log in</button>;
  return (
    <main data-state="in" data-token-parts={tokenParts}>
      <p id="user">Logged in as {user?.email}</p>
      <ul id="spaces">{spaces?.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
      <button id="logout" onClick={() => logout({ returnTo: `${location.origin}/` })}>Log out</button>
    </main>
  );
}
