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
 * Endpoints for the browser-shell tests (wasm-bindgen-test), callable from any
 * origin: /__test/echo answers with what it received, /__test/hang never
 * answers (until the backend closes), /__test/status/N answers N (with the
 * query's `retry-after` as an exposed Retry-After header).
 */
async function testEndpoint(req, res, hanging) {
  const cors = {
    'Access-Control-Allow-Origin': '*',
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
 * fault panel:
 *   GET  /__admin/stats                      request counts and token-request log
 *   GET  /__admin/faults                     armed faults and the kinds there are
 *   POST /__admin/faults   {target, kind, count}
 *   POST /__admin/faults/release             lets requests held by a hold fault go on
 *   POST /__admin/provider {up: boolean}     stop/start the provider's listener
 *   POST /__admin/settings {rotateRefreshTokens?, accessTokenTtl?}
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
 * @returns the URLs, the request statistics and `close()`.
 */
export async function startBackend({ appPort = 0, providerPort = 0, apiPort = 0, accessTokenTtl = 300, quiet = true } = {}) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const appServer = createServer();
  const appOrigin = `http://127.0.0.1:${await listen(appServer, appPort, 'APP_PORT')}`;
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
      portSettings: { provider: 'PROVIDER_PORT', api: 'API_PORT' },
      accessTokenTtl,
      picture: `${appOrigin}/avatar.svg`,
      quiet,
    });
  } catch (e) {
    appServer.close();
    throw e;
  }
  const localConfig = () => dev.config(`${appOrigin}/`);
  const statics = createStaticServer({ root, localConfig });
  const hanging = new Set();
  const control = { faults: dev.faults, provider: dev.provider, settings: dev.settings, reset: () => dev.reset() };
  appServer.on('request', (req, res) => {
    if (req.url.startsWith('/__test/')) return testEndpoint(req, res, hanging);
    if (req.url.startsWith('/__admin/')) return adminEndpoint(req, res, dev.stats, control);
    statics.emit('request', req, res);
  });

  return {
    appOrigin,
    appUrl: `${appOrigin}/`,
    issuer: dev.issuer,
    apiOrigin: dev.apiOrigin,
    clientId: CLIENT_ID,
    localConfig,
    stats: dev.stats,
    settings: dev.settings,
    faults: dev.faults,
    provider: dev.provider,
    reset: () => dev.reset(),
    async close() {
      for (const res of hanging) res.destroy();
      appServer.closeAllConnections?.();
      await Promise.all([dev.close(), new Promise((ok) => appServer.close(() => ok()))]);
    },
  };
}
