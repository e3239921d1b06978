// The package's types, pkg/index.d.ts (.ci/build-pkg copies this file there
// without this header): those of the wasm-bindgen module, and of what
// index.js adds or wraps: init and initSync (which note that the module is
// loaded; init's failures are wasm_load_failed), the ZaehlerfreundeAuth
// subclass (`on`, `apiBaseUrl`, and generic signatures for getUser and the
// appState methods, which the generated class types less precisely), the
// error class and its guard, createZaehlerfreundeAuth, and the event and
// claim types.
//
// The subclass declares every method of the class again with its whole doc
// comment (what it does, its errors, an example): this is the API
// reference's text (make docs). src/api.rs's `///` comments stay short:
// wasm-bindgen copies them into the glue JS too, which counts against the
// size budget.
import {
  ZaehlerfreundeAuth as Wasm,
  type GetAccessTokenOptions,
  type InitInput,
  type InitOutput,
  type LogoutOptions,
  type RedirectLoginOptions,
  type RedirectLoginResult,
  type SyncInitInput,
  type ZaehlerfreundeAuthConfig,
} from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';

/**
 * Loads the SDK's WebAssembly module, once per page: once it has loaded,
 * later calls resolve to the same module. Needed before
 * `new ZaehlerfreundeAuth(config)`; {@link createZaehlerfreundeAuth} calls it
 * for you.
 *
 * Without an argument it fetches `zaehlerfreunde_auth_bg.wasm` next to the
 * package's JS (`new URL(…, import.meta.url)`, which bundlers rewrite to the
 * emitted file). `module_or_path` is the `.wasm`'s URL (a string, `URL` or
 * `Request`), a `Response`, its bytes or a compiled `WebAssembly.Module`, or a
 * promise of one; given as `{ module_or_path }` (or, wasm-bindgen's older
 * form, directly).
 *
 * @returns The module's raw exports (for the SDK itself; apps have no use for them).
 * @throws {@link ZaehlerfreundeAuthError} `wasm_load_failed` (the promise rejects): the fetch
 *   failed, the server answered an HTTP error or an HTML page (the description gives its content
 *   type and first characters), or the bytes do not compile. The description names the URL tried.
 *   Fix: pass the `.wasm`'s URL as `module_or_path` and serve it as `application/wasm`.
 *
 * @example
 * ```ts
 * import init, { ZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
 * // Vite: the emitted file's URL
 * import wasmUrl from 'zaehlerfreunde-auth/zaehlerfreunde_auth_bg.wasm?url';
 *
 * await init({ module_or_path: wasmUrl });
 * const auth = new ZaehlerfreundeAuth({ clientId: 'YOUR_CLIENT_ID', redirectUri: `${location.origin}/` });
 * ```
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/**
 * Loads the SDK's WebAssembly module synchronously from its bytes or a
 * compiled `WebAssembly.Module` (e.g. in a worker that already has them):
 * `init()` without the fetch. Once loaded, later calls return the same
 * module. Passing the bytes directly instead of `{ module }` is deprecated
 * (wasm-bindgen logs a warning).
 *
 * @returns The module's raw exports (for the SDK itself; apps have no use for them).
 * @throws The WebAssembly API's own errors, not a `ZaehlerfreundeAuthError`
 *   (this call is not wrapped): e.g. a `WebAssembly.CompileError` for bytes
 *   that do not compile, a `WebAssembly.LinkError` for another module's.
 *
 * @example
 * ```ts
 * import { initSync, ZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
 *
 * const bytes = await (await fetch('/zaehlerfreunde_auth_bg.wasm')).arrayBuffer();
 * initSync({ module: bytes });
 * const auth = new ZaehlerfreundeAuth({ clientId: 'YOUR_CLIENT_ID', redirectUri: `${location.origin}/` });
 * ```
 */
export declare function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/** The codes of the README's error table; a server's own OAuth code passes through as any string. */
export type ZaehlerfreundeAuthErrorCode =
  | 'not_initialized'
  | 'wasm_load_failed'
  | 'browser_only'
  | 'invalid_config'
  | 'invalid_request'
  | 'state_mismatch'
  | 'missing_transaction'
  | 'login_required'
  | 'timeout'
  | 'network_error'
  | 'aborted'
  | 'invalid_response'
  | 'id_token_invalid'
  | 'invalid_token'
  | 'storage_error'
  | 'crypto_error'
  | 'too_many_requests'
  | 'discovery_failed'
  | 'revocation_failed'
  | 'access_denied'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'server_error'
  | (string & {});

