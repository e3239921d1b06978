// zaehlerfreunde-auth with the WebAssembly inlined into the bundle (esbuild's
// binary loader): no second request at cold start, but base64 in the JS.
// A variant for the streaming-vs-inline comparison, not what pkg/ ships.
import wasm from '../../pkg/zaehlerfreunde_auth_bg.wasm';
import { harness } from './common.js';
import { oursSdk } from './ours-sdk.js';

// The bytes, as esbuild's binary loader imports them (to tsc, the .d.ts beside
// the .wasm, wasm-bindgen's, which describes the instance's exports).
harness((cfg) => oursSdk(cfg, /** @type {Uint8Array} */ (/** @type {unknown} */ (wasm))));
