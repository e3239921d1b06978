// For the type check of js/index.js only (checkjs/entry.json; not shipped):
// the token mirror, the contract between the Rust side and js/index.js (whose
// header describes each field), as the getter `__tokenMirror` that the
// generated .d.ts leaves out (skip_typescript in src/api.rs).
import type { ZaehlerfreundeAuthError } from '../js/index.js';

interface Mirror {
  /** The access token; undefined without a session. Written by the Rust side (src/web/mirror.rs). */
  t: string | undefined;
  /** Epoch ms until which `t` may be handed out without a refresh; 0 without a session. */
  e: number;
  /** The partner API's base URL (apiBaseUrl, normalized), set once. */
  b: string;
  /** The event sink, set by index.js: the Rust side calls it for each event, and with debug: true for each step. */
  s?: (type: string, detail: ZaehlerfreundeAuthError | string | undefined) => void;
}

/** A client without DPoP. */
interface BearerMirror extends Mirror {
  n?: undefined;
}

/** A client with dpop: true (src/web/dpop_key.rs); index.js sets k, g, d and x at construction. */
interface DpopMirror extends Mirror {
  /** The key's IndexedDB name; null: in this page's memory only. */
  n: string | null;
  /** The public key's [x, y] (made if there is none). */
  k: () => Promise<[string | undefined, string | undefined]>;
  /** The ES256 signature of the text. */
  g: (input: string) => Promise<ArrayBuffer>;
  /** Forgets this page's copy of the key. */
  d: () => void;
  /** Deletes the key (from IndexedDB, when it is there). */
  x: () => unknown;
  /** The public [x, y], loaded before each authorize URL (null when it cannot be). */
  j?: [string | undefined, string | undefined] | null;
}

export type TokenMirror = BearerMirror | DpopMirror;

declare module '../pkg/zaehlerfreunde_auth.js' {
  interface ZaehlerfreundeAuth {
    /** The instance's token mirror, the same object for its whole life (src/api.rs). */
    readonly __tokenMirror: TokenMirror;
  }
}
