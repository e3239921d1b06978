// The whole local dev backend: authorization server (oidc-provider), partner
// API stand-in and static server for www/ + pkg/, each on its own loopback
// origin, like production's separate hosts.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

import { createProvider, DEFAULT_AUDIENCE } from './provider.mjs';
import { createPartnerApi } from './partner-api.mjs';
import { createStaticServer } from './static.mjs';

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
 * answers (until the backend closes), /__test/status/N answers N.
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
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors });
  res.end(JSON.stringify({
    method: req.method,
    contentType: req.headers['content-type'] ?? null,
    authorization: req.headers.authorization ?? null,
    body: Buffer.concat(chunks).toString('utf8'),
  }));
}

function newStats() {
  return {
    routes: {},
    /** Every token request: { grant_type, format, refresh_token_sha256 } */
    token: [],
    /** sha256 of every refresh token the provider issued, in order */
    issuedRefreshTokens: [],
    apiRejected: [],
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
    clients: [{
      client_id: CLIENT_ID,
      redirect_uris: [`${appOrigin}/`, `${appOrigin}/harness.html`],
      post_logout_redirect_uris: [`${appOrigin}/`],
    }],
  });
  if (quiet) provider.on('server_error', () => {});
  providerServer.on('request', provider.callback());

  const api = createPartnerApi({
    issuer,
    jwksUrl: `${issuer}.well-known/jwks.json`,
    audience: DEFAULT_AUDIENCE,
    appOrigins,
    stats,
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
  appServer.on('request', (req, res) => {
    if (req.url.startsWith('/__test/')) return testEndpoint(req, res, hanging);
    if (req.url === '/__admin/stats') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify(stats));
    }
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
    async close() {
      for (const res of hanging) res.destroy();
      for (const s of servers) s.closeAllConnections?.();
      await Promise.all(servers.map((s) => new Promise((ok) => s.close(() => ok()))));
    },
  };
}
