// A consumer of zaehlerfreunde-auth/react (React 19's types): must compile
// with tsc --strict (tsc.test.mjs); each annotation pins a type.
import { createElement, type ComponentType, type ReactNode } from 'react';
import {
  AuthProvider,
  RequireAuth,
  useAuth,
  usePartnerApi,
  withAuthenticationRequired,
  type AuthActions,
  type AuthConfig,
  type AuthState,
} from 'zaehlerfreunde-auth/react';
import type { User, ZaehlerfreundeAuth, ZaehlerfreundeAuthError } from 'zaehlerfreunde-auth';
import type { PartnerClient } from 'zaehlerfreunde-auth/partner';

interface AppState {
  returnTo: string;
}

const config: AuthConfig = { clientId: 'c', apiBaseUrl: 'https://api.example/partner' };

export const tree: ReactNode = createElement(AuthProvider<AppState>, {
  config,
  onRedirectCallback: (appState: AppState | undefined) => void appState?.returnTo,
  children: createElement(RequireAuth, { fallback: 'Loading…', loginOptions: { appState: { returnTo: '/' } } }),
});

export function useView(): string {
  const auth = useAuth<User & { roles?: string[] }>();
  const actions: AuthActions = auth;
  void actions;
  const api: PartnerClient | null = usePartnerApi();
  void api;
  switch (auth.status) {
    case 'loading':
      return 'loading';
    case 'out': {
      const client: ZaehlerfreundeAuth = auth.auth;
      void client;
      void auth.login<AppState>({ appState: { returnTo: '/' } });
      return 'out';
    }
    case 'in':
      return auth.user?.roles?.join() ?? auth.user?.email ?? '';
    case 'error': {
      const error: ZaehlerfreundeAuthError = auth.error;
      return error.error;
    }
  }
}

export async function actionsOf(auth: AuthState & AuthActions): Promise<Response> {
  const token: string = await auth.getAccessToken({ forceRefresh: true });
  await auth.logout({ returnTo: 'https://app.example/' });
  return auth.fetch('/spaces', { headers: { 'x-token-length': String(token.length) } });
}

const Page = (props: { title: string }): ReactNode => props.title;
export const Guarded: ComponentType<{ title: string }> = withAuthenticationRequired(Page, { fallback: null });
