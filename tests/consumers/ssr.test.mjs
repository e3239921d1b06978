// Server-side rendering: importing the package in Node does not throw and
// touches no browser global; constructing before init() is not_initialized;
// constructing with the default storage (sessionStorage) is a clear
// invalid_config, and with storage: 'memory' it works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { root, run } from './helpers.mjs';

const BROWSER_GLOBALS = ['window', 'document', 'location', 'history', 'navigator', 'self', 'sessionStorage', 'localStorage', 'indexedDB', 'customElements'];

const script = `
const touched = [];
for (const name of ${JSON.stringify(BROWSER_GLOBALS)}) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
}
const sdk = await import(${JSON.stringify(join(root, 'pkg/index.js'))});
await import(${JSON.stringify(join(root, 'pkg/partner.js'))});
const result = { touched: [...touched], exports: Object.keys(sdk).sort() };
const attempt = (f) => { try { f(); return { ok: true }; } catch (e) { return { instance: e instanceof sdk.ZaehlerfreundeAuthError, error: e.error, reason: e.reason, message: e.message }; } };
const config = { clientId: 'c', redirectUri: 'https://app.example/' };
result.beforeInit = attempt(() => new sdk.ZaehlerfreundeAuth(config));
const { readFileSync } = await import('node:fs');
sdk.initSync({ module: readFileSync(${JSON.stringify(join(root, 'pkg/zaehlerfreunde_auth_bg.wasm'))}) });
result.defaultStorage = attempt(() => new sdk.ZaehlerfreundeAuth(config));
result.memory = attempt(() => new sdk.ZaehlerfreundeAuth({ ...config, storage: 'memory' }).isAuthenticated());
console.log(JSON.stringify(result));
`;

test('import in Node touches no browser global; construction fails clearly, and works with memory storage', async () => {
  const out = await run(process.execPath, ['--input-type=module', '-e', script]);
  const result = JSON.parse(/** @type {string} */ (out.trim().split('\n').pop()));
  assert.deepEqual(result.touched, []);
  assert.deepEqual(result.exports, ['ZaehlerfreundeAuth', 'ZaehlerfreundeAuthError', 'createZaehlerfreundeAuth', 'default', 'initSync', 'isZaehlerfreundeAuthError']);
  assert.equal(result.beforeInit.instance, true);
  assert.equal(result.beforeInit.error, 'not_initialized');
  assert.match(result.beforeInit.message, /await init\(\).*createZaehlerfreundeAuth/);
  assert.equal(result.defaultStorage.instance, true);
  assert.equal(result.defaultStorage.error, 'invalid_config');
  assert.equal(result.defaultStorage.reason, 'storage');
  assert.deepEqual(result.memory, { ok: true });
});

// zaehlerfreunde-auth/vue rendered on the server (Vue's renderToString): the
// plugin installs and the state is 'loading', and stays so after the router
// guard (which lets the navigation through); of the browser globals, the
// package's code reads only window, once, to see that it is not there (Vue's
// own checks aside), so the module is not loaded and nothing else is touched.
const vueScript = `
const touched = [];
for (const name of ${JSON.stringify(BROWSER_GLOBALS)}) {
  Object.defineProperty(globalThis, name, { configurable: true, get() {
    if (new Error().stack.includes(${JSON.stringify(join(root, 'pkg'))})) touched.push(name);
    return undefined;
  } });
}
const { createSSRApp, h } = await import('vue');
const { renderToString } = await import('vue/server-renderer');
const { authGuard, createZaehlerfreundeAuthPlugin, useAuth } = await import(${JSON.stringify(join(root, 'pkg/vue.js'))});
const app = createSSRApp({ setup() { const { state } = useAuth(); return () => h('p', { 'data-state': state.value.status }); } });
app.use(createZaehlerfreundeAuthPlugin({ clientId: 'c' }));
const html = await renderToString(app);
const guard = await app.runWithContext(() => authGuard({ fullPath: '/spaces' }));
const after = app.runWithContext(() => useAuth().state.value.status);
console.log(JSON.stringify({ touched, html, guard, after }));
`;

test('zaehlerfreunde-auth/vue on the server: renders loading, uses no browser global', async () => {
  const out = await run(process.execPath, ['--input-type=module', '-e', vueScript], { cwd: root });
  const result = JSON.parse(/** @type {string} */ (out.trim().split('\n').pop()));
  // window: the plugin's check, then the guard's, which lets the server's
  // navigation through without starting the client.
  assert.deepEqual(result, { touched: ['window', 'window'], html: '<p data-state="loading"></p>', guard: true, after: 'loading' });
});