/**
 * Which check an ID token failed (`error.reason` of `id_token_invalid`): the
 * name of the SDK's `IdTokenCheck` variant in snake case, e.g. `nonce`,
 * `signature`, `aud`, `expired`, `alg_none`, `crit`.
 */
export type IdTokenCheckReason =
  | 'too_large'
  | 'parts'
  | 'base64'
  | 'utf8'
  | 'json'
  | 'not_object'
  | 'no_alg'
  | 'alg_none'
  | 'alg_symmetric'
  | 'alg_unsupported'
  | 'no_signature'
  | 'crit'
  | 'no_iss'
  | 'iss'
  | 'no_sub'
  | 'sub'
  | 'no_aud'
  | 'aud'
  | 'azp'
  | 'azp_type'
  | 'no_azp'
  | 'no_exp'
  | 'expired'
  | 'no_iat'
  | 'issued_in_future'
  | 'no_nonce'
  | 'nonce'
  | 'kid_type'
  | 'no_kid'
  | 'unknown_kid'
  | 'key_type'
  | 'key_alg'
  | 'curve'
  | 'signature_length'
  | 'weak_key'
  | 'signature';

/**
 * What the SDK's calls reject with or throw (a `TypeError` aside, for a
 * programming error such as an unknown event name in `on`): an `Error` named
 * `ZaehlerfreundeAuthError` with an OAuth-style `error` code (README, *Error
 * codes*) and an `error_description`. Errors made inside the WebAssembly
 * module are plain `Error`s with these properties; `instanceof` recognizes
 * them, as every `Error` of that name (also one of another copy of the
 * package).
 *
 * @example
 * ```ts
 * try {
 *   await auth.getAccessToken();
 * } catch (e) {
 *   if (!(e instanceof ZaehlerfreundeAuthError)) throw e;
 *   if (e.error === 'login_required') await auth.loginWithRedirect();
 *   else console.error(`${e.error}: ${e.error_description}`);
 * }
 * ```
 */
export declare class ZaehlerfreundeAuthError extends Error {
  /** An error with this code and description (the SDK makes its own; this is for tests and your own wrappers). */
  constructor(error: ZaehlerfreundeAuthErrorCode, error_description: string);
  /** Always `'ZaehlerfreundeAuthError'`: what `instanceof` checks. */
  name: 'ZaehlerfreundeAuthError';
  /** OAuth-style code: the SDK's, or the server's (e.g. `access_denied`, `invalid_grant`). */
  error: ZaehlerfreundeAuthErrorCode;
  /** What went wrong, for people; never contains a code, state, verifier or token. */
  error_description: string;
  /** Which check failed, for programs to match (the description is free text): with
   *  `id_token_invalid`, the ID-token check; with `invalid_config`, the option to blame,
   *  when one is. */
  reason?: IdTokenCheckReason | keyof ZaehlerfreundeAuthConfig;
  /** With `too_many_requests`: the seconds the token endpoint's `Retry-After` asked to wait
   *  (rounded up), when it sent one. Until then `getAccessToken()` sends no refresh and fails
   *  with this error, `retryAfter` being the seconds still to wait. */
  retryAfter?: number;
  /**
   * Whether `value` is an `Error` named `ZaehlerfreundeAuthError`: what
   * `value instanceof ZaehlerfreundeAuthError` answers, so that the errors made
   * inside the WebAssembly module (and by another copy of the package) are
   * recognized too.
   *
   * @example
   * ```ts
   * auth.on('error', (e) => console.log(e instanceof ZaehlerfreundeAuthError)); // true
   * ```
   */
  static [Symbol.hasInstance](value: unknown): value is ZaehlerfreundeAuthError;
}

/**
 * Whether `value` is an error of the SDK: the same test as `instanceof
 * ZaehlerfreundeAuthError`, as a function (it narrows `value`'s type).
 *
 * @example
 * ```ts
 * try {
 *   await auth.handleRedirectCallback();
 * } catch (e) {
 *   console.error(isZaehlerfreundeAuthError(e) ? `${e.error}: ${e.error_description}` : e);
 * }
 * ```
 */
