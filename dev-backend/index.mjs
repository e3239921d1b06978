// The local dev backend: an Auth0-like authorization server (oidc-provider,
// provider.mjs) and the partner-API stand-in (partner-api.mjs), each on its
// own loopback origin like production's separate hosts, for one public
// client whose origins, redirect URIs and logout URIs the caller names. The
// CLI (bin.mjs) runs it for a partner's app; www/server/backend.mjs runs it
// for the demo and the tests.
import { createServer } from 'node:http';

import { createProvider, DEFAULT_AUDIENCE, DPOP_MODES } from './provider.mjs';
import { createPartnerApi } from './partner-api.mjs';
import { createFaults } from './faults.mjs';

export const HOST = '127.0.0.1';
export const CLIENT_ID = 'zaehlerfreunde-local-demo';
export { DEFAULT_AUDIENCE, DPOP_MODES };

/** A port that is taken: its message is one line naming the setting to change. */
export class PortInUse extends Error {
  constructor(port, setting) {
    super(`port ${port} on ${HOST} is in use: set ${setting} to a free port`);
    this.name = 'PortInUse';
    this.code = 'EADDRINUSE';
  }
}

/** Listens on HOST:port; resolves to the port (a free one for 0). `setting` names the port in errors. */
export function listen(server, port, setting) {
  return new Promise((ok, fail) => {
    const onError = (e) => fail(e.code === 'EADDRINUSE' ? new PortInUse(port, setting) : e);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      ok(server.address().port);
    });
  });
}

function newStats() {
  return {
    routes: /** @type {Record<string, number>} */ ({}),
    /** Every token request. */
    token: /** @type {{ grant_type?: string, format: 'form' | 'json', refresh_token_sha256?: string }[]} */ ([]),
    /** sha256 of every refresh token the provider issued, in order */
    issuedRefreshTokens: /** @type {string[]} */ ([]),
    /** sha256 of every token presented to the revocation endpoint, in order */
    revokedRefreshTokens: /** @type {string[]} */ ([]),
    apiRejected: /** @type {string[]} */ ([]),
    /** How often a spent (rotated-away) refresh token was presented. */
    reuseDetected: 0,
    /** How often the token endpoint answered invalid_grant. */
    invalidGrants: 0,
    /**
     * In a DPoP mode, what each server made of each request, oldest first:
     * the token endpoint's { server: 'provider', grant_type, proof, ok, status,
     * token_type, error, reason (its error_description), nonce (a DPoP-Nonce
     * was sent back) } and the partner API's { server: 'api', method, path,
     * scheme, ok, error, reason, nonce } (partner-api.mjs names the reasons).
     */
    dpop: /** @type {Record<string, unknown>[]} */ ([]),
    /** @param {string} key */
    count(key) {
      this.routes[key] = (this.routes[key] ?? 0) + 1;
    },
  };
}

/**
 * Starts the authorization server and the partner API.
 * @param {object} o
 * @param {string[]} o.appOrigins      origins allowed by CORS (the app's)
 * @param {string[]} [o.redirectUris]  default: each origin + `/`
 * @param {string[]} [o.logoutUris]    allowed `returnTo` of /v2/logout; default: each origin + `/`
 * @param {number} [o.providerPort]    0 picks a free port
 * @param {number} [o.apiPort]
 * @param {string} [o.clientId]      the public client's id (default CLIENT_ID)
 * @param {{provider: string, api: string}} [o.portSettings]  what to name when a port is taken
 * @param {object} [o.errorPage]       { settings, log } for the error pages (error-page.mjs; default: name
 *   startDevBackend's options, log nothing)
 * @param {number} [o.accessTokenTtl]  seconds
 * @param {string} [o.picture]         the users' picture claim
 * @param {boolean} [o.quiet]          no provider server_error logs
 * @param {string} [o.dpop]            DPoP (RFC 9449): 'off' (default), 'on' or 'required' (DPOP_MODES)
 * @param {boolean} [o.dpopNonce]      both servers demand a DPoP nonce (settings.dpopNonce; needs dpop on)
 * @param {number} [o.dpopIatWindow]   seconds a partner-API proof's iat may be off without a nonce (default 60)
 * @returns the URLs, `config(redirectUri)` (the SDK config for this backend), the
 *   request statistics, settings, faults, provider up/down control, `reset()` and `close()`.
 */
