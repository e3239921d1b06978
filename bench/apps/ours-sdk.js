// zaehlerfreunde-auth behind the harness's interface; `wasm` is where init()
// gets the module: a URL (streaming) or the bytes (inlined).
import init, { ZaehlerfreundeAuth } from '../../pkg/index.js';

/**
 * @param {import('./common.js').BenchConfig} cfg
 * @param {string | Uint8Array} wasm
 * @returns {Promise<import('./common.js').Sdk>}
 */
export async function oursSdk(cfg, wasm) {
  // When init() was called and resolved, for the cold start's parts (run.mjs).
  window.zfaInit = { start: performance.now() };
  await init({ module_or_path: wasm });
  window.zfaInit.end = performance.now();
  const auth = new ZaehlerfreundeAuth({
    clientId: cfg.clientId,
    redirectUri: cfg.redirectUri,
    authorizeUrl: cfg.authorizeUrl,
    tokenUrl: cfg.tokenUrl,
    audience: cfg.audience,
    apiBaseUrl: cfg.apiBaseUrl,
  });
  return {
    login: () => auth.loginWithRedirect(),
    isCallback: () => auth.isCallback(),
    handle: () => auth.handleRedirectCallback(),
    token: () => auth.getAccessToken(),
    refresh: () => auth.getAccessToken({ forceRefresh: true }),
  };
}
