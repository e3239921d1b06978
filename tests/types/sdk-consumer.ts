// A consumer of zaehlerfreunde-auth using its whole public API: must compile
// with tsc --strict (tsc.test.mjs), and each `satisfies`/annotation pins a type.
import init, {
  createZaehlerfreundeAuth,
  initSync,
  isZaehlerfreundeAuthError,
  ZaehlerfreundeAuth,
  ZaehlerfreundeAuthError,
  type AddressClaim,
  type GetAccessTokenOptions,
  type LogoutOptions,
  type RedirectLoginOptions,
  type RedirectLoginResult,
  type User,
  type ZaehlerfreundeAuthConfig,
  type ZaehlerfreundeAuthErrorCode,
  type ZaehlerfreundeAuthEvents,
} from 'zaehlerfreunde-auth';

interface AppState {
  returnTo: string;
}
interface MyUser extends User {
  'https://zaehlerfreunde.com/roles'?: string[];
}

const config: ZaehlerfreundeAuthConfig = {
  clientId: 'c',
  redirectUri: 'https://app.example/',
  authorizeUrl: 'https://auth.example/authorize',
  tokenUrl: 'https://auth.example/oauth/token',
  audience: 'https://api.example',
  scope: 'openid profile email offline_access',
  apiBaseUrl: 'https://api.example/partner',
  logoutUrl: 'https://auth.example/v2/logout',
  endSessionUrl: 'https://auth.example/oidc/logout',
  revokeUrl: 'https://auth.example/oauth/revoke',
  issuer: 'https://auth.example/',
  jwksUrl: 'https://auth.example/.well-known/jwks.json',
  leewaySeconds: 60,
  timeoutMs: 10_000,
  tokenRequestFormat: 'json',
  storage: 'memory',
  shareSession: true,
  debug: false,
};

export async function oneCall(wasmUrl: string): Promise<ZaehlerfreundeAuth> {
  const auth: ZaehlerfreundeAuth = await createZaehlerfreundeAuth(config);
  const preloaded = await createZaehlerfreundeAuth(config, { module_or_path: wasmUrl });
  return auth ?? preloaded;
}

export async function main(bytes: BufferSource): Promise<void> {
  await init();
  initSync({ module: bytes });
  const auth = new ZaehlerfreundeAuth(config);
  const base: string = auth.apiBaseUrl;

  const off: () => void = auth.on('loginComplete', (detail: undefined) => detail);
  off();
  auth.on('tokenRefreshed', () => {});
  auth.on('sessionExpired', () => {});
  auth.on('loggedOut', () => {});
  auth.on('error', (e: ZaehlerfreundeAuthError) => console.log(e.error, e.error_description));
  const errorDetail: ZaehlerfreundeAuthEvents['error'] = new ZaehlerfreundeAuthError('timeout', 'slow');

  try {
    if (auth.isCallback() || auth.isCallback(location.href)) {
      const result: RedirectLoginResult<AppState> = await auth.handleRedirectCallback<AppState>();
      const returnTo: string | undefined = result.appState?.returnTo;
      const plain = await auth.handleRedirectCallback(location.href);
      const opaque: unknown = plain.appState;
      console.log(returnTo, opaque);
    }
    if (!(await auth.checkSession())) {
      const options: RedirectLoginOptions<AppState> = {
        appState: { returnTo: '/' },
        authorizationParams: { prompt: 'login', max_age: 0, screen_hint: undefined },
      };
      const url: string = await auth.buildAuthorizeUrl(options);
      await auth.loginWithRedirect<AppState>(options);
      console.log(url);
      return;
    }
    const authenticated: boolean = auth.isAuthenticated();
    const user = auth.getUser();
    const sub: string | undefined = user?.sub;
    const email: string | undefined = user?.email;
    const verified: boolean | undefined = user?.email_verified;
    const updated: number | string | undefined = user?.updated_at;
    const address: AddressClaim | undefined = user?.address;
    const aud: string | string[] | undefined = user?.aud;
    const custom: unknown = user?.['https://example.com/tenant'];
    const mine = auth.getUser<MyUser>();
    const roles: string[] | undefined = mine?.['https://zaehlerfreunde.com/roles'];

    const tokenOptions: GetAccessTokenOptions = { forceRefresh: true };
    const token: string = await auth.getAccessToken();
    await auth.getAccessToken(tokenOptions);
    const res: Response = await auth.fetch('/spaces?page=0&pageSize=20');
    await auth.fetch(new URL('/partner/spaces', base), { signal: AbortSignal.timeout(1000) });
    await auth.fetch(new Request(`${base}/spaces`));
    const logoutOptions: LogoutOptions = { returnTo: 'https://app.example/', state: 's', localOnly: false };
    const revoked: boolean = await auth.logout(logoutOptions);
    await auth.logout();
    auth.free();
    console.log(authenticated, sub, email, verified, updated, address, aud, custom, roles, token, res.status, errorDetail, revoked);
  } catch (e) {
    if (e instanceof ZaehlerfreundeAuthError) {
      const code: ZaehlerfreundeAuthErrorCode = e.error;
      if (code === 'access_denied' || code === 'login_required' || code === 'not_initialized') console.log(e.error_description);
      // The failed check or the option to blame, for programs to match.
      if (code === 'id_token_invalid' && (e.reason === 'nonce' || e.reason === 'signature')) console.log(e.reason);
      if (code === 'invalid_config' && e.reason === 'redirectUri') console.log(e.reason);
      const custom: ZaehlerfreundeAuthErrorCode = 'a_server_code';
      console.log(custom, e.name satisfies 'ZaehlerfreundeAuthError', e.message);
    }
    if (isZaehlerfreundeAuthError(e)) console.log(e.error);
  }
}
