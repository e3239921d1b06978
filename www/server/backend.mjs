// The dev backend for the demo and this repository's tests: the
// authorization server and the partner-API stand-in of dev-backend/, with
// the demo's origin, plus the app server on a third loopback origin that
// serves www/ and pkg/, the admin endpoint and the browser-shell test
// endpoints.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

import { CLIENT_ID, listen, startDevBackend } from '../../dev-backend/index.mjs';
import { FAULT_KINDS } from '../../dev-backend/faults.mjs';
import { createStaticServer } from './static.mjs';

/**
 * Whether a request for the control endpoints (/__admin/*, /__test/*) may be
 * served, so that neither a web page the developer visits nor a host name
 * rebound to 127.0.0.1 can drive or read them: the Host is the served one, and
 * the Origin, when the browser sends one (every cross-origin request, and
 * same-origin POSTs), is one of `origins`. With `json`, a POST's body must be
 * declared `application/json`, a type no page can send cross-origin without a
 * preflight (which the Origin check refuses).
 */
function allowed(req, host, origins, json) {
  const origin = req.headers.origin;
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  return req.headers.host === host
    && (origin === undefined || origins.includes(origin))
    && !(json && req.method === 'POST' && type !== 'application/json');
}

/**
 * Endpoints for the browser-shell tests (wasm-bindgen-test), callable from the
 * app's origin and the test runner's (`testOrigins`), nothing else:
 * /__test/echo answers with what it received, /__test/hang never answers
 * (until the backend closes), /__test/status/N answers N (with the query's
 * `retry-after` as an exposed Retry-After header), /__test/bytes/N answers N
 * bytes of `x` in 4 KiB writes, with a Content-Length (`?declared`) or
 * chunked (`?chunked`). Any body type: they echo
 * what the SDK sends (a form-encoded token request, for one).
 */
async function testEndpoint(req, res, hanging, origin) {
  const cors = origin === undefined ? {} : {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
    'Access-Control-Allow-Methods': 'GET, POST',
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    return res.end();
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/__test/hang') {
    hanging.add(res);
    return;
  }
  const bytes = url.pathname.match(/^\/__test\/bytes\/(\d+)$/)?.[1];
  if (bytes !== undefined) {
    const n = Number(bytes);
    res.writeHead(200, { 'Content-Type': 'text/plain', ...cors, ...(url.searchParams.has('declared') ? { 'Content-Length': n } : {}) });
    for (let at = 0; at < n; at += 4096) res.write(Buffer.alloc(Math.min(4096, n - at), 'x'));
    return res.end();
  }
  const status = Number(url.pathname.match(/^\/__test\/status\/(\d{3})$/)?.[1] ?? 200);
  const retryAfter = url.searchParams.get('retry-after');
  const exposed = retryAfter === null ? {} : { 'Retry-After': retryAfter, 'Access-Control-Expose-Headers': 'Retry-After' };
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors, ...exposed });
  res.end(JSON.stringify({
    method: req.method,
    contentType: req.headers['content-type'] ?? null,
    authorization: req.headers.authorization ?? null,
    body: Buffer.concat(chunks).toString('utf8'),
  }));
}

/**
 * The admin endpoint, on the app's loopback origin, for tests and the demo's
 * fault panel (same-origin only, POST bodies as application/json; see `allowed`):
 *   GET  /__admin/stats                      request counts and token-request log
 *   GET  /__admin/faults                     armed faults and the kinds there are
 *   POST /__admin/faults   {target, kind, count}
 *   POST /__admin/faults/release             lets requests held by a hold fault go on
 *   POST /__admin/provider {up: boolean}     stop/start the provider's listener
 *   POST /__admin/settings {rotateRefreshTokens?, accessTokenTtl?, dpopNonce?}  (dpopNonce: with dpop on)
 *   POST /__admin/reset                      disarm all, provider up, settings and partner-API data back
 */
