// A small hook over zaehlerfreunde-auth: one client per page, the callback
// handled on mount, the state kept in step with the SDK's events.
import { useEffect, useState } from 'react';
import {
  createZaehlerfreundeAuth,
  type User,
  type ZaehlerfreundeAuth,
  type ZaehlerfreundeAuthConfig,
  type ZaehlerfreundeAuthError,
} from 'zaehlerfreunde-auth';

const issuer = import.meta.env.VITE_ZFA_ISSUER ?? 'http://127.0.0.1:4400/';
// The local dev backend (npx zaehlerfreunde-dev-backend); for production,
// drop the four URLs and use your own clientId.
const config: ZaehlerfreundeAuthConfig = {
  clientId: 'zaehlerfreunde-local-demo',
  redirectUri: `${location.origin}/`,
  authorizeUrl: `${issuer}authorize`,
  tokenUrl: `${issuer}oauth/token`,
  logoutUrl: `${issuer}v2/logout`,
  apiBaseUrl: import.meta.env.VITE_ZFA_API_BASE_URL ?? 'http://127.0.0.1:4401/partner',
};

let client: Promise<ZaehlerfreundeAuth> | undefined;

export type AuthState =
  | { status: 'loading' }
  | { status: 'out'; auth: ZaehlerfreundeAuth }
  | { status: 'in'; auth: ZaehlerfreundeAuth; user: User | null }
  | { status: 'error'; error: ZaehlerfreundeAuthError | Error };

export function useAuth(): AuthState {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  useEffect(() => {
    let mounted = true;
    const offs: (() => void)[] = [];
    const show = (auth: ZaehlerfreundeAuth) => {
      if (mounted) setState(auth.isAuthenticated() ? { status: 'in', auth, user: auth.getUser() } : { status: 'out', auth });
    };
    (async () => {
      const auth = await (client ??= createZaehlerfreundeAuth(config));
      offs.push(auth.on('loginComplete', () => show(auth)), auth.on('loggedOut', () => show(auth)), auth.on('sessionExpired', () => show(auth)));
      if (auth.isCallback()) await auth.handleRedirectCallback();
      else await auth.checkSession();
      show(auth);
    })().catch((error: ZaehlerfreundeAuthError | Error) => mounted && setState({ status: 'error', error }));
    return () => {
      mounted = false;
      offs.forEach((off) => off());
    };
  }, []);
  return state;
}
