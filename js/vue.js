// zaehlerfreunde-auth/vue (pkg/vue.js, bundled with store.js by esbuild in
// .ci/build-pkg): the plugin, the composables and the vue-router guard for
// Vue 3.3+ (vue-router 4.2+, whose guards may inject).
//
// SSR-safe: the plugin starts the client only where there is a window; a
// server render sees 'loading'.
import { computed, inject, shallowRef } from 'vue';
import { ZaehlerfreundeAuthError } from './index.js';
import { authStore, partnerClient } from './store.js';

/** @typedef {import('./store.js').Store} Store */
/** @typedef {import('./state.js').AuthState} AuthState */

/** @type {import('vue').InjectionKey<{ store: Store, state: import('vue').ComputedRef<AuthState> }>} */
const KEY = Symbol.for('zaehlerfreunde-auth');

/**
 * `app.use(createZaehlerfreundeAuthPlugin(config))`: the client from
 * `config` (or a ready client), and, in the browser, the callback handled
 * once per page; after it, `onRedirectCallback(appState)`, by default the
 * router (or history) replaced with `appState.returnTo`.
 * @param {import('./state.js').AuthConfig | import('./index.js').ZaehlerfreundeAuth} source
 * @param {import('./vue.js').AuthPluginOptions} [options]
 * @returns {import('vue').Plugin}
 */
export function createZaehlerfreundeAuthPlugin(source, { init, onRedirectCallback } = {}) {
  return {
    install(app) {
      const store = authStore(source, init);
      const state = shallowRef(store.get());
      store.subscribe((next) => {
        state.value = next;
      });
      app.provide(KEY, { store, state: computed(() => state.value) });
      if (typeof window === 'undefined') return;
      store.start(
        onRedirectCallback ??
          ((appState) => {
            const to = /** @type {{ returnTo?: unknown } | undefined} */ (appState)?.returnTo;
            const router = app.config.globalProperties.$router;
            if (typeof to === 'string') router ? router.replace(to) : history.replaceState(history.state, '', to);
          }),
      );
    },
  };
}

function use() {
  const auth = inject(KEY, null);
  if (!auth) throw new ZaehlerfreundeAuthError('invalid_config', 'useAuth() needs app.use(createZaehlerfreundeAuthPlugin(config))');
  return auth;
}

/** The auth state (a read-only ref: loading, out, in or error) and the actions. */
export function useAuth() {
  const { store, state } = use();
  const { login, logout, getAccessToken, fetch } = store;
  return { state, login, logout, getAccessToken, fetch };
}

/** The typed partner-API client, or null until the client is loaded (a read-only ref). */
export function usePartnerApi() {
  const { state } = use();
  return computed(() => partnerClient(state.value.auth));
}

/**
 * A vue-router guard (`beforeEnter` or `router.beforeEach`): waits for the
 * client, lets a logged-in user through, and sends a logged-out one to log
 * in (coming back to the route). In a server render it lets the navigation
 * through without starting the client: the page renders 'loading', and the
 * browser's navigation decides.
 * @param {{ fullPath: string }} to
 */
export async function authGuard(to) {
  const { store } = use();
  if (typeof window === 'undefined') return true;
  await store.start();
  const { status } = store.get();
  if (status === 'out') store.loginOnce({ appState: { returnTo: to.fullPath } });
  return status === 'in';
}
