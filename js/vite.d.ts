// Types of zaehlerfreunde-auth/vite (js/vite.js).
import type { Plugin } from 'vite';

/**
 * The Vite plugin: in `vite build`, puts `<link rel="preload" as="fetch"
 * type="application/wasm" crossorigin>` for the SDK's hashed `.wasm` at the
 * top of the built `index.html`, so the wasm downloads while the JS loads;
 * `init()` fetches the same URL and reuses it (one download). In `vite dev`,
 * and in a build without the SDK's wasm, it adds nothing. Throws nothing.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { zaehlerfreundeAuth } from 'zaehlerfreunde-auth/vite';
 * export default defineConfig({ plugins: [zaehlerfreundeAuth()] });
 * ```
 */
export declare function zaehlerfreundeAuth(): Plugin;
export default zaehlerfreundeAuth;
