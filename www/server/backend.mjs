// The whole local dev backend: authorization server (oidc-provider), partner
// API stand-in and static server for www/ + pkg/, each on its own loopback
// origin, like production's separate hosts.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

import { createProvider, DEFAULT_AUDIENCE } from './provider.mjs';
import { createPartnerApi } from './partner-api.mjs';
import { createStaticServer } from './static.mjs';
import { createFaults, FAULT_KINDS } from './faults.mjs';

const HOST = '127.0.0.1';
export const CLIENT_ID = 'zaehlerfreunde-local-demo';

function listen(server, port) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, HOST, () => ok(server.address().port));
  });
}

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
 *   POST /__admin/provider {up: boolean}     stop/start the provider's listener
 *   POST /__admin/settings {rotateRefreshTokens?, accessTokenTtl?}
 *   POST /__admin/reset                      disarm all, provider up, settings back
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

function newStats() {
  return {
    routes: {},
    /** Every token request: { grant_type, format, refresh_token_sha256 } */
    token: [],
    /** sha256 of every refresh token the provider issued, in order */
    issuedRefreshTokens: [],
    apiRejected: [],
    /** How often a spent (rotated-away) refresh token was presented. */
    reuseDetected: 0,
    /** How often the token endpoint answered invalid_grant. */
    invalidGrants: 0,
    count(key) {
      this.routes[key] = (this.routes[key] ?? 0) + 1;
    },
  };
}

/**
 * Starts everything. Ports 0 pick free ones (tests); `make demo` uses fixed ports.
 * @returns the URLs, the request statistics and `close()`.
 */
export async function startBackend({ appPort = 0, providerPort = 0, apiPort = 0, accessTokenTtl = 300, quiet = true } = {}) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const stats = newStats();
  const faults = createFaults();
  const appServer = createServer();
  const providerServer = createServer();
  const apiServer = createServer();
  const appOrigin = `http://${HOST}:${await listen(appServer, appPort)}`;
  const issuer = `http://${HOST}:${await listen(providerServer, providerPort)}/`;
  const apiOrigin = `http://${HOST}:${await listen(apiServer, apiPort)}`;
  const appOrigins = [appOrigin];

  const { provider, settings } = createProvider({
    issuer,
    appOrigins,
    accessTokenTtl,
    stats,
    faults,
    clients: [{
      client_id: CLIENT_ID,
      redirect_uris: [
        `${appOrigin}/`, `${appOrigin}/harness.html`, `${appOrigin}/test-page.html`,
        ...['ours', 'ours-preload', 'ours-inline', 'auth0', 'oidc', 'baseline'].map((app) => `${appOrigin}/bench/${app}.html`),
      ],
      post_logout_redirect_uris: [`${appOrigin}/`],
    }],
  });
  if (quiet) provider.on('server_error', () => {});
  providerServer.on('request', provider.callback());
  const providerPortNumber = Number(new URL(issuer).port);
  // Connection refused: stop the listener (and drop kept-alive connections).
  const provider_ = {
    up: true,
    async stop() {
      if (!this.up) return;
      this.up = false;
      await new Promise((ok) => {
        providerServer.close(() => ok());
        providerServer.closeAllConnections();
      });
    },
    async start() {
      if (this.up) return;
      await listen(providerServer, providerPortNumber);
      this.up = true;
    },
  };

  const api = createPartnerApi({
    issuer,
    jwksUrl: `${issuer}.well-known/jwks.json`,
    audience: DEFAULT_AUDIENCE,
    appOrigins,
    stats,
    faults,
  });
  apiServer.on('request', (req, res) => api.emit('request', req, res));

  const localConfig = () => ({
    clientId: CLIENT_ID,
    redirectUri: `${appOrigin}/`,
    authorizeUrl: `${issuer}authorize`,
    tokenUrl: `${issuer}oauth/token`,
    logoutUrl: `${issuer}v2/logout`,
    audience: DEFAULT_AUDIENCE,
    apiBaseUrl: `${apiOrigin}/partner`,
  });
  const statics = createStaticServer({ root, localConfig });
  const hanging = new Set();
  const control = {
    faults,
    provider: provider_,
    settings,
    async reset() {
      faults.reset();
      await provider_.start();
      settings.rotateRefreshTokens = true;
      settings.accessTokenTtl = accessTokenTtl;
    },
  };
  appServer.on('request', (req, res) => {
    if (req.url.startsWith('/__test/')) return testEndpoint(req, res, hanging);
    if (req.url.startsWith('/__admin/')) return adminEndpoint(req, res, stats, control);
    statics.emit('request', req, res);
  });

  const servers = [appServer, providerServer, apiServer];
  return {
    appOrigin,
    appUrl: `${appOrigin}/`,
    issuer,
    apiOrigin,
    clientId: CLIENT_ID,
    localConfig,
    stats,
    settings,
    faults,
    provider: provider_,
    reset: () => control.reset(),
    async close() {
      for (const res of hanging) res.destroy();
      faults.closeHanging();
      await provider_.start().catch(() => {});
      for (const s of servers) s.closeAllConnections?.();
      await Promise.all(servers.map((s) => new Promise((ok) => s.close(() => ok()))));
    },
  };
}