export declare function isZaehlerfreundeAuthError(value: unknown): value is ZaehlerfreundeAuthError;

/** The address claim of OpenID Connect Core §5.1.1 (scope `address`). */
export interface AddressClaim {
  /** The full mailing address, formatted for display (lines separated by `\n`). */
  formatted?: string;
  /** Street address: house number, street name, P.O. box (lines separated by `\n`). */
  street_address?: string;
  /** City or locality. */
  locality?: string;
  /** State, province, prefecture or region. */
  region?: string;
  /** Zip or postal code. */
  postal_code?: string;
  /** Country name. */
  country?: string;
}

/**
 * The ID token's claims: those the SDK checked (`iss`, `sub`, `aud`, `exp`,
 * `iat`), the standard claims of OpenID Connect Core §5.1 the scope asked for,
 * and whatever else the token carries. Extend it for your own claims:
 * `getUser<User & { 'https://example.com/roles': string[] }>()`.
 */
export interface User {
  /** Issuer: who issued the ID token (checked: one of the accepted issuers, see the `issuer` option). */
  iss: string;
  /** Subject: the user's identifier at the issuer, stable and unique there: the key to store users by. */
  sub: string;
  /** Audience: the client IDs the token is for (checked: it contains `clientId`). */
  aud: string | string[];
  /** Expiry, seconds since the epoch (checked when the token arrives, with `leewaySeconds`). */
  exp: number;
  /** Issue time, seconds since the epoch (checked: not in the future beyond `leewaySeconds`). */
  iat: number;
  /** When the user authenticated, seconds since the epoch. */
  auth_time?: number;
  /** The login's nonce (checked against the login transaction's). */
  nonce?: string;
  /** Authorized party: the client the token was issued to (checked: `clientId`; required with several audiences). */
  azp?: string;
  /** The provider's session ID. */
  sid?: string;
  /** Authentication context class: the level of assurance the authentication met. */
  acr?: string;
  /** Authentication methods used, e.g. `pwd`, `otp`, `mfa` (RFC 8176). */
  amr?: string[];
  /** Full name, for display (scope `profile`). */
  name?: string;
  /** Given or first name (scope `profile`). */
  given_name?: string;
  /** Surname or last name (scope `profile`). */
  family_name?: string;
  /** Middle name (scope `profile`). */
  middle_name?: string;
  /** Casual name (scope `profile`). */
  nickname?: string;
  /** The name the user wants to be called by, e.g. a username; neither unique nor stable (identify users by `sub`; scope `profile`). */
  preferred_username?: string;
  /** URL of the user's profile page (scope `profile`). */
  profile?: string;
  /** URL of the user's picture (scope `profile`). */
  picture?: string;
  /** URL of the user's web page or blog (scope `profile`). */
  website?: string;
  /** Preferred email address; neither unique nor stable (identify users by `sub`; scope `email`). */
  email?: string;
  /** Whether the provider verified that the user controlled `email` (scope `email`). */
  email_verified?: boolean;
  /** Gender (scope `profile`). */
  gender?: string;
  /** Birthday, `YYYY-MM-DD`; `0000-MM-DD` when the year is withheld, `YYYY` for the year only (scope `profile`). */
  birthdate?: string;
  /** Time zone from the IANA database, e.g. `Europe/Berlin` (scope `profile`). */
  zoneinfo?: string;
  /** Locale, a BCP 47 language tag, e.g. `de-DE` (scope `profile`). */
  locale?: string;
  /** Preferred telephone number, e.g. `+49 30 1234567` (scope `phone`). */
  phone_number?: string;
  /** Whether the provider verified `phone_number` (scope `phone`). */
  phone_number_verified?: boolean;
  /** Postal address (scope `address`). */
  address?: AddressClaim;
  /** Seconds since the epoch (OpenID Connect); Auth0 sends an ISO 8601 date string. */
  updated_at?: number | string;
  [claim: string]: unknown;
}

