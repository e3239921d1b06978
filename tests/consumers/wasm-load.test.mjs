// Loading the module, when it fails: every way is one wasm_load_failed (a
// ZaehlerfreundeAuthError) naming the URL tried and what came instead, in
// Chromium: the file not found (404), an HTML page instead of the wasm (an
// SPA's fallback), bytes that do not compile, a fetch that fails (nothing
// listening). After a failure, a right URL still loads. In Node (a server
// render), createZaehlerfreundeAuth rejects with browser_only and init()
// with wasm_load_failed, never a TypeError from the glue.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import { freePort, root, run } from './helpers.mjs';

const PAGE = '<!doctype html><html><head><title>app</title></head><body><div id="root"></div></body></html>';
const env = {};
before(async () => {
  env.server = createServer((req, res) => {
    const path = new URL(/** @type {string} */ (req.url), 'http://x').pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (path === '/missing.wasm') return send(404, 'text/plain', 'not found');
    if (path === '/garbage.wasm') return send(200, 'application/wasm', 'not a module at all');
    const file = { '/index.js': 'index.js', '/zaehlerfreunde_auth.js': 'zaehlerfreunde_auth.js', '/right.wasm': 'zaehlerfreunde_auth_bg.wasm' }[path];
    if (file) return send(200, file.endsWith('.js') ? 'text/javascript' : 'application/wasm', readFileSync(join(root, 'pkg', file)));
    // An SPA's fallback: the page for every other path, the default .wasm URL too.
    return send(200, 'text/html; charset=utf-8', PAGE);
  });
  env.port = await freePort();
  await new Promise((ok) => env.server.listen(env.port, '127.0.0.1', ok));
  env.origin = `http://127.0.0.1:${env.port}`;
  env.closed = `http://127.0.0.1:${await freePort()}/zaehlerfreunde_auth_bg.wasm`;
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  env.server?.close();
});

test('in Chromium: not found, HTML, not compiling, no server: wasm_load_failed naming the URL; then a right URL loads', async () => {
  const page = await env.browser.newPage();
  try {
    await page.goto(`${env.origin}/`);
    const results = await page.evaluate(async (closed) => {
      const sdk = await import('/index.js');
      const attempt = async (input) => {
        try {
          await sdk.createZaehlerfreundeAuth({ clientId: 'c', redirectUri: `${location.origin}/` }, input);
          return { ok: true };
        } catch (e) {
          return { instance: e instanceof sdk.ZaehlerfreundeAuthError, error: e.error, description: e.error_description };
        }
      };
      return {
        byDefault: await attempt(),
        notFound: await attempt({ module_or_path: '/missing.wasm' }),
        html: await attempt({ module_or_path: new URL('/app/route', location.href) }),
        garbage: await attempt({ module_or_path: '/garbage.wasm' }),
        noServer: await attempt({ module_or_path: closed }),
        right: await attempt({ module_or_path: '/right.wasm' }),
      };
    }, env.closed);
    const fixes = /: pass the \.wasm's URL \(Vite: \?url\) as module_or_path, served as application\/wasm/;
    for (const name of ['byDefault', 'notFound', 'html', 'garbage', 'noServer']) {
      assert.equal(results[name].instance, true, name);
      assert.equal(results[name].error, 'wasm_load_failed', name);
      assert.match(results[name].description, fixes, name);
    }
    assert.match(results.byDefault.description, new RegExp(`^${env.origin}/zaehlerfreunde_auth_bg\\.wasm \\(text/html; charset=utf-8, not wasm: <!doctype html><html><head><title>app`));
    assert.match(results.notFound.description, new RegExp(`^${env.origin}/missing\\.wasm \\(HTTP 404\\)`));
    assert.match(results.html.description, new RegExp(`^${env.origin}/app/route \\(text/html; charset=utf-8, not wasm: <!doctype html>`));
    assert.match(results.garbage.description, new RegExp(`^${env.origin}/garbage\\.wasm \\(CompileError: WebAssembly\\.instantiateStreaming\\(\\): expected magic word`));
    assert.match(results.noServer.description, new RegExp(`^${env.closed.replace(/\./g, '\\.')} \\(TypeError: Failed to fetch\\)`));
    assert.deepEqual(results.right, { ok: true });
  } finally {
    await page.close();
  }
});

const script = `
const sdk = await import(${JSON.stringify(join(root, 'pkg/index.js'))});
const attempt = async (f) => { try { await f(); return { ok: true }; } catch (e) { return { instance: e instanceof sdk.ZaehlerfreundeAuthError, error: e.error, description: e.error_description }; } };
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(String(e)));
const result = {
  create: await attempt(() => sdk.createZaehlerfreundeAuth({ clientId: 'c', redirectUri: 'https://app.example/' })),
  init: await attempt(() => sdk.default()),
};
await new Promise((ok) => setTimeout(ok, 10));
console.log(JSON.stringify({ ...result, unhandled }));
`;

test('in Node: createZaehlerfreundeAuth is browser_only, init() a wasm_load_failed naming the file URL', async () => {
  const out = await run(process.execPath, ['--input-type=module', '-e', script]);
  const result = JSON.parse(/** @type {string} */ (out.trim().split('\n').pop()));
  assert.deepEqual(result.create, { instance: true, error: 'browser_only', description: 'the client runs in a browser only' });
  assert.equal(result.init.instance, true);
  assert.equal(result.init.error, 'wasm_load_failed');
  assert.match(result.init.description, new RegExp(`^file://${join(root, 'pkg/zaehlerfreunde_auth_bg.wasm')} \\(TypeError: fetch failed\\)`));
  assert.deepEqual(result.unhandled, []);
});