async function adminEndpoint(req, res, stats, control) {
  const reply = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  let body = {};
  if (req.method === 'POST') {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return reply(400, { message: 'body must be JSON' });
    }
  }
  try {
    if (req.method === 'GET' && path === '/__admin/stats') return reply(200, stats);
    if (req.method === 'GET' && path === '/__admin/faults') {
      return reply(200, { armed: control.faults.list(), kinds: FAULT_KINDS, providerUp: control.provider.up, settings: control.settings });
    }
    if (req.method === 'POST' && path === '/__admin/faults/release') {
      control.faults.release();
      return reply(200, { armed: control.faults.list() });
    }
    if (req.method === 'POST' && path === '/__admin/faults') {
      control.faults.arm(body.target, body.kind, body.count ?? 1);
      return reply(200, { armed: control.faults.list() });
    }
    if (req.method === 'POST' && path === '/__admin/provider') {
      await (body.up ? control.provider.start() : control.provider.stop());
      return reply(200, { providerUp: control.provider.up });
    }
    if (req.method === 'POST' && path === '/__admin/settings') {
      if (typeof body.rotateRefreshTokens === 'boolean') control.settings.rotateRefreshTokens = body.rotateRefreshTokens;
      if (Number.isInteger(body.accessTokenTtl) && body.accessTokenTtl > 0) control.settings.accessTokenTtl = body.accessTokenTtl;
      if (typeof body.dpopNonce === 'boolean' && 'dpopNonce' in control.settings) control.settings.dpopNonce = body.dpopNonce;
      return reply(200, control.settings);
    }
    if (req.method === 'POST' && path === '/__admin/reset') {
      await control.reset();
      return reply(200, { ok: true });
    }
  } catch (e) {
    return reply(400, { message: e.message });
  }
  return reply(404, { message: 'not found' });
}

/**
 * Starts everything. Ports 0 pick free ones (tests); `make demo` uses fixed ports.
 * `dpop`, `dpopNonce` and `dpopIatWindow` go to startDevBackend (dev-backend/README.md).
 * @param {object} [o]
 * @param {number} [o.appPort]
 * @param {number} [o.providerPort]
 * @param {number} [o.apiPort]
 * @param {number} [o.accessTokenTtl]  seconds
 * @param {boolean} [o.quiet]          no provider server_error logs
 * @param {string[]} [o.testOrigins]   origins besides the app's that /__test/* answers (the wasm tests' runner)
 * @param {string} [o.dpop]
 * @param {boolean} [o.dpopNonce]
 * @param {number} [o.dpopIatWindow]
 * @returns the URLs, the request statistics and `close()`.
 */
export async function startBackend({
  appPort = 0, providerPort = 0, apiPort = 0, accessTokenTtl = 300, quiet = true, testOrigins = [],
  dpop = 'off', dpopNonce = false, dpopIatWindow = 60,
} = {}) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const appServer = createServer();
  const appOrigin = `http://127.0.0.1:${await listen(appServer, appPort, 'ZFA_APP_PORT')}`;
  let dev;
  try {
    dev = await startDevBackend({
      appOrigins: [appOrigin],
      redirectUris: [
        `${appOrigin}/`, `${appOrigin}/harness.html`, `${appOrigin}/test-page.html`,
        ...['ours', 'ours-preload', 'ours-inline', 'auth0', 'oidc', 'baseline'].map((app) => `${appOrigin}/bench/${app}.html`),
      ],
      logoutUris: [`${appOrigin}/`],
      providerPort,
      apiPort,
      portSettings: { provider: 'ZFA_PROVIDER_PORT', api: 'ZFA_API_PORT' },
      accessTokenTtl,
      picture: `${appOrigin}/avatar.svg`,
      quiet,
      dpop,
      dpopNonce,
      dpopIatWindow,
    });
  } catch (e) {
    appServer.close();
    throw e;
  }
  const localConfig = () => dev.config(`${appOrigin}/`);
  const statics = createStaticServer({ root, localConfig });
  const hanging = new Set();
  const control = { faults: dev.faults, provider: dev.provider, settings: dev.settings, reset: () => dev.reset() };
  const host = new URL(appOrigin).host;
  const refuse = (res) => {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'control endpoints answer only the app origin (Host, Origin, a JSON body)' }));
  };
  appServer.on('request', (req, res) => {
    const path = /** @type {string} */ (req.url); // a server's request has one
    if (path.startsWith('/__test/')) {
      if (!allowed(req, host, [appOrigin, ...testOrigins], false)) return refuse(res);
      return testEndpoint(req, res, hanging, req.headers.origin);
    }
    if (path.startsWith('/__admin/')) {
      if (!allowed(req, host, [appOrigin], true)) return refuse(res);
      return adminEndpoint(req, res, dev.stats, control);
    }
    statics.emit('request', req, res);
  });

  return {
    appOrigin,
    appUrl: `${appOrigin}/`,
    issuer: dev.issuer,
    apiOrigin: dev.apiOrigin,
    clientId: CLIENT_ID,
    dpop,
    localConfig,
    stats: dev.stats,
    settings: dev.settings,
    faults: dev.faults,
    provider: dev.provider,
    reset: () => dev.reset(),
    /** How many /__test/hang requests have arrived so far. */
    hangRequests: () => hanging.size,
    async close() {
      for (const res of hanging) res.destroy();
      appServer.closeAllConnections?.();
      await Promise.all([dev.close(), /** @type {Promise<void>} */ (new Promise((ok) => appServer.close(() => ok())))]);
    },
  };
}