/** The events of `auth.on(type, listener)`, with what each listener receives. */
export interface ZaehlerfreundeAuthEvents {
  /** A login completed in this tab (`handleRedirectCallback`). */
  loginComplete: undefined;
  /** This tab's access token is new: refreshed here, or rotated by another tab. */
  tokenRefreshed: undefined;
  /** The refresh token was rejected: the session is gone; log in again. */
  sessionExpired: undefined;
  /** The session ended: logout in this tab or in another tab of the app. */
  loggedOut: undefined;
  /** An asynchronous call of the SDK failed: the listener gets the error its promise rejects
   *  with. Also `logout()`'s failed revocation (`revocation_failed`), which does not reject. */
  error: ZaehlerfreundeAuthError;
}

/**
 * Signs users in to Zählerfreunde and calls the partner API with fresh
 * tokens. Create it once per page with {@link createZaehlerfreundeAuth} (or
 * `await init()`, then `new ZaehlerfreundeAuth(config)`).
 *
 * @example
 * ```ts
 * import { createZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
 *
 * const auth = await createZaehlerfreundeAuth({ clientId: 'YOUR_CLIENT_ID', redirectUri: `${location.origin}/` });
 * if (auth.isCallback()) await auth.handleRedirectCallback(); // back from the login page
 * if (auth.isAuthenticated() || (await auth.checkSession())) {
 *   const res = await auth.fetch('/spaces?page=0&pageSize=20');
 *   console.log(auth.getUser()?.email, (await res.json()).spaces);
 * } else {
 *   await auth.loginWithRedirect(); // navigates away
 * }
 * ```
 */
