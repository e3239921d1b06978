// The TypeScript types of the options and results of ZaehlerfreundeAuth.
// wasm-bindgen appends this file to the generated zaehlerfreunde_auth.d.ts
// (src/api.rs includes it as a typescript_custom_section); the config
// interface is checked against src/core/config.rs by a native test.
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
  /** Default: the authorize URL's origin + `/v2/logout`. */
  logoutUrl?: string;
  /** RFC 7009 revocation endpoint, used by logout. Default: the token URL's origin + `/oauth/revoke`. */
  revokeUrl?: string;
  /** Accepted ID-token `iss`. Default: the authorize or the token URL's origin + `/`. */
  issuer?: string;
  /** The ID-token signing keys. Default: `{iss}.well-known/jwks.json` of the token's issuer. */
  jwksUrl?: string;
  /** Clock leeway for token expiry and ID-token times. Default 60. */
  leewaySeconds?: number;
  /** Per-request timeout. Default 10000. */
  timeoutMs?: number;
  /** Token request body encoding. Default `"form"`. */
  tokenRequestFormat?: "form" | "json";
  /** Where the session lives. Default `"session"` (sessionStorage). */
  storage?: "session" | "local" | "memory";
}

export interface RedirectLoginOptions {
  /** Any JSON value, handed back by `handleRedirectCallback`. */
  appState?: unknown;
  /** Extra authorize parameters (prompt, login_hint, screen_hint, ui_locales, organization, …).
   *  `scope` and `audience` replace the configured ones for this login; protocol parameters
   *  (response_type, client_id, redirect_uri, state, nonce, code_challenge*) cannot be set. */
  authorizationParams?: Record<string, string | number | boolean | undefined>;
}

export interface RedirectLoginResult {
  appState?: unknown;
}

export interface GetAccessTokenOptions {
  /** Refresh even if the cached token is still valid. */
  forceRefresh?: boolean;
}

export interface LogoutOptions {
  /** Where Auth0 sends the browser after logout (must be an allowed logout URL). */
  returnTo?: string;
  /** Only clear the local session; do not visit the logout endpoint. */
  localOnly?: boolean;
}

/** Every rejection and throw of the SDK is an `Error` of this shape. */
export interface ZaehlerfreundeAuthError extends Error {
  name: "ZaehlerfreundeAuthError";
  /** OAuth-style code: the server's (e.g. `access_denied`, `invalid_grant`) or the SDK's. */
  error: string;
  error_description: string;
  /** With `too_many_requests`: the seconds the token endpoint's `Retry-After` asked to wait
   *  (rounded up), when it sent one. Until then `getAccessToken()` sends no refresh and fails
   *  with this error, `retryAfter` being the seconds still to wait. */
  retryAfter?: number;
}
