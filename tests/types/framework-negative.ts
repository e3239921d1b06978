// Misuses of zaehlerfreunde-auth/react and /vue that must not compile (as
// sdk-negative.ts: each `@ts-expect-error TSnnnn` names the error).
import { useAuth, type AuthConfig } from 'zaehlerfreunde-auth/react';
import { createZaehlerfreundeAuthPlugin, useAuth as useVueAuth } from 'zaehlerfreunde-auth/vue';

export function misuse(): void {
  const auth = useAuth();
  // @ts-expect-error TS18049 the user exists only when logged in
  void auth.user.email;
  if (auth.status === 'error') {
    // @ts-expect-error TS18048 no client in the error state
    void auth.auth.getUser();
  }
  // @ts-expect-error TS2353 an unknown option
  const config: AuthConfig = { clientId: 'c', useRefreshTokens: true };
  void config;
  // @ts-expect-error TS2322 clientId is a string
  createZaehlerfreundeAuthPlugin({ clientId: 7 });
  const { state } = useVueAuth();
  // @ts-expect-error TS2540 the state is read-only
  state.value = { status: 'loading' };
  // @ts-expect-error TS2559 logout takes options, not a URL
  void auth.logout('https://app.example/');
}
