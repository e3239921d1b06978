// Misuses of zaehlerfreunde-auth that must not compile. Each
// `@ts-expect-error TSnnnn` names the error the next line must give: tsc fails
// on this file if a line compiles, and tsc.test.mjs checks the codes.
import { createZaehlerfreundeAuth, ZaehlerfreundeAuth, ZaehlerfreundeAuthError, type User } from 'zaehlerfreunde-auth';

export async function misuse(auth: ZaehlerfreundeAuth): Promise<void> {
  // @ts-expect-error TS2322 clientId is a string
  new ZaehlerfreundeAuth({ clientId: 7, redirectUri: 'https://app.example/' });
  // @ts-expect-error TS2345/TS2741 redirectUri is required
  new ZaehlerfreundeAuth({ clientId: 'c' });
  // @ts-expect-error TS2561 an unknown option (snake_case for redirectUri)
  await createZaehlerfreundeAuth({ clientId: 'c', redirectUri: 'https://app.example/', redirect_uri: 'x' });
  // @ts-expect-error TS2353 an unknown option
  new ZaehlerfreundeAuth({ clientId: 'c', redirectUri: 'https://app.example/', useRefreshTokens: true });
  // @ts-expect-error TS2322 storage is "session", "local" or "memory"
  new ZaehlerfreundeAuth({ clientId: 'c', redirectUri: 'https://app.example/', storage: 'indexeddb' });
  // @ts-expect-error TS2345 an event the SDK does not have
  auth.on('login', () => {});
  // @ts-expect-error TS2345 the error listener gets a ZaehlerfreundeAuthError, not a string
  auth.on('error', (e: string) => e);
  // @ts-expect-error TS2344/TS2739 getUser's type must extend User
  auth.getUser<{ sub: number }>();
  // @ts-expect-error TS2571 a claim not declared is unknown, not a string
  auth.getUser<User>()?.['https://example.com/tenant'].toUpperCase();
  // @ts-expect-error TS2322 the appState type given to handleRedirectCallback is kept
  const n: number | undefined = (await auth.handleRedirectCallback<{ to: string }>()).appState;
  // @ts-expect-error TS2571 appState is unknown without a type
  (await auth.handleRedirectCallback()).appState.returnTo;
  // @ts-expect-error TS2322 forceRefresh is a boolean
  await auth.getAccessToken({ forceRefresh: 'yes' });
  try {
    await auth.getAccessToken();
  } catch (e) {
    // @ts-expect-error TS2367 a reason the SDK does not give (the check is `nonce`)
    if (e instanceof ZaehlerfreundeAuthError && e.reason === 'nonce_mismatch') console.log(e.reason);
  }
  console.log(n);
}
