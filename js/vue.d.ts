// Types of zaehlerfreunde-auth/vue (js/vue.js).
import type { ComputedRef, Plugin } from 'vue';
import type { InitInput, User, ZaehlerfreundeAuth, ZaehlerfreundeAuthError } from './index.js';
import type { PartnerClient } from './partner.js';
import type { AuthActions, AuthConfig, AuthState } from './state.js';

export type { AuthActions, AuthConfig, AuthState } from './state.js';

/** The options of {@link createZaehlerfreundeAuthPlugin}. */
export interface AuthPluginOptions<TAppState = unknown> {
  /** Where the `.wasm` is, as for `createZaehlerfreundeAuth(config, init)` (e.g. the bundler's `?url`).
   *  Default: the file next to the package's JS. */
  init?: {
    /** The `.wasm`'s URL, a `Response`, its bytes or a compiled module (or a promise of one), as for `init()`. */
    module_or_path: InitInput | Promise<InitInput>;
  };
  /**
   * Called once after a login's callback, with `loginWithRedirect`'s `appState`. Default:
   * `router.replace(appState.returnTo)` (history's without a router) when it is a string.
   */
  onRedirectCallback?: (appState: TAppState | undefined) => void;
}

/**
 * The plugin: `app.use(createZaehlerfreundeAuthPlugin(config))`; `source` is
 * the config or a ready client. Installed in the browser, it loads the
 * module and creates the client once per page and config, handles the
 * callback once (then `onRedirectCallback`), or takes the session of another
 * tab (`checkSession`). In a server render it starts nothing: the state stays
 * `loading`.
 *
 * Throws nothing: a failure (the module did not load, `invalid_config`, a
 * callback refused, e.g. `access_denied`) is the state `error`.
 *
 * @example
 * ```ts
 * import { createApp } from 'vue';
 * import { createZaehlerfreundeAuthPlugin } from 'zaehlerfreunde-auth/vue';
 *
 * createApp(App)
 *   .use(router)
 *   .use(createZaehlerfreundeAuthPlugin({ clientId: 'YOUR_CLIENT_ID' }))
 *   .mount('#app');
 * ```
 */
export declare function createZaehlerfreundeAuthPlugin<TAppState = unknown>(
  source: AuthConfig | ZaehlerfreundeAuth,
  options?: AuthPluginOptions<TAppState>,
): Plugin;

/**
 * The auth state, a read-only ref ({@link AuthState}: `loading`, `out`, `in`
 * or `error`), and the actions ({@link AuthActions}).
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` without the plugin.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * import { useAuth } from 'zaehlerfreunde-auth/vue';
 * const { state, login, logout } = useAuth();
 * </script>
 *
 * <template>
 *   <button v-if="state.status === 'in'" @click="logout()">Log out {{ state.user?.name }}</button>
 *   <button v-else-if="state.status === 'out'" @click="login()">Log in</button>
 * </template>
 * ```
 */
export declare function useAuth<TUser extends User = User>(): {
  /** The auth state, updated on the SDK's events. */
  state: ComputedRef<AuthState<TUser>>;
} & AuthActions;

/**
 * The typed partner-API client (`createPartnerClient`) over the plugin's
 * client, as a read-only ref; `null` until the client is loaded.
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` without the plugin.
 *
 * @example
 * ```ts
 * const api = usePartnerApi();
 * const spaces = ref<string[]>([]);
 * watchEffect(async () => {
 *   const result = await api.value?.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } });
 *   spaces.value = result?.data?.spaces.map((s) => s.name) ?? [];
 * });
 * ```
 */
export declare function usePartnerApi(): ComputedRef<PartnerClient | null>;

/**
 * A vue-router guard (`beforeEnter` or `router.beforeEach`): waits for the
 * client, then `true` when logged in; when logged out, sends the user to log
 * in (coming back to the route) and returns `false`; `false` in the state
 * `error`. In a server render: `true`, without starting the client (the
 * browser's navigation decides).
 *
 * @throws {@link index!ZaehlerfreundeAuthError | ZaehlerfreundeAuthError} `invalid_config` without the plugin
 *   (the promise rejects). A login that fails to start is the state `error`.
 *
 * @example
 * ```ts
 * const router = createRouter({
 *   history: createWebHistory(),
 *   routes: [{ path: '/dashboard', component: Dashboard, beforeEnter: authGuard }],
 * });
 * ```
 */
export declare function authGuard(to: { fullPath: string }): Promise<boolean>;
