// zaehlerfreunde-auth/react (pkg/react.js, bundled with store.js by esbuild
// in .ci/build-pkg, 'use client' put back as its banner): the provider, the
// hook, the guard and the partner client for React 18 and 19.
//
// SSR-safe by construction: a server render, and the hydration render after
// it, see 'loading' (useSyncExternalStore's server snapshot); the module,
// window and location are touched only in the provider's effect.
import { createContext, createElement, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import * as ReactDOM from 'react-dom';
import { ZaehlerfreundeAuthError } from './index.js';
import { authStore, LOADING, partnerClient } from './store.js';

/** @typedef {import('./store.js').Store} Store */

const Context = createContext(/** @type {Store | null} */ (null));
const loading = () => LOADING;

/**
 * Makes the client (from `config`, or the ready `client`) available to
 * useAuth() below it, and, in the browser, handles the callback once per page.
 * @param {import('./react.js').AuthProviderProps} props
 */
export function AuthProvider({ config, client, init, onRedirectCallback, children }) {
  const [store] = useState(() => authStore(client ?? config, init));
  if (!client) preloadWasm(init);
  useEffect(() => {
    store.start(onRedirectCallback);
  }, [store]);
  return createElement(Context.Provider, { value: store }, children);
}

/**
 * Announces the wasm during render with React 19's preload(): a server
 * render (Next.js, any React SSR) puts the <link rel="preload"> in the
 * page's <head>, so the download starts before any JS has run; init()
 * fetches the same URL in the same mode and reuses it. The default URL is
 * the one init() fetches, which bundlers rewrite to the emitted asset's, on
 * the server as in the browser. At low fetch priority: the framework's own
 * chunks, which hydration needs first, keep the link (the Next.js example
 * on emulated 4G against auth0-spa-js in the same app, 3 runs each:
 * 0.96-0.98× low, 0.94-1.18× without; docs/performance.md). Nothing on
 * React 18 (no preload()), for a
 * module that is not a URL, or for a file: URL (Node without a bundler).
 * @param {import('./react.js').AuthProviderProps['init']} init
 */
function preloadWasm(init) {
  /** @type {string | object} a URL, or what else init() takes (a Response, bytes, a module, a promise) */
  let href = init ? init.module_or_path : new URL('./zaehlerfreunde_auth_bg.wasm', import.meta.url);
  if (typeof href != 'string' && !(href instanceof URL)) return;
  href = String(href);
  if (!/^(file|data|blob):/.test(href)) ReactDOM.preload?.(href, { as: 'fetch', crossOrigin: 'anonymous', type: 'application/wasm', fetchPriority: 'low' });
}

function useStore() {
  const store = useContext(Context);
  if (!store) throw new ZaehlerfreundeAuthError('invalid_config', 'useAuth() needs an <AuthProvider> above it');
  return store;
}

/** The auth state (loading, out, in or error) and the actions. */
export function useAuth() {
  const store = useStore();
  const state = useSyncExternalStore(store.subscribe, store.get, loading);
  return useMemo(
    () => ({
      ...state,
      login: store.login,
      logout: store.logout,
      getAccessToken: store.getAccessToken,
      fetch: store.fetch,
    }),
    [state, store],
  );
}

/** The typed partner-API client (zaehlerfreunde-auth/partner), or null until the client is loaded. */
export function usePartnerApi() {
  const { auth } = useAuth();
  return partnerClient(auth);
}

/**
 * Renders `children` when logged in; otherwise `fallback` (default nothing),
 * and when logged out, sends the user to log in (once), coming back here.
 * @param {import('./react.js').RequireAuthProps} props
 */
export function RequireAuth({ children, fallback = null, loginOptions }) {
  const { status, auth } = useAuth();
  const store = useStore();
  useEffect(() => {
    if (status === 'out') {
      store.loginOnce(loginOptions ?? { appState: { returnTo: location.pathname + location.search + location.hash } });
    }
  }, [status, auth, store]);
  return status === 'in' ? children : fallback;
}

/**
 * `Component` behind RequireAuth (`options`: its fallback and loginOptions).
 * @template {object} P
 * @param {import('react').ComponentType<P>} Component
 * @param {Omit<import('./react.js').RequireAuthProps, 'children'>} [options]
 * @returns {import('react').ComponentType<P>}
 */
export const withAuthenticationRequired = (Component, options) => (props) =>
  createElement(RequireAuth, options, createElement(Component, props));