export async function startDevBackend({
  appOrigins,
  redirectUris = appOrigins.map((o) => `${o}/`),
  logoutUris = appOrigins.map((o) => `${o}/`),
  clientId = CLIENT_ID,
  providerPort = 0,
  apiPort = 0,
  portSettings = { provider: 'the provider port', api: 'the partner-API port' },
  accessTokenTtl = 300,
  picture,
  quiet = true,
  errorPage,
  dpop = 'off',
  dpopNonce = false,
  dpopIatWindow = 60,
}) {
  if (!DPOP_MODES.includes(dpop)) throw new TypeError(`dpop must be one of ${DPOP_MODES.join(', ')}, not "${dpop}"`);
  if (dpopNonce && dpop === 'off') throw new TypeError('dpopNonce needs dpop "on" or "required"');
  const stats = newStats();
  const faults = createFaults();
  const providerServer = createServer();
  const apiServer = createServer();
  const servers = [providerServer, apiServer];
  let issuer;
  let apiOrigin;
  try {
    issuer = `http://${HOST}:${await listen(providerServer, providerPort, portSettings.provider)}/`;
    apiOrigin = `http://${HOST}:${await listen(apiServer, apiPort, portSettings.api)}`;
  } catch (e) {
    for (const s of servers) if (s.listening) s.close();
    throw e;
  }

  const { provider, settings } = createProvider({
    issuer,
    appOrigins,
    accessTokenTtl,
    stats,
    faults,
    picture,
    clients: [{ client_id: clientId, redirect_uris: redirectUris, post_logout_redirect_uris: logoutUris }],
    errorPage,
    dpop,
    dpopNonce,
  });
  if (quiet) provider.on('server_error', () => {});
  providerServer.on('request', provider.callback());
  const providerPortNumber = Number(new URL(issuer).port);
  // Connection refused: stop the listener (and drop kept-alive connections).
  const providerControl = {
    up: true,
    async stop() {
      if (!this.up) return;
      this.up = false;
      await /** @type {Promise<void>} */ (new Promise((ok) => {
        providerServer.close(() => ok());
        providerServer.closeAllConnections();
      }));
    },
    async start() {
      if (this.up) return;
      await listen(providerServer, providerPortNumber, portSettings.provider);
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
    settings,
    dpop,
    dpopIatWindow,
  });
  apiServer.on('request', (req, res) => api.emit('request', req, res));

  /** The SDK config for this backend (the production defaults replaced; `dpop: true` where DPoP is required). */
  const config = (redirectUri = redirectUris[0]) => ({
    clientId,
    redirectUri,
    authorizeUrl: `${issuer}authorize`,
    tokenUrl: `${issuer}oauth/token`,
    logoutUrl: `${issuer}v2/logout`,
    audience: DEFAULT_AUDIENCE,
    apiBaseUrl: `${apiOrigin}/partner`,
    ...(dpop === 'required' ? { dpop: true } : {}),
  });

  return {
    issuer,
    apiOrigin,
    clientId,
    dpop,
    appOrigins,
    redirectUris,
    logoutUris,
    config,
    stats,
    settings,
    faults,
    provider: providerControl,
    async reset() {
      faults.reset();
      api.resetData();
      await providerControl.start();
      settings.rotateRefreshTokens = true;
      settings.accessTokenTtl = accessTokenTtl;
      if (dpop !== 'off') settings.dpopNonce = dpopNonce;
    },
    async close() {
      faults.closeHanging();
      await providerControl.start().catch(() => {});
      for (const s of servers) s.closeAllConnections?.();
      await Promise.all(servers.map((s) => /** @type {Promise<void>} */ (new Promise((ok) => s.close(() => ok())))));
    },
  };
}
