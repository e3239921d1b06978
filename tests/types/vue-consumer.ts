// A consumer of zaehlerfreunde-auth/vue (Vue 3.5's types): must compile with
// tsc --strict (tsc.test.mjs); each annotation pins a type.
import { createApp, type ComputedRef, type Plugin } from 'vue';
import {
  authGuard,
  createZaehlerfreundeAuthPlugin,
  useAuth,
  usePartnerApi,
  type AuthState,
} from 'zaehlerfreunde-auth/vue';
import type { User } from 'zaehlerfreunde-auth';
import type { PartnerClient } from 'zaehlerfreunde-auth/partner';

const plugin: Plugin = createZaehlerfreundeAuthPlugin<{ returnTo: string }>(
  { clientId: 'c', apiBaseUrl: 'https://api.example/partner' },
  { onRedirectCallback: (appState) => void appState?.returnTo },
);
createApp({}).use(plugin);

export function setup(): string {
  const { state, login } = useAuth<User & { roles?: string[] }>();
  const current: AuthState<User & { roles?: string[] }> = state.value;
  const api: ComputedRef<PartnerClient | null> = usePartnerApi();
  void api;
  if (current.status === 'out') void login({ appState: { returnTo: '/' } });
  return current.status === 'in' ? current.user?.roles?.join() ?? '' : current.status;
}

export const guard: (to: { fullPath: string }) => Promise<boolean> = authGuard;
