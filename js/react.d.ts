// Types of zaehlerfreunde-auth/react (js/react.js).
import type { ComponentType, JSX, ReactNode } from 'react';
import type { InitInput, RedirectLoginOptions, User, ZaehlerfreundeAuth, ZaehlerfreundeAuthError } from './index.js';
import type { PartnerClient } from './partner.js';
import type { AuthActions, AuthConfig, AuthState } from './state.js';

export type { AuthActions, AuthConfig, AuthState } from './state.js';

/** The props of {@link AuthProvider}: the client's `config` or a ready `client`. */
export interface AuthProviderProps<TAppState = unknown> {
  /** The config (read once); or `client`, a ready `ZaehlerfreundeAuth`. */
  config?: AuthConfig;
  /** A ready client (e.g. from `createZaehlerfreundeAuth`), used instead of `config`. Default: none. */
  client?: ZaehlerfreundeAuth;
  /** Where the `.wasm` is, as for `createZaehlerfreundeAuth(config, init)` (e.g. the bundler's `?url`).
   *  Default: the file next to the package's JS. */
  init?: {
    /** The `.wasm`'s URL, a `Response`, its bytes or a compiled module (or a promise of one), as for `init()`. */
    module_or_path: InitInput | Promise<InitInput>;
  };
  /**
   * Called once after a login's callback, with `loginWithRedirect`'s `appState`: for your router.
   * Default: `history.replaceState` to `appState.returnTo` when it is a string.
   */
  onRedirectCallback?: (appState: TAppState | undefined) => void;
  /** What renders inside the provider: the app. */
  children?: ReactNode;
}

/**
 * Provides the client to {@link useAuth} below it. In the browser (an
 * effect), it loads the module and creates the client once per page and
 * config (StrictMode's double mount and a remount find the same one),
 * handles the callback once (then `onRedirectCallback`), or takes the
 * session of another tab (`checkSession`). A server render, and the
 * hydration render after it, see `loading`. With React 19 it announces the
 * `.wasm` with `preload()`, so a server render puts the preload in the page.
 *
 * Throws nothing: a failure (the module did not load, `invalid_config`, a
 * callback refused, e.g. `access_denied`) is the state `error`.
 *
 * @example
 * ```tsx
 * import { AuthProvider } from 'zaehlerfreunde-auth/react';
 *
 * createRoot(document.getElementById('root')!).render(
 *   <AuthProvider
 *     config={{ clientId: 'YOUR_CLIENT_ID' }}
 *     onRedirectCallback={(appState: { returnTo?: string } | undefined) => navigate(appState?.returnTo ?? '/')}
 *   >
 *     <App />
 *   </AuthProvider>,
 * );
 * ```
 */
export declare function AuthProvider<TAppState = unknown>(props: AuthProviderProps<TAppState>): JSX.Element;

/**
 * The auth state ({@link AuthState}: `loading`, `out`, `in` or `error`) and
 * the actions ({@link AuthActions}). The component re-renders when the state
 * changes.
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` outside an `AuthProvider`.
 *
 * @example
 * ```tsx
 * function Header() {
 *   const { status, user, login, logout } = useAuth();
 *   if (status === 'loading') return null;
 *   return status === 'in'
 *     ? <button onClick={() => logout({ returnTo: location.origin })}>Log out {user?.name}</button>
 *     : <button onClick={() => login()}>Log in</button>;
 * }
 * ```
 */
export declare function useAuth<TUser extends User = User>(): AuthState<TUser> & AuthActions;

/**
 * The typed partner-API client (`createPartnerClient`) over the provider's
 * client, one per client; `null` until the client is loaded.
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` outside an `AuthProvider`.
 *
 * @example
 * ```tsx
 * function Spaces() {
 *   const api = usePartnerApi();
 *   const [spaces, setSpaces] = useState<string[]>([]);
 *   useEffect(() => {
 *     api?.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } })
 *       .then(({ data }) => setSpaces(data?.spaces.map((s) => s.name) ?? []));
 *   }, [api]);
 *   return <ul>{spaces.map((name) => <li key={name}>{name}</li>)}</ul>;
 * }
 * ```
 */
export declare function usePartnerApi(): PartnerClient | null;

/** The props of {@link RequireAuth}. */
export interface RequireAuthProps {
  /** What renders when the user is logged in. */
  children?: ReactNode;
  /** What renders until the user is logged in (default nothing). */
  fallback?: ReactNode;
  /** The login when logged out. Default: `{ appState: { returnTo: <this page's path> } }`. */
  loginOptions?: RedirectLoginOptions;
}

/**
 * Renders `children` when logged in, else `fallback`; when logged out, sends
 * the user to log in (once, however often it renders), coming back to this
 * page (the default `onRedirectCallback` of `AuthProvider` goes to
 * `appState.returnTo`).
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` outside an
 *   `AuthProvider`. A login that fails to start is the state `error`.
 *
 * @example
 * ```tsx
 * <RequireAuth fallback={<p>Loading…</p>}>
 *   <Dashboard />
 * </RequireAuth>
 * ```
 */
export declare function RequireAuth(props: RequireAuthProps): ReactNode;

/**
 * `Component` wrapped in {@link RequireAuth} (`options`: its `fallback` and
 * `loginOptions`).
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` when the wrapped
 *   component renders outside an `AuthProvider`.
 *
 * @example
 * ```tsx
 * const ProtectedDashboard = withAuthenticationRequired(Dashboard, { fallback: <p>Loading…</p> });
 * ```
 */
export declare function withAuthenticationRequired<P extends object>(
  Component: ComponentType<P>,
  options?: Omit<RequireAuthProps, 'children'>,
): ComponentType<P>;
