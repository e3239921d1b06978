// A page for scripted tests: loads the SDK and exposes `window.auth`, built
// from the local backend's config, redirectUri = this page, and any overrides
// a test put in sessionStorage['harness:overrides'] — or from the whole
// config a test put in sessionStorage['harness:config'] instead.
import init, { ZaehlerfreundeAuth } from '/pkg/index.js';

await init();
window.ZaehlerfreundeAuth = ZaehlerfreundeAuth;
window.localConfig = await (await fetch('/local-config.json')).json();
window.makeAuth = (overrides = {}) => new ZaehlerfreundeAuth({
  ...(JSON.parse(sessionStorage.getItem('harness:config')) ?? {
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
  } catch (e) {
    const retryAfter = e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter };
    return { error: e.error, error_description: e.error_description, ...retryAfter, name: e.name, isError: e instanceof Error };
  }
};
window.auth = window.makeAuth();
document.body.dataset.ready = 'true';
