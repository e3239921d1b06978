// A page for scripted tests: loads the SDK and exposes `window.auth`, built
// from the local backend's config, redirectUri = this page, and any overrides
// a test put in sessionStorage['harness:overrides'] — or from the whole
// config a test put in sessionStorage['harness:config'] instead.
import init, { ZaehlerfreundeAuth } from '/pkg/index.js';

const wasm = await init();
window.ZaehlerfreundeAuth = ZaehlerfreundeAuth;
/** The size of the SDK's WebAssembly memory now, in bytes (it never shrinks); its export's name is minified. */
const memory = /** @type {WebAssembly.Memory} */ (Object.values(wasm).find((e) => e instanceof WebAssembly.Memory));
window.wasmMemoryBytes = () => memory.buffer.byteLength;
window.localConfig = await (await fetch('/local-config.json')).json();
window.makeAuth = (overrides = {}) => new ZaehlerfreundeAuth({
  ...(JSON.parse(sessionStorage.getItem('harness:config') ?? 'null') ?? {
    ...window.localConfig,
    redirectUri: `${location.origin}/harness.html`,
  }),
  ...JSON.parse(sessionStorage.getItem('harness:overrides') ?? '{}'),
  ...overrides,
});
/** Runs a promise-returning function; resolves to its value or to the error's fields. */
window.settle = async (f) => {
  try {
    return { ok: await f() };
  } catch (thrown) {
    const e = /** @type {Partial<import('/pkg/index.js').ZaehlerfreundeAuthError>} */ (thrown);
    const retryAfter = e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter };
    const reason = e.reason === undefined ? {} : { reason: e.reason };
    return { error: e.error, error_description: e.error_description, ...reason, ...retryAfter, name: e.name, isError: e instanceof Error };
  }
};
/** Starts `settle(f)` without waiting: its outcome lands in `window.__outcome`. */
window.begin = (f) => {
  window.__outcome = undefined;
  window.settle(f).then((o) => { window.__outcome = o; });
};
window.auth = window.makeAuth();
document.body.dataset.ready = 'true';
