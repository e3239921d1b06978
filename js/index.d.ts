// The package's types, pkg/index.d.ts (.ci/build-pkg copies this file there
// without this header): those of the wasm-bindgen module, and of the
// ZaehlerfreundeAuth that index.js subclasses from it (adding `on`).
import { ZaehlerfreundeAuth as Wasm, ZaehlerfreundeAuthEvents } from './zaehlerfreunde_auth.js';

export * from './zaehlerfreunde_auth.js';
export { default } from './zaehlerfreunde_auth.js';

/** Signs users in to Zählerfreunde and calls the partner API with fresh tokens. */
export declare class ZaehlerfreundeAuth extends Wasm {
  /** The partner API's base URL (the `apiBaseUrl` option, normalized): the token goes nowhere else. */
  readonly apiBaseUrl: string;
  /** Calls `listener` on each `type` event; returns the function that removes it. */
  on<K extends keyof ZaehlerfreundeAuthEvents>(
    type: K,
    listener: (detail: ZaehlerfreundeAuthEvents[K]) => void,
  ): () => void;
}
