// The package's entry, pkg/index.js (.ci/build-pkg copies this file there
// without this header, so the shipped bytes are the code's alone). It is the
// wasm-bindgen module, re-exported, with one JS subclass that answers
// getAccessToken()'s hot path, a valid cached token, without entering
// WebAssembly. Everything else runs in WebAssembly.
//
// The token mirror { t, e }: the one contract between the Rust side and this
// file.
// - What: a plain object, one per instance, made by the Rust side
//   (src/web/mirror.rs) and handed out by the wasm class's getter
//   `__tokenMirror` (src/api.rs; not in the .d.ts). It is the same object for
//   the instance's whole life, so this file reads the getter once.
// - t: the session's access token (a string); undefined without a session.
// - e: epoch milliseconds until which t is fresh beyond the leeway, that is
//   (the token's expiry − leewaySeconds) × 1000; 0 without a session. While
//   Date.now() < e, t may be handed out without a refresh.
// - Who writes: the Rust side only, whenever the session changes: read from
//   storage, saved after a callback or a refresh, adopted from another tab,
//   cleared (t undefined, e 0) at logout, at another tab's logout, or when
//   the refresh token is rejected.
// - Who reads: this file only, and never writes t or e. getAccessToken()
//   returns t when t is set, forceRefresh is not asked for, and
//   Date.now() < e; otherwise the wasm getAccessToken decides (it checks the
//   same condition, then refreshes).
// - b: the partner API's base URL (the apiBaseUrl option, normalized), set
//   once; read by the apiBaseUrl getter below.
// - s: the event sink, the one member this file writes (at construction). The
//   Rust side calls s(type, detail) for each event (loginComplete,
//   tokenRefreshed, sessionExpired, loggedOut: detail undefined; error: the
//   ZaehlerfreundeAuthError) and, with debug: true, s('debug', step text).
//
// Also here: the error class (the Rust side throws plain Errors named
// ZaehlerfreundeAuthError; instanceof recognizes them by that name), and
// init/initSync wrapped to note that the module is loaded, so a constructor
// called before it throws not_initialized instead of a TypeError from the glue.
import load, { initSync as loadSync, ZaehlerfreundeAuth as Wasm } from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';

let loaded;
const ready = (exports) => ((loaded = 1), exports);
const init = (input) => load(input).then(ready);
export default init;
export const initSync = (input) => ready(loadSync(input));

export class ZaehlerfreundeAuthError extends Error {
  constructor(error, description) {
    super(description);
    this.name = 'ZaehlerfreundeAuthError';
    this.error = error;
    this.error_description = description;
  }
  static [Symbol.hasInstance](e) {
    return e instanceof Error && e.name === 'ZaehlerfreundeAuthError';
  }
}
export const isZaehlerfreundeAuthError = (e) => e instanceof ZaehlerfreundeAuthError;

export const createZaehlerfreundeAuth = async (config, input) => {
  await init(input);
  return new ZaehlerfreundeAuth(config);
};

const EVENTS = ['loginComplete', 'tokenRefreshed', 'sessionExpired', 'loggedOut', 'error'];

export class ZaehlerfreundeAuth extends Wasm {
  #m;
  #on = new Map(EVENTS.map((type) => [type, new Set()]));
  constructor(config) {
    if (!loaded) throw new ZaehlerfreundeAuthError('not_initialized', 'await init() first, or use createZaehlerfreundeAuth(config)');
    super(config);
    this.#m = super.__tokenMirror;
    this.#m.s = (type, detail) => {
      if (type === 'debug') return console.debug('[zaehlerfreunde-auth]', detail);
      // A throwing listener neither stops the others nor the SDK.
      for (const listener of this.#on.get(type)) {
        try {
          listener(detail);
        } catch (e) {
          queueMicrotask(() => { throw e; });
        }
      }
    };
  }
  /** The partner API's base URL, which the token is confined to. */
  get apiBaseUrl() {
    return this.#m.b;
  }
  on(type, listener) {
    const listeners = this.#on.get(type);
    if (!listeners) throw new TypeError(`unknown event "${type}" (events: ${EVENTS.join(', ')})`);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }
  getAccessToken(options) {
    const m = this.#m;
    if (m.t !== undefined && !(options && options.forceRefresh) && Date.now() < m.e) return Promise.resolve(m.t);
    return super.getAccessToken(options);
  }
}
