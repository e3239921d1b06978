// A plain HTML page with <script type="module"> and no bundler
// (examples/plain-html): the package's files, unpacked from the tarball,
// served beside it at ./zaehlerfreunde-auth/, under the recommended
// Content-Security-Policy; the dev backend's printed config as ./config.json.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import { contentSecurityPolicy } from '../../www/server/static.mjs';
import {
  assertWasmPreloaded, coldLoad, freePort, logInAndListSpaces, root, run, sdkTarball, startDevBackendCli,
} from './helpers.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
const env = {};
before(async () => {
  env.unpacked = mkdtempSync(join(tmpdir(), 'zfa-plain-'));
  await run('tar', ['xzf', sdkTarball, '-C', env.unpacked]);
  env.port = await freePort();
  env.origin = `http://127.0.0.1:${env.port}`;
  env.backend = await startDevBackendCli([env.origin]);
  const page = join(root, 'examples/plain-html');
  const csp = contentSecurityPolicy([new URL(env.backend.config.authorizeUrl).origin, new URL(env.backend.config.apiBaseUrl).origin]);
  env.server = createServer((req, res) => {
    const path = new URL(/** @type {string} */ (req.url), env.origin).pathname;
    if (path === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(env.backend.config));
    }
    const file = path.startsWith('/zaehlerfreunde-auth/')
      ? normalize(join(env.unpacked, 'package', path.slice('/zaehlerfreunde-auth/'.length)))
      : normalize(join(page, path === '/' ? 'index.html' : path));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => env.server.listen(env.port, '127.0.0.1', ok));
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  env.server?.close();
  await env.backend?.stop();
  if (env.unpacked) rmSync(env.unpacked, { recursive: true, force: true });
});

test('no bundler, the recommended CSP: logged in, a token, GET /spaces', async () => {
  await logInAndListSpaces(env.browser, `${env.origin}/`);
});

test('no bundler: the page\'s one preload line starts the wasm from the HTML, and init() reuses it (one request)', async () => {
  const sent = await coldLoad(env.browser, `${env.origin}/`);
  assert.equal(assertWasmPreloaded(sent), `${env.origin}/zaehlerfreunde-auth/zaehlerfreunde_auth_bg.wasm`);
});
