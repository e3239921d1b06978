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
export type AuthConfig = Omit<ZaehlerfreundeAuthConfig, 'redirectUri'> & { redirectUri?: string };

/** Where the user is: the client loading, logged out, logged in, or a failure (loading the module, the callback). */
export type AuthState<TUser extends User = User> =
  | { status: 'loading'; auth?: undefined; user?: undefined; error?: undefined }
  | { status: 'out'; auth: ZaehlerfreundeAuth; user?: undefined; error?: undefined }
  | { status: 'in'; auth: ZaehlerfreundeAuth; user: TUser | null; error?: undefined }
  | { status: 'error'; error: ZaehlerfreundeAuthError; auth?: undefined; user?: undefined };

/** The client's actions; each waits for the client, so they may be called while it loads. */
export interface AuthActions {
  /** `loginWithRedirect`: navigates to the login page. */
  login<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<void>;
  /**
   * `logout`: ends the session (and, unless `localOnly`, visits the logout endpoint). Resolves
   * to whether the refresh token was revoked (or there was none).
   */
  logout(options?: LogoutOptions): Promise<boolean>;
  /** A fresh access token for the partner API. */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /** `fetch` to the partner API with a fresh bearer token. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}
