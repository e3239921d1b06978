'use client';
import { useEffect, useState } from 'react';
import { useAuth, usePartnerApi } from 'zaehlerfreunde-auth/react';
import type { components } from 'zaehlerfreunde-auth/partner';

export default function Home() {
  const { status, user, error, login, logout, getAccessToken } = useAuth();
  const api = usePartnerApi();
  const [spaces, setSpaces] = useState<components['schemas']['Space'][]>();
  const [tokenParts, setTokenParts] = useState(0);

  useEffect(() => {
    if (status !== 'in' || !api) return;
    getAccessToken().then((token) => setTokenParts(token.split('.').length));
    api.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } }).then(({ data }) => setSpaces(data?.spaces));
  }, [status, api, getAccessToken]);

  switch (status) {
    case 'loading':
      return <p>Loading…</p>;
    case 'error':
      return <p id="error">{error.error}: {error.error_description}</p>;
    case 'out':
      return <button id="login" onClick={() => login()}>Log in</button>;
    case 'in':
      return (
        <main data-state="in" data-token-parts={tokenParts}>
          <p id="user">Logged in as {user?.email}</p>
          <ul id="spaces">{spaces?.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
          <button id="logout" onClick={() => logout({ returnTo: `${location.origin}/` })}>Log out</button>
        </main>
      );
  }
}
