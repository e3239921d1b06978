// The auth state of the framework entries (react.js, vue.js; esbuild bundles
// this file into each, .ci/build-pkg): one store per client and page, whose
// state changes come from one place, the SDK's events, so that one login is
// one change whatever the framework mounts twice.
//
// Nothing runs on creation: a server render may create a store (it stays
// 'loading'); start(), which the entries call only in the browser (an
// effect, the plugin's install there), loads the module, handles the
// callback once, and subscribes to the events.
import { createZaehlerfreundeAuth } from './index.js';
import { createPartnerClient } from './partner.js';

/** @typedef {import('./index.js').ZaehlerfreundeAuth} ZaehlerfreundeAuth */
/** @typedef {import('./state.js').AuthState} AuthState */
/** @typedef {import('./state.js').AuthConfig} AuthConfig */
/**
 * The config, or a ready client (what has `on`). Without either (an
 * AuthProvider given neither), the SDK's invalid_config is the store's error
 * state.
 * @typedef {AuthConfig | ZaehlerfreundeAuth | undefined} Source
 */
/** @typedef {import('./partner.js').PartnerClient} PartnerClient */
/** @typedef {Parameters<typeof createZaehlerfreundeAuth>[1]} Init where the `.wasm` is, as for createZaehlerfreundeAuth */
/** @typedef {(appState: unknown) => void} OnRedirectCallback the app's, after a login's callback */
/**
 * A client's auth state and actions, shared by the framework entries.
 * @typedef {import('./state.js').AuthActions & {
 *   get: () => AuthState,
 *   subscribe: (listener: (state: AuthState) => void) => () => void,
 *   load: () => Promise<ZaehlerfreundeAuth>,
 *   start: (onRedirectCallback?: OnRedirectCallback) => Promise<void>,
 *   loginOnce: (options?: import('./index.js').RedirectLoginOptions) => Promise<void>,
 * }} Store
 */

/** @type {AuthState} */
export const LOADING = Object.freeze({ status: 'loading' });

// One store per client or per config (its JSON), for the page's life: a
// remounted provider and StrictMode's double mount find the same one.
/** @type {Map<Source | string, Store>} */
const stores = new Map();

/**
 * @param {Source} source
 * @param {Init} [init]
 * @returns {Store}
 */
export function authStore(source, init) {
  const key = typeof (/** @type {{ on?: unknown } | undefined} */ (source))?.on === 'function' ? source : JSON.stringify(source);
  let store = stores.get(key);
  if (!store) stores.set(key, (store = createStore(source, init)));
  return store;
}

/**
 * @param {Source} source
 * @param {Init} [init]
 * @returns {Store}
 */
function createStore(source, init) {
  let state = LOADING;
  /** @type {Promise<ZaehlerfreundeAuth> | undefined} */
  let client;
  /** @type {Promise<void> | undefined} */
  let started;
  /** @type {Promise<void> | undefined} */
  let redirecting;
  /** @type {Set<(state: AuthState) => void>} */
  const listeners = new Set();
  /** @param {AuthState} next */
  const set = (next) => {
    state = next;
    for (const listener of listeners) listener(state);
  };
  // Only a changed status (or client) is a new state: the event and the
  // check after the callback or checkSession agree, and nothing renders twice.
  /** @param {ZaehlerfreundeAuth} auth */
  const show = (auth) => {
    const status = auth.isAuthenticated() ? 'in' : 'out';
    if (state.status !== status || state.auth !== auth) set(status === 'in' ? { status, auth, user: auth.getUser() } : { status, auth });
  };
  const load = () =>
    (client ??= typeof (/** @type {{ on?: unknown } | undefined} */ (source))?.on === 'function'
      ? Promise.resolve(/** @type {ZaehlerfreundeAuth} */ (source))
      : createZaehlerfreundeAuth(
        /** @type {import('./index.js').ZaehlerfreundeAuthConfig} */ ({
          ...source,
          redirectUri: /** @type {AuthConfig | undefined} */ (source)?.redirectUri ?? `${location.origin}/`,
        }),
        init,
      ));
  /** @type {Store} */
  const store = {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load,
    /** Once per page: the module, the callback or another tab's session, the events. */
    start: (onRedirectCallback) =>
      (started ??= load()
        .then(async (auth) => {
          for (const type of /** @type {const} */ (['loginComplete', 'loggedOut', 'sessionExpired'])) auth.on(type, () => show(auth));
          if (auth.isCallback()) {
            /** @type {{ appState?: { returnTo?: unknown } }} */
            const { appState } = await auth.handleRedirectCallback();
            show(auth);
            // The app's callback throwing is the app's error, not the login's.
            try {
              if (onRedirectCallback) onRedirectCallback(appState);
              else if (typeof appState?.returnTo === 'string') history.replaceState(history.state, '', appState.returnTo);
            } catch (e) {
              queueMicrotask(() => { throw e; });
            }
          } else if (!auth.isAuthenticated()) {
            await auth.checkSession();
          }
          show(auth);
        })
        .catch((error) => set({ status: 'error', error }))),
    // The actions wait for the client, so they may be called while loading.
    login: (options) => load().then((auth) => auth.loginWithRedirect(options)),
    /** A guard's login: one redirect however often the guard runs (it navigates away); its failure is the state. */
    loginOnce: (options) =>
      (redirecting ??= store.login(options).catch((error) => {
        redirecting = undefined;
        set({ status: 'error', error });
      })),
    logout: (options) => load().then((auth) => auth.logout(options)),
    getAccessToken: (options) => load().then((auth) => auth.getAccessToken(options)),
    fetch: (input, options) => load().then((auth) => auth.fetch(input, options)),
  };
  return store;
}

// One typed partner client per client.
/** @type {WeakMap<ZaehlerfreundeAuth, PartnerClient>} */
const partners = new WeakMap();
/**
 * @param {ZaehlerfreundeAuth | undefined} auth
 * @returns {PartnerClient | null}
 */
export const partnerClient = (auth) => {
  if (!auth) return null;
  if (!partners.has(auth)) partners.set(auth, createPartnerClient(auth));
  return /** @type {PartnerClient} */ (partners.get(auth));
};
