// The package's types, pkg/index.d.ts (.ci/build-pkg copies this file there
// without this header): those of the wasm-bindgen module, and of what
// index.js adds or wraps: the ZaehlerfreundeAuth subclass (`on`, `apiBaseUrl`,
// and generic signatures for getUser and the appState methods, which the
// generated class types less precisely), the error class and its guard,
// createZaehlerfreundeAuth, and the event and claim types.
import {
  ZaehlerfreundeAuth as Wasm,
  type InitInput,
  type RedirectLoginOptions,
  type RedirectLoginResult,
  type ZaehlerfreundeAuthConfig,
} from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';
export { default } from './zaehlerfreunde_auth.js';

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
 * Every rejection and throw of the SDK. `instanceof` recognizes the SDK's
 * errors (they are `Error`s named `ZaehlerfreundeAuthError`).
 */
export declare class ZaehlerfreundeAuthError extends Error {
  constructor(error: ZaehlerfreundeAuthErrorCode, error_description: string);
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
  static [Symbol.hasInstance](value: unknown): value is ZaehlerfreundeAuthError;
}

/** Whether `value` is an error of the SDK. */
export declare function isZaehlerfreundeAuthError(value: unknown): value is ZaehlerfreundeAuthError;

/** The address claim of OpenID Connect Core §5.1.1. */
export interface AddressClaim {
  formatted?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

/**
 * The ID token's claims: those the SDK checked (`iss`, `sub`, `aud`, `exp`,
 * `iat`), the standard claims of OpenID Connect Core §5.1 the scope asked for,
 * and whatever else the token carries. Extend it for your own claims:
 * `getUser<User & { 'https://example.com/roles': string[] }>()`.
 */
export interface User {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  auth_time?: number;
  nonce?: string;
  azp?: string;
  sid?: string;
  acr?: string;
  amr?: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
  middle_name?: string;
  nickname?: string;
  preferred_username?: string;
  profile?: string;
  picture?: string;
  website?: string;
  email?: string;
  email_verified?: boolean;
  gender?: string;
  birthdate?: string;
  zoneinfo?: string;
  locale?: string;
  phone_number?: string;
  phone_number_verified?: boolean;
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
  /** A call of the SDK failed (its promise rejects with the same error). */
  error: ZaehlerfreundeAuthError;
}

/** Signs users in to Zählerfreunde and calls the partner API with fresh tokens. */
export declare class ZaehlerfreundeAuth extends Wasm {
  /**
   * Validates the config; throws a `ZaehlerfreundeAuthError`: `invalid_config`
   * if it is unusable, `not_initialized` before `init()` has loaded the module.
   */
  constructor(config: ZaehlerfreundeAuthConfig);
  /** The partner API's base URL (the `apiBaseUrl` option, normalized): the token goes nowhere else. */
  readonly apiBaseUrl: string;
  /** Calls `listener` on each `type` event; returns the function that removes it. */
  on<K extends keyof ZaehlerfreundeAuthEvents>(
    type: K,
    listener: (detail: ZaehlerfreundeAuthEvents[K]) => void,
  ): () => void;
  /** The ID token's claims, or `null` when logged out. */
  getUser<T extends User = User>(): T | null;
  /** Records a login transaction and returns the authorize URL (without navigating). */
  buildAuthorizeUrl<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<string>;
  /** Records a login transaction and navigates to the authorize URL. */
  loginWithRedirect<TAppState = unknown>(options?: RedirectLoginOptions<TAppState>): Promise<void>;
  /**
   * Checks the callback, exchanges the code, stores the session, and cleans
   * the address bar. `TAppState` is what you gave `loginWithRedirect` (it is
   * not checked at run time).
   */
  handleRedirectCallback<TAppState = unknown>(url?: string | null): Promise<RedirectLoginResult<TAppState>>;
}

/**
 * Loads the module (once per page; `input` as for `init()`, e.g. the `.wasm`'s
 * URL from your bundler) and constructs the client. Rejects with
 * `wasm_load_failed` when the module does not load, and with `browser_only`
 * where there is no `window` (a server render).
 */
export declare function createZaehlerfreundeAuth(
  config: ZaehlerfreundeAuthConfig,
  input?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<ZaehlerfreundeAuth>;