export declare class ZaehlerfreundeAuth extends Wasm {
  /**
   * Validates the config and starts the client: reads the stored session
   * (with one, it joins the app's other tabs) and removes an expired login
   * transaction. Needs the module loaded (`init()`); or use
   * {@link createZaehlerfreundeAuth}.
   *
   * @throws {@link ZaehlerfreundeAuthError}, synchronously:
   *
   * - `not_initialized`: `init()` has not loaded the module yet.
   * - `invalid_config`: the config is unusable: not an object; `clientId` or
   *   `redirectUri` missing; an unknown option (options are camelCase, e.g.
   *   `redirectUri`) or one of the wrong type; a URL that is not absolute
   *   http(s), has a fragment, or is http for a host that is not loopback; a
   *   number out of its range; a `storage` this browser does not have
   *   (`error.reason` names the option to blame, when one is).
   *
   * @example
   * ```ts
   * import init, { ZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
   *
   * await init();
   * const auth = new ZaehlerfreundeAuth({ clientId: 'YOUR_CLIENT_ID', redirectUri: `${location.origin}/` });
   * ```
   */
  constructor(config: ZaehlerfreundeAuthConfig);
  /** The partner API's base URL (the `apiBaseUrl` option, normalized): the token goes nowhere else. */
  readonly apiBaseUrl: string;
  /**
   * Calls `listener` on each `type` event ({@link ZaehlerfreundeAuthEvents}
   * says what each receives); returns the function that removes it. A
   * listener that throws stops neither the other listeners nor the SDK (its
   * error is rethrown in a microtask, so it still reaches the console).
   *
   * @throws `TypeError` (not a `ZaehlerfreundeAuthError`) for an event type the SDK does not have.
   *
   * @example
   * ```ts
   * const off = auth.on('sessionExpired', () => showLoginButton());
   * auth.on('error', (e) => console.warn(`${e.error}: ${e.error_description}`));
   * off(); // no more sessionExpired calls
   * ```
   */
  on<K extends keyof ZaehlerfreundeAuthEvents>(
    type: K,
    listener: (detail: ZaehlerfreundeAuthEvents[K]) => void,
  ): () => void;
  /**
   * The ID token's claims, decoded from the session (no request), or `null`
   * when logged out or when the session has no ID token (a scope without
   * `openid`). `T` types your own claims; it is not checked at run time.
   *
   * @example
   * ```ts
   * type AppUser = User & { 'https://example.com/roles'?: string[] };
   * const user = auth.getUser<AppUser>();
   * if (user) console.log(user.sub, user.email, user['https://example.com/roles']);
   * ```
   */
  getUser<T extends User = User>(): T | null;
  /**
   * Records a login transaction (the PKCE verifier, `state`, `nonce` and
   * `appState`, in sessionStorage whatever `storage` is, for at most 10
   * minutes) and returns the authorize URL, without navigating: for an app
   * that navigates itself. A second login started in this tab replaces the
   * transaction. With `dpop: true` (and `storage` other than `"memory"`), the
   * URL carries the DPoP key's thumbprint (`dpop_jkt`).
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
   *
   * - `invalid_request`: `appState` is not JSON-serializable; or
   *   `authorizationParams` is not an object, has a value that is not a
   *   string, number or boolean, an empty or repeated name, or a parameter the
   *   SDK sets (`response_type`, `response_mode`, `client_id`, `redirect_uri`,
   *   `state`, `nonce`, `code_challenge`, `code_challenge_method`, `audience`,
   *   `dpop_jkt`).
   * - `storage_error`: sessionStorage refused the transaction.
   * - `crypto_error`: with `dpop: true`, the DPoP key could not be made or loaded.
   * - `invalid_config`: `crypto.getRandomValues` is not available.
   * - `discovery_failed`, `timeout`, `network_error`: the config names only an
   *   `issuer`, and its discovery document could not be read (the next call
   *   tries again).
   *
   * @example
   * ```ts
   * const url = await auth.buildAuthorizeUrl({ authorizationParams: { screen_hint: 'signup' } });
   * signUpLink.href = url; // followed in this tab, where the transaction is
   * ```
   */
  buildAuthorizeUrl<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<string>;
  /**
   * Records a login transaction and navigates this tab to the authorize URL
   * (`location.assign`), as {@link ZaehlerfreundeAuth.buildAuthorizeUrl}
   * builds it. The promise resolves as the navigation starts; the page then
   * unloads. `appState` comes back from `handleRedirectCallback`.
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects): those of
   *   `buildAuthorizeUrl`, and `invalid_request` when there is no window or
   *   the browser refused to navigate.
   *
   * @example
   * ```ts
   * loginButton.onclick = () =>
   *   auth.loginWithRedirect({ appState: { returnTo: location.pathname }, authorizationParams: { ui_locales: 'de' } });
   * ```
   */
  loginWithRedirect<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<void>;
  /**
   * Whether `url` (default: the current page's address) carries an
   * authorization response: a `code` or an `error` together with `state`, in
   * the query or the fragment. It reads nothing else: call
   * `handleRedirectCallback` when it is `true`.
   *
   * @example
   * ```ts
   * if (auth.isCallback()) await auth.handleRedirectCallback();
   * ```
   */
  isCallback(url?: string | null): boolean;
  /**
   * Completes the login on the redirect back (`url`, default: the current
   * page's address). Checks the callback against this tab's login
   * transaction (`state`, the redirect URI, and `iss` when the server sends
   * one, RFC 9207), uses the transaction once and deletes it, exchanges the
   * code with the PKCE verifier, checks the ID token's claims and signature
   * (WebCrypto, against the issuer's keys), stores the session and emits
   * `loginComplete`. On the current address it then removes the OAuth
   * parameters from the address bar (`history.replaceState`), whatever the
   * outcome. Resolves to the `appState` given to `loginWithRedirect`;
   * `TAppState` is its type (not checked at run time). Called again for the
   * same callback in this page (React's StrictMode mounts twice), it gives
   * the first call's result or error: one code exchange.
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
   *
   * - the server's own code when the callback carries an `error`, e.g.
   *   `access_denied` (the user declined) or `login_required` (after
   *   `prompt: 'none'`).
   * - `invalid_request`: no URL (no window and no `url`); no `code` or
   *   `error` in it; malformed or repeated parameters; it is not the login's
   *   `redirectUri`.
   * - `missing_transaction`: no login transaction in this tab (the callback
   *   was reloaded or opened in another tab, or the login did not start
   *   here), or it is older than 10 minutes.
   * - `state_mismatch`: the callback's `state` is missing or not the
   *   transaction's.
   * - `invalid_response`: the callback's `iss` is not an accepted issuer; the
   *   token response is invalid (not JSON, a wrong `token_type`, no
   *   `access_token` or `expires_in`, too large, no `id_token` although
   *   `openid` was asked for); the issuer's key set could not be read.
   * - `id_token_invalid`: the ID token failed a check; `error.reason` names it.
   * - `crypto_error`: WebCrypto could not check the signature (`crypto.subtle`
   *   needs a secure context), or, with `dpop: true`, could not use the DPoP key.
   * - `timeout`, `network_error`: the token or key-set request did not complete.
   * - `too_many_requests`: the token endpoint answered 429.
   * - the token endpoint's own code, e.g. `invalid_grant` (the code was
   *   already used or expired).
   * - `storage_error`: storage refused the session; this page holds it in
   *   memory until it unloads.
   * - `discovery_failed`: see `buildAuthorizeUrl`.
   *
   * @example
   * ```ts
   * if (auth.isCallback()) {
   *   const { appState } = await auth.handleRedirectCallback<{ returnTo: string }>();
   *   history.replaceState(null, '', appState?.returnTo ?? '/');
   * }
   * ```
   */
  handleRedirectCallback<TAppState = unknown>(url?: string | null): Promise<RedirectLoginResult<TAppState>>;
  /**
   * A valid access token for the partner API: the cached one while it is
   * valid beyond `leewaySeconds` (answered without entering WebAssembly),
   * otherwise a new one from a `refresh_token` grant (`forceRefresh: true`:
   * always). Concurrent calls share one refresh; across the app's tabs,
   * refreshes are serialized with a Web Lock and the rotated session is
   * handed to the tabs that share it, so no two tabs spend the same refresh
   * token. Emits `tokenRefreshed` after a refresh.
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
   *
   * - `login_required`: there is no session; the token expired and the
   *   session has no refresh token (no `offline_access`); the server rejected
   *   the refresh token (`invalid_grant`: the session is cleared and
   *   `sessionExpired` emitted); or the session ended during the refresh.
   * - `too_many_requests`: the token endpoint answered 429. With
   *   `error.retryAfter`, calls fail at once until that wait has passed. The
   *   session is kept.
   * - `timeout`, `network_error`, `invalid_response`, or the token endpoint's
   *   own code (e.g. `server_error`): the refresh failed; the session is kept
   *   and the next call tries again.
   * - `id_token_invalid`: the refreshed ID token failed a check (e.g. another
   *   `sub`): the session is cleared and `sessionExpired` emitted.
   * - `storage_error`: storage refused the rotated session; this page holds
   *   it in memory.
   * - `crypto_error`: with `dpop: true`, the DPoP key could not be used.
   * - `discovery_failed`: see `buildAuthorizeUrl`.
   *
   * @example
   * ```ts
   * // For a client of your own; auth.fetch and the partner client do this for you.
   * const token = await auth.getAccessToken();
   * const res = await fetch(`${auth.apiBaseUrl}/spaces`, { headers: { Authorization: `Bearer ${token}` } });
   * ```
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /**
   * Whether this tab holds a session, taking one from another tab of the app
   * when it has none (`shareSession`): a tab opened by URL starts without a
   * copy of sessionStorage, so it asks the app's open tabs and adopts the
   * session of one that holds it (its ID token checked first), with no
   * redirect and no token request. Answers `false` after about 100 ms when
   * no tab answers. Call it on page load before sending the user to log in.
   *
   * Never rejects.
   *
   * @example
   * ```ts
   * if (auth.isAuthenticated() || (await auth.checkSession())) showApp();
   * else await auth.loginWithRedirect();
   * ```
   */
  checkSession(): Promise<boolean>;
  /**
   * Whether this tab holds a session that can yield an access token: one with
   * a refresh token, or whose access token is valid beyond `leewaySeconds`.
   * Reads memory only; {@link ZaehlerfreundeAuth.checkSession} also asks the
   * app's other tabs.
   *
   * @example
   * ```ts
   * logoutButton.hidden = !auth.isAuthenticated();
   * ```
   */
  isAuthenticated(): boolean;
  /**
   * Ends the session. Waits for a refresh under way in any tab (the refresh
   * lock), clears the session here and in the app's tabs of the same login
   * (`loggedOut` in each), revokes the refresh token at the revocation
   * endpoint (RFC 7009; best effort, within `timeoutMs`), removes the SDK's
   * storage keys (and nothing else) and, with `dpop: true`, the DPoP key.
   * Then, unless `localOnly`, it navigates to the provider's logout:
   * RP-Initiated Logout at an `end_session_endpoint` (`endSessionUrl`, or
   * discovered), else Auth0's `logoutUrl`; where the provider has neither,
   * to `returnTo` itself. Resolves to whether the refresh token was revoked
   * (or there was none).
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
   * `invalid_request` when `returnTo` is not an absolute URL without a
   * fragment, https unless loopback (nothing is done), or when the browser
   * refused to navigate (the session has ended all the same). A failed
   * revocation does not reject: the promise resolves to `false` and the
   * `error` listeners get `revocation_failed` (with a config that names only
   * an `issuer`, the discovery's error when that failed).
   *
   * @example
   * ```ts
   * logoutButton.onclick = () => auth.logout({ returnTo: `${location.origin}/` }); // returnTo registered with the provider
   * ```
   */
  logout(options?: LogoutOptions): Promise<boolean>;
  /**
   * `fetch` for the partner API with a valid access token (as
   * `getAccessToken` gives it). `input` is a path (resolved against
   * `apiBaseUrl`), an absolute URL under `apiBaseUrl`, or a `Request` for
   * one: the token is sent nowhere else, and redirects are not followed with
   * it. A 401 triggers one refresh and one retry. A 429, and for idempotent
   * methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) a 503 or a
   * failed connection, are retried up to 3 times: after the server's
   * `Retry-After` (a longer wait than 30 s is not waited for: you get the
   * response), else after a short random wait. `init.signal` (or the
   * `Request`'s) aborts the request and any wait; `timeoutMs` bounds each
   * attempt. With `dpop: true` the token goes as `DPoP` with a proof.
   * Resolves to the API's response whatever its status: check `res.ok`.
   *
   * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
   *
   * - `invalid_request`: `input` is not a path, URL or `Request`; its URL is
   *   outside `apiBaseUrl` or has dot segments; `init` does not make a
   *   `Request`.
   * - `invalid_token`: the API rejected a freshly refreshed token as well
   *   (401 twice).
   * - `invalid_response`: the API answered with a redirect.
   * - `aborted`: the signal aborted the request or a wait before a retry.
   * - `timeout`: an attempt did not complete within `timeoutMs`.
   * - `network_error`: no response arrived (after the retries, for
   *   idempotent methods).
   * - those of `getAccessToken` (`login_required`, `too_many_requests`, …):
   *   there was no token to send.
   *
   * @example
   * ```ts
   * const res = await auth.fetch('/spaces?page=0&pageSize=20');
   * if (!res.ok) throw new Error(`partner API: HTTP ${res.status}`);
   * const { spaces } = await res.json();
   * ```
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Frees the instance's memory in the WebAssembly module (wasm-bindgen's);
   * the instance must not be used afterwards. Rarely needed: an instance is
   * meant to live as long as the page, and one that is garbage-collected is
   * freed too. Where the runtime has explicit resource management,
   * `[Symbol.dispose]()` does the same (`using`).
   *
   * @example
   * ```ts
   * const auth = new ZaehlerfreundeAuth(config);
   * // … the page no longer needs it:
   * auth.free();
   * ```
   */
  free(): void;
}

/**
 * Loads the module ({@link init}, once per page; `input.module_or_path` as
 * there, e.g. the `.wasm`'s URL from your bundler) and constructs the
 * client: `await init(input)` and `new ZaehlerfreundeAuth(config)` in one
 * call.
 *
 * @throws {@link ZaehlerfreundeAuthError} (the promise rejects):
 *
 * - `browser_only`: there is no `window` (a server render): create the
 *   client in the browser (an effect, `onMounted`).
 * - `wasm_load_failed`: the module did not load (see `init`).
 * - `invalid_config`: the constructor refused the config.
 *
 * @example
 * ```ts
 * import { createZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
 * import wasmUrl from 'zaehlerfreunde-auth/zaehlerfreunde_auth_bg.wasm?url'; // optional (Vite)
 *
 * const auth = await createZaehlerfreundeAuth(
 *   { clientId: 'YOUR_CLIENT_ID', redirectUri: `${location.origin}/` },
 *   { module_or_path: wasmUrl },
 * );
 * ```
 */
export declare function createZaehlerfreundeAuth(
  config: ZaehlerfreundeAuthConfig,
  input?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<ZaehlerfreundeAuth>;
