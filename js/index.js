// The package's entry, pkg/index.js (.ci/build-pkg copies this file there
// without this header and without its `// @ts-expect-error` lines, which are
// the type check's, checkjs/entry.json: the shipped bytes are the code's
// alone). It is the wasm-bindgen module, re-exported, with one JS subclass
// that answers getAccessToken()'s hot path, a valid cached token, without
// entering WebAssembly. Everything else runs in WebAssembly.
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
// - s: the event sink, written by this file (at construction). The
//   Rust side calls s(type, detail) for each event (loginComplete,
//   tokenRefreshed, sessionExpired, loggedOut: detail undefined; error: the
//   ZaehlerfreundeAuthError) and, with debug: true, s('debug', step text).
// - With dpop: true (src/web/dpop_key.rs): n, set by the Rust side at
//   construction, the key's IndexedDB name (null: memory only); k, g, d, x,
//   written by this file at construction: k() resolves to the public key's
//   [x, y] (made if there is none), g(input) to the ES256 signature of the
//   text (an ArrayBuffer), d() forgets this page's copy, x() deletes the key;
//   j, the public [x, y] this file loads before each authorize URL, so that
//   the Rust side builds it synchronously (null when it cannot be loaded;
//   not with n null: a key in memory does not outlive the redirect).
//   The key is an ES256 pair whose private half cannot be exported, kept in
//   IndexedDB under the name n, so the app's tabs share it (the first to add
//   it wins, the others read it), or in this page's memory. The Rust side
//   builds every proof and asks this file for the public key and signatures.
//
// Also here: the error class (the Rust side throws plain Errors named
// ZaehlerfreundeAuthError; instanceof recognizes them by that name), and
// init/initSync wrapped to note that the module is loaded, so a constructor
// called before it throws not_initialized instead of a TypeError from the glue,
// and to make a module that does not load a wasm_load_failed: init() fetches
// the module itself, so that every failure is one wasm_load_failed naming the
// URL and what came instead of a module (a fetch that failed, an HTTP error,
// an HTML page, bytes that do not compile). An HTML page (a dev server's or
// an SPA's fallback for a wrong URL) is named by its content type and first
// characters; anything else goes to wasm-bindgen's loader, which compiles it
// (streaming when it is application/wasm). createZaehlerfreundeAuth without a
// window (a server render) is browser_only.
import load, { initSync as loadSync, ZaehlerfreundeAuth as Wasm } from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';

let loaded;
const ready = (exports) => (loaded = exports);
const init = async (input) => {
  if (loaded) return loaded;
  let src = input?.constructor == Object ? input.module_or_path : input;
  let url = 'module_or_path';
  try {
    src = await (src ?? new URL('zaehlerfreunde_auth_bg.wasm', import.meta.url));
    // @ts-expect-error A string's or URL's `url` reads undefined: `url` is then the string or the URL itself.
    if (typeof src == 'string' || src instanceof URL || src instanceof Request) src = await fetch((url = src.url ?? src));
    if (src instanceof Response) {
      const type = src.headers.get('content-type');
      url = src.url || url;
      if (!src.ok) throw `HTTP ${src.status}`;
      // @ts-expect-error Without a content type, `type` is null, which test() reads as "null": not HTML.
      if (/html/.test(type)) throw `${type}, not wasm: ${(await src.text()).slice(0, 60)}`;
    }
    return ready(await load({ module_or_path: src }));
  } catch (e) {
    throw new ZaehlerfreundeAuthError('wasm_load_failed', `${url} (${e}): pass the .wasm's URL (Vite: ?url) as module_or_path, served as application/wasm`);
  }
};
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
  if (typeof window == 'undefined') {
    throw new ZaehlerfreundeAuthError('browser_only', 'the client runs in a browser only');
  }
  await init(input);
  return new ZaehlerfreundeAuth(config);
};

const EVENTS = ['loginComplete', 'tokenRefreshed', 'sessionExpired', 'loggedOut', 'error'];

const ES256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const idb = (mode, f) => new Promise((ok, fail) => {
  const open = indexedDB.open('zaehlerfreunde-auth');
  open.onupgradeneeded = () => open.result.createObjectStore('keys');
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const req = f(open.result.transaction('keys', mode).objectStore('keys'));
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
    open.result.close();
  };
});
const dpopKey = (name) => {
  let pair;
  const make = async () => {
    let p = name && await idb('readonly', (s) => s.get(name));
    if (!p) {
      p = await crypto.subtle.generateKey(ES256, false, ['sign']);
      if (name) p = await idb('readwrite', (s) => s.add(p, name)).then(() => p, () => idb('readonly', (s) => s.get(name)));
    }
    return p;
  };
  const load = () => (pair ??= make().catch((e) => { pair = undefined; throw e; }));
  return {
    k: async () => {
      const { x, y } = await crypto.subtle.exportKey('jwk', (await load()).publicKey);
      return [x, y];
    },
    g: async (input) => crypto.subtle.sign(ES256, (await load()).privateKey, new TextEncoder().encode(input)),
    d: () => { pair = undefined; },
    x: () => { pair = undefined; return name && idb('readwrite', (s) => s.delete(name)); },
  };
};

export class ZaehlerfreundeAuth extends Wasm {
  #m;
  #on = new Map(EVENTS.map((type) => [type, new Set()]));
  constructor(config) {
    if (!loaded) throw new ZaehlerfreundeAuthError('not_initialized', 'await init() first, or use createZaehlerfreundeAuth(config)');
    super(config);
    this.#m = super.__tokenMirror;
    if (this.#m.n !== undefined) Object.assign(this.#m, dpopKey(this.#m.n));
    this.#m.s = (type, detail) => {
      if (type === 'debug') return console.debug('[zaehlerfreunde-auth]', detail);
      // A throwing listener neither stops the others nor the SDK.
      // @ts-expect-error The Rust side sends only the types of EVENTS, whose sets are all there.
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
  async #key() {
    const m = this.#m;
    if (m.n) m.j = await m.k().catch(() => null);
  }
  async buildAuthorizeUrl(options) {
    await this.#key();
    return super.buildAuthorizeUrl(options);
  }
  async loginWithRedirect(options) {
    await this.#key();
    return super.loginWithRedirect(options);
  }
  getAccessToken(options) {
    const m = this.#m;
    if (m.t !== undefined && !(options && options.forceRefresh) && Date.now() < m.e) return Promise.resolve(m.t);
    return super.getAccessToken(options);
  }
}
