// Types of zaehlerfreunde-auth/react (js/react.js).
import type { ComponentType, JSX, ReactNode } from 'react';
import type { InitInput, RedirectLoginOptions, User, ZaehlerfreundeAuth } from './index.js';
import type { PartnerClient } from './partner.js';
import type { AuthActions, AuthConfig, AuthState } from './state.js';

export type { AuthActions, AuthConfig, AuthState } from './state.js';

export interface AuthProviderProps<TAppState = unknown> {
  /** The config (read once); or `client`, a ready `ZaehlerfreundeAuth`. */
  config?: AuthConfig;
  client?: ZaehlerfreundeAuth;
  /** Where the `.wasm` is, as for `createZaehlerfreundeAuth(config, init)` (e.g. the bundler's `?url`). */
  init?: { module_or_path: InitInput | Promise<InitInput> };
  /**
   * Called once after a login's callback, with `loginWithRedirect`'s `appState`: for your router.
   * Default: `history.replaceState` to `appState.returnTo` when it is a string.
   */
  onRedirectCallback?: (appState: TAppState | undefined) => void;
  children?: ReactNode;
}

/** Provides the client below it; in the browser, handles the callback once per page. */
export declare function AuthProvider<TAppState = unknown>(props: AuthProviderProps<TAppState>): JSX.Element;

/** The auth state and the actions. Throws `invalid_config` outside an `AuthProvider`. */
export declare function useAuth<TUser extends User = User>(): AuthState<TUser> & AuthActions;

/** The typed partner-API client over the provider's client; `null` until the client is loaded. */
export declare function usePartnerApi(): PartnerClient | null;

export interface RequireAuthProps {
  children?: ReactNode;
  /** What renders until the user is logged in (default nothing). */
  fallback?: ReactNode;
  /** The login when logged out. Default: `{ appState: { returnTo: <this page's path> } }`. */
  loginOptions?: RedirectLoginOptions;
}

/** Renders `children` when logged in; when logged out, sends the user to log in (once). */
export declare function RequireAuth(props: RequireAuthProps): ReactNode;

/** `Component` wrapped in `RequireAuth`. */
export declare function withAuthenticationRequired<P extends object>(
  Component: ComponentType<P>,
  options?: Omit<RequireAuthProps, 'children'>,
): ComponentType<P>;
