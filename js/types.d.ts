// The TypeScript types of the options and results of ZaehlerfreundeAuth
// that the generated class's signatures name. wasm-bindgen appends this file
// to the generated zaehlerfreunde_auth.d.ts (src/api.rs includes it as a
// typescript_custom_section); the config interface is checked against
// src/core/config.rs by a native test. The types only index.js's additions
// name (errors, events, claims) are in index.d.ts.
/**
 * The client's configuration (`new ZaehlerfreundeAuth(config)`): only
 * `clientId` and `redirectUri` are required, every other option has a
 * default (Zählerfreunde's production endpoints). The constructor checks it
 * and throws `invalid_config` naming the option (`error.reason`) for an
 * unknown option, a value of the wrong type, or a URL that is not an
 * absolute http(s) URL without a fragment, https unless the host is
 * loopback. URLs are normalized as the browser's `new URL()` reads them.
 */
export interface ZaehlerfreundeAuthConfig {
  /** Your application's client ID, as registered with Zählerfreunde (at most 256 printable
   *  characters). Required: no default. */
  clientId: string;
  /** Where the login page sends the browser back (`handleRedirectCallback` runs there):
   *  registered for your client, https unless the host is loopback (`localhost`,
   *  `127.0.0.0/8`, `[::1]`). Required: no default (the `react` and `vue` entries default it to
   *  the page's origin + `/`). */
  redirectUri: string;
  /** Default `https://auth.prod.zaehlerfreunde.com/authorize`. */
  authorizeUrl?: string;
  /** Default `https://zaehlerfreunde-prod.eu.auth0.com/oauth/token`. */
  tokenUrl?: string;
  /** Default `https://api.prod.zaehlerfreunde.com`; `""` sends none. */
  audience?: string;
  /** The scope asked for at login. Default `openid profile email offline_access`
   *  (`offline_access` is what yields a refresh token). */
  scope?: string;
  /** The partner API, the only place `fetch` sends the access token to (no query).
   *  Default `https://external.prod.zaehlerfreunde.com/partner`. */
  apiBaseUrl?: string;
  /** Auth0's logout. Default: the authorize URL's origin + `/v2/logout`. */
  logoutUrl?: string;
  /** The provider's `end_session_endpoint` (RP-Initiated Logout 1.0), used instead of `logoutUrl`.
   *  Default: the discovered one (none without discovery). */
  endSessionUrl?: string;
  /** RFC 7009 revocation endpoint, used by logout. Default: the token URL's origin + `/oauth/revoke`. */
  revokeUrl?: string;
  /** Accepted ID-token `iss`. Default: the authorize or the token URL's origin + `/`. Without
   *  `authorizeUrl` or `tokenUrl`, the endpoints not set are read from its
   *  `/.well-known/openid-configuration` (OpenID Connect Discovery). */
  issuer?: string;
  /** The ID-token signing keys. Default: the discovered `jwks_uri`, else
   *  `{iss}/.well-known/jwks.json` of the token's issuer (one `/` between them). */
  jwksUrl?: string;
  /** Clock leeway for token expiry and ID-token times, in whole seconds from 0 to 86400: a token
   *  is refreshed this long before it expires. Default 60. */
  leewaySeconds?: number;
  /** Per-request timeout, in whole milliseconds from 1 to 600000: a request still open after
   *  it fails with `timeout`. Default 10000. */
  timeoutMs?: number;
  /** Token request body encoding: `"json"` as in the integration guide; Auth0 accepts both.
   *  Default `"form"`. */
  tokenRequestFormat?: "form" | "json";
  /** Where the session lives: `"session"` (sessionStorage: this tab, until it closes),
   *  `"local"` (localStorage: every tab, across restarts) or `"memory"` (this page, gone on
   *  reload). Default `"session"`. */
  storage?: "session" | "local" | "memory";
  /** Whether a new tab of the app may take the session from a tab that holds it
   *  (`checkSession()`), and this tab give its own. Default `true`. */
  shareSession?: boolean;
  /** Log each step (redirect built, callback checked, exchange, refresh, lock waits, tab
   *  messages) with `console.debug`; never a code, verifier, state or token. Default `false`. */
  debug?: boolean;
  /** DPoP (RFC 9449): bind the tokens to a key of this browser, so a token
   *  copied out of storage is useless elsewhere. An ES256 key whose private
   *  half cannot be exported, kept in IndexedDB (in memory with
   *  `storage: 'memory'`), shared by the app's tabs, deleted at logout. Token
   *  requests and partner-API calls carry a proof; the authorize request
   *  carries the key's thumbprint (`dpop_jkt`). Default `false`. */
  dpop?: boolean;
}

/** The options of `loginWithRedirect` and `buildAuthorizeUrl`. */
export interface RedirectLoginOptions<TAppState = unknown> {
  /** Any JSON value, kept in the login transaction and handed back by `handleRedirectCallback`
   *  (e.g. the page to return to). Default: none. */
  appState?: TAppState;
  /** Extra authorize parameters (prompt, login_hint, screen_hint, ui_locales, organization, …);
   *  numbers and booleans are sent as text, `undefined` not at all. `scope` replaces the
   *  configured one for this login; protocol parameters (response_type, response_mode,
   *  client_id, redirect_uri, state, nonce, code_challenge*, dpop_jkt) and `audience` (an
   *  instance holds the session of its configured audience) cannot be set (`invalid_request`).
   *  Default: none. */
  authorizationParams?: Record<string, string | number | boolean | undefined>;
}

/** What `handleRedirectCallback` resolves to. */
export interface RedirectLoginResult<TAppState = unknown> {
  /** The `appState` given to `loginWithRedirect`, if any. */
  appState?: TAppState;
}

/** The options of `getAccessToken`. */
export interface GetAccessTokenOptions {
  /** Refresh even if the cached token is still valid. Default `false`. */
  forceRefresh?: boolean;
}

/** The options of `logout`. */
export interface LogoutOptions {
  /** Where the provider sends the browser after logout (`post_logout_redirect_uri`, or Auth0's
   *  `returnTo`; must be registered with the provider): an absolute URL, https unless loopback.
   *  Default: none (the provider's choice). */
  returnTo?: string;
  /** RP-Initiated Logout's `state`, handed back on `returnTo`. Default: none. */
  state?: string;
  /** Do not navigate to the provider's logout: the session still ends here and in the app's
   *  tabs, and the refresh token is still revoked; the provider's own session stays.
   *  Default `false`. */
  localOnly?: boolean;
}
