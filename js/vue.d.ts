// Types of zaehlerfreunde-auth/vue (js/vue.js).
import type { ComputedRef, Plugin } from 'vue';
import type { InitInput, User, ZaehlerfreundeAuth } from './index.js';
import type { PartnerClient } from './partner.js';
import type { AuthActions, AuthConfig, AuthState } from './state.js';

export type { AuthActions, AuthConfig, AuthState } from './state.js';

export interface AuthPluginOptions<TAppState = unknown> {
  /** Where the `.wasm` is, as for `createZaehlerfreundeAuth(config, init)` (e.g. the bundler's `?url`). */
  init?: { module_or_path: InitInput | Promise<InitInput> };
  /**
   * Called once after a login's callback, with `loginWithRedirect`'s `appState`. Default:
   * `router.replace(appState.returnTo)` (history's without a router) when it is a string.
   */
  onRedirectCallback?: (appState: TAppState | undefined) => void;
}

/** The plugin: `app.use(createZaehlerfreundeAuthPlugin(config))`; `source` is the config or a ready client. */
export declare function createZaehlerfreundeAuthPlugin<TAppState = unknown>(
  source: AuthConfig | ZaehlerfreundeAuth,
  options?: AuthPluginOptions<TAppState>,
): Plugin;

/** The auth state, a read-only ref, and the actions. Throws `invalid_config` without the plugin. */
export declare function useAuth<TUser extends User = User>(): { state: ComputedRef<AuthState<TUser>> } & AuthActions;

/** The typed partner-API client over the plugin's client; `null` until the client is loaded. */
export declare function usePartnerApi(): ComputedRef<PartnerClient | null>;

/**
 * A vue-router guard: `true` when logged in; when logged out, sends the user to log in and returns `false`.
 * In a server render: `true`, without starting the client (the browser's navigation decides).
 */
export declare function authGuard(to: { fullPath: string }): Promise<boolean>;
