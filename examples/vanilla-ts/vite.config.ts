import { defineConfig } from 'vite';
import { zaehlerfreundeAuth } from 'zaehlerfreunde-auth/vite';

// The plugin announces the SDK's .wasm in the built index.html (a preload
// that init() reuses), so it downloads while the JS loads.
export default defineConfig({ plugins: [zaehlerfreundeAuth()] });
