// The auth state and actions of the framework entries (react.d.ts,
// vue.d.ts; js/store.js), which name no framework.
import type {
  GetAccessTokenOptions,
  LogoutOptions,
  RedirectLoginOptions,
  User,
  ZaehlerfreundeAuth,
  ZaehlerfreundeAuthConfig,
  ZaehlerfreundeAuthError,
} from './index.js';

/** The client's config; `redirectUri` defaults to the page's origin + `/` (read in the browser). */
export type AuthConfig = Omit<ZaehlerfreundeAuthConfig, 'redirectUri'> & {
  /** As the SDK's `redirectUri`. Default: the page's origin + `/` (read in the browser). */
  redirectUri?: string;
};

/**
 * Where the user is, by `status`:
 *
 * - `loading`: the client is loading (also in a server render, and in the hydration render after it);
 * - `out`: logged out, `auth` the client;
 * - `in`: logged in, `auth` the client and `user` the ID token's claims (`getUser()`);
 * - `error`: loading the module, creating the client, handling the callback or a guard's login
 *   failed: `error` says what (e.g. `wasm_load_failed`, `invalid_config`, `access_denied`).
 *
 * It changes only on the SDK's events (`loginComplete`, `loggedOut`, `sessionExpired`) and
 * after the callback or `checkSession()` on load.
 */
export type AuthState<TUser extends User = User> =
  | {
      /** The client is loading. */
      status: 'loading';
      /** Not yet loaded. */
      auth?: undefined;
      /** Not known yet. */
      user?: undefined;
      /** No failure. */
      error?: undefined;
    }
  | {
      /** Logged out. */
      status: 'out';
      /** The client. */
      auth: ZaehlerfreundeAuth;
      /** Nobody is logged in. */
      user?: undefined;
      /** No failure. */
      error?: undefined;
    }
  | {
      /** Logged in. */
      status: 'in';
      /** The client. */
      auth: ZaehlerfreundeAuth;
      /** The ID token's claims (`auth.getUser()`); `null` without an ID token. */
      user: TUser | null;
      /** No failure. */
      error?: undefined;
    }
  | {
      /** A failure: loading the module, creating the client, the callback, or a guard's login. */
      status: 'error';
      /** What failed. */
      error: ZaehlerfreundeAuthError;
      /** Not given with a failure. */
      auth?: undefined;
      /** Not given with a failure. */
      user?: undefined;
    };

/**
 * The client's actions (`useAuth()`); each waits for the client, so they may
 * be called while it loads. Each rejects as the client's method it calls,
 * and, when the client did not load, with the error of that (e.g.
 * `wasm_load_failed`, `invalid_config`).
 */
export interface AuthActions {
  /**
   * `loginWithRedirect`: records a login transaction and navigates to the login page.
   *
   * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} (the promise rejects): as
   *   `ZaehlerfreundeAuth.loginWithRedirect` (e.g. `invalid_request` for a
   *   protected authorize parameter).
   *
   * @example
   * ```ts
   * const { login } = useAuth();
   * await login({ appState: { returnTo: '/spaces' } });
   * ```
   */
  login<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<void>;
  /**
   * `logout`: ends the session here and in the app's tabs, revokes the
   * refresh token, and, unless `localOnly`, navigates to the provider's
   * logout. Resolves to whether the refresh token was revoked (or there was
   * none); a failed revocation does not reject: it is an `error` event of
   * the client.
   *
   * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} (the promise rejects): as
   *   `ZaehlerfreundeAuth.logout` (`invalid_request` for a bad `returnTo`).
   *
   * @example
   * ```ts
   * const { logout } = useAuth();
   * await logout({ returnTo: `${location.origin}/` });
   * ```
   */
  logout(options?: LogoutOptions): Promise<boolean>;
  /**
   * `getAccessToken`: a valid access token for the partner API, refreshed when needed.
   *
   * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} (the promise rejects): as
   *   `ZaehlerfreundeAuth.getAccessToken` (e.g. `login_required`,
   *   `too_many_requests`, `timeout`).
   *
   * @example
   * ```ts
   * const { getAccessToken } = useAuth();
   * const token = await getAccessToken();
   * ```
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /**
   * `fetch`: the partner API with a valid access token (a path under
   * `apiBaseUrl`, or a URL or `Request` there); one refresh and retry on 401,
   * retries on 429 and 503.
   *
   * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} (the promise rejects): as
   *   `ZaehlerfreundeAuth.fetch` (e.g. `invalid_request` outside `apiBaseUrl`,
   *   `invalid_token`, `login_required`, `aborted`, `timeout`).
   *
   * @example
   * ```ts
   * const { fetch } = useAuth();
   * const res = await fetch('/spaces?page=0&pageSize=20');
   * ```
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}
