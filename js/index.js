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
// - Who reads: this file only, and never writes it. getAccessToken() returns
//   t when t is set, forceRefresh is not asked for, and Date.now() < e;
//   otherwise the wasm getAccessToken decides (it checks the same condition,
//   then refreshes).
import init, { ZaehlerfreundeAuth as Wasm } from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';
export default init;

export class ZaehlerfreundeAuth extends Wasm {
  #m;
  constructor(config) {
    super(config);
    this.#m = super.__tokenMirror;
  }
  getAccessToken(options) {
    const m = this.#m;
    if (m.t !== undefined && !(options && options.forceRefresh) && Date.now() < m.e) return Promise.resolve(m.t);
    return super.getAccessToken(options);
  }
}
