// The TypeScript types of the options and results of ZaehlerfreundeAuth
// that the generated class's signatures name. wasm-bindgen appends this file
// to the generated zaehlerfreunde_auth.d.ts (src/api.rs includes it as a
// typescript_custom_section); the config interface is checked against
// src/core/config.rs by a native test. The types only index.js's additions
// name (errors, events, claims) are in index.d.ts.
/** Configuration; only `clientId` and `redirectUri` are required. */
export interface ZaehlerfreundeAuthConfig {
  clientId: string;
  redirectUri: string;
  /** Default `https://auth.prod.zaehlerfreunde.com/authorize`. */
  authorizeUrl?: string;
  /** Default `https://zaehlerfreunde-prod.eu.auth0.com/oauth/token`. */
  tokenUrl?: string;
  /** Default `https://api.prod.zaehlerfreunde.com`; `""` sends none. */
  audience?: string;
  /** Default `openid profile email offline_access`. */
  scope?: string;
  /** Default `https://external.prod.zaehlerfreunde.com/partner`. */
  apiBaseUrl?: string;
  /** Auth0's logout. Default: the authorize URL's origin + `/v2/logout`. */
  logoutUrl?: string;
  /** The provider's `end_session_endpoint` (RP-Initiated Logout 1.0), used instead of `logoutUrl`.
   *  Default: the discovered one. */
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
  /** Clock leeway for token expiry and ID-token times. Default 60. */
  leewaySeconds?: number;
  /** Per-request timeout. Default 10000. */
  timeoutMs?: number;
  /** Token request body encoding. Default `"form"`. */
  tokenRequestFormat?: "form" | "json";
  /** Where the session lives. Default `"session"` (sessionStorage). */
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

export interface RedirectLoginOptions<TAppState = unknown> {
  /** Any JSON value, handed back by `handleRedirectCallback`. */
  appState?: TAppState;
  /** Extra authorize parameters (prompt, login_hint, screen_hint, ui_locales, organization, …).
   *  `scope` replaces the configured one for this login; protocol parameters (response_type,
   *  response_mode, client_id, redirect_uri, state, nonce, code_challenge*) and `audience`
   *  (an instance holds the session of its configured audience) cannot be set. */
  authorizationParams?: Record<string, string | number | boolean | undefined>;
}

export interface RedirectLoginResult<TAppState = unknown> {
  /** The `appState` given to `loginWithRedirect`, if any. */
  appState?: TAppState;
}

export interface GetAccessTokenOptions {
  /** Refresh even if the cached token is still valid. */
  forceRefresh?: boolean;
}

export interface LogoutOptions {
  /** Where the provider sends the browser after logout (`post_logout_redirect_uri`, or Auth0's
   *  `returnTo`; must be registered with the provider). */
  returnTo?: string;
  /** RP-Initiated Logout's `state`, handed back on `returnTo`. */
  state?: string;
  /** Only clear the local session; do not visit the logout endpoint. */
  localOnly?: boolean;
}
