#!/usr/bin/env node
// zaehlerfreunde-dev-backend: the local Auth0-like authorization server and
// the partner-API stand-in for your own app (see README.md here).
import { parseArgs } from 'node:util';

const HELP = `Usage: zaehlerfreunde-dev-backend [options]

Runs a local authorization server that behaves like Zählerfreunde's Auth0
tenant, and a stand-in of the partner API, on 127.0.0.1, for your app.

  --app-origin URL     your app's origin, for CORS (repeatable; env ZFA_APP_ORIGINS,
                       space- or comma-separated). Default: the common dev servers'
                       on localhost and 127.0.0.1: Vite's dev (5173) and preview
                       (4173), Next.js and Create React App (3000), Angular (4200)
  --redirect-uri URL   an allowed redirectUri (repeatable; env ZFA_REDIRECT_URIS).
                       Default: each app origin + "/"
  --logout-uri URL     an allowed logout returnTo (repeatable; env ZFA_LOGOUT_URIS).
                       Default: each app origin + "/"
  --client-id ID       the client id (env ZFA_CLIENT_ID; default zaehlerfreunde-local-demo)
  --provider-port N    the authorization server's port (env ZFA_PROVIDER_PORT; default 4400)
  --api-port N         the partner API's port (env ZFA_API_PORT; default 4401)
  --access-token-ttl S access-token lifetime in seconds (env ZFA_ACCESS_TOKEN_TTL; default 300)
  --dpop[=MODE]        DPoP (RFC 9449) (env ZFA_DPOP): --dpop (on) binds tokens to the
                       proof's key when the app sends one, --dpop=required refuses apps
                       that do not; default off (Bearer tokens only)
  --dpop-nonce         both servers demand a DPoP nonce (env ZFA_DPOP_NONCE=1; needs --dpop)
  -h, --help           this text

Log in with any name (e.g. "anna") and any password.`;

/** @type {(message: string) => never} */
const fail = (message) => {
  console.error(`zaehlerfreunde-dev-backend: ${message}`);
  process.exit(2);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      'app-origin': { type: 'string', multiple: true },
      'redirect-uri': { type: 'string', multiple: true },
      'logout-uri': { type: 'string', multiple: true },
      'client-id': { type: 'string' },
      'provider-port': { type: 'string' },
      'api-port': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      dpop: { type: 'string' },
      'dpop-nonce': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    // A bare --dpop means on.
    args: process.argv.slice(2).map((a) => (a === '--dpop' ? '--dpop=on' : a)),
  }));
} catch (e) {
  fail(`${e.message} (see --help)`);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** A flag's values, else the environment variable's (space- or comma-separated). */
const list = (flag, variable) => values[flag] ?? process.env[variable]?.split(/[\s,]+/).filter(Boolean);
const number = (flag, variable, fallback) => {
  const text = values[flag] ?? process.env[variable] ?? String(fallback);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--${flag} (${variable}) must be a whole number, not "${text}"`);
  return n;
};
const url = (what) => (text) => {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return what === 'origin' ? u.origin : u.href;
  } catch {
    return fail(`"${text}" is not an http(s) ${what === 'origin' ? 'origin' : 'URL'}`);
  }
};

// Vite's dev and preview servers, Next.js and Create React App, Angular.
const DEV_PORTS = [5173, 4173, 3000, 4200];
const appOrigins = (list('app-origin', 'ZFA_APP_ORIGINS')
  ?? DEV_PORTS.flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`])).map(url('origin'));
const redirectUris = (list('redirect-uri', 'ZFA_REDIRECT_URIS') ?? appOrigins.map((o) => `${o}/`)).map(url('url'));
const logoutUris = (list('logout-uri', 'ZFA_LOGOUT_URIS') ?? appOrigins.map((o) => `${o}/`)).map(url('url'));

const dpop = values.dpop ?? (process.env.ZFA_DPOP || 'off');
if (!['off', 'on', 'required'].includes(dpop)) fail(`--dpop (ZFA_DPOP) must be on, required or off, not "${dpop}"`);
const dpopNonce = values['dpop-nonce'] ?? ['1', 'true', 'on'].includes(process.env.ZFA_DPOP_NONCE ?? '');
if (dpopNonce && dpop === 'off') fail('--dpop-nonce (ZFA_DPOP_NONCE) needs --dpop or --dpop=required');

// Imported once the arguments are read: oidc-provider prints its warnings on import.
const { startDevBackend } = await import('./index.mjs');
let backend;
try {
  backend = await startDevBackend({
    appOrigins,
    redirectUris,
    logoutUris,
    clientId: values['client-id'] ?? process.env.ZFA_CLIENT_ID ?? undefined,
    providerPort: number('provider-port', 'ZFA_PROVIDER_PORT', 4400),
    apiPort: number('api-port', 'ZFA_API_PORT', 4401),
    portSettings: { provider: 'ZFA_PROVIDER_PORT (or --provider-port)', api: 'ZFA_API_PORT (or --api-port)' },
    accessTokenTtl: number('access-token-ttl', 'ZFA_ACCESS_TOKEN_TTL', 300) || 300,
    dpop,
    dpopNonce,
    quiet: false,
    // The error pages name these flags, and print what they say here too.
    errorPage: {
      settings: {
        appOrigin: (origin) => `--app-origin ${origin} (or ZFA_APP_ORIGINS="${origin}")`,
        redirectUri: (uri) => `--redirect-uri ${uri} (or ZFA_REDIRECT_URIS="${uri}")`,
        clientId: (id) => `--client-id ${id} (or ZFA_CLIENT_ID=${id})`,
      },
      log: (text) => console.error(`zaehlerfreunde-dev-backend: ${text}`),
    },
  });
} catch (e) {
  if (e.name !== 'PortInUse') throw e;
  fail(e.message);
}

const { redirectUri: _, ...config } = backend.config();
console.log(`zaehlerfreunde dev backend
  client id:            ${backend.clientId}
  authorization server: ${backend.issuer}   (log in with any name, e.g. "anna", any password)
  partner API:          ${config.apiBaseUrl}
  app origins (CORS):   ${appOrigins.join(' ')}
  redirect URIs:        ${redirectUris.join(' ')}
  logout URIs:          ${logoutUris.join(' ')}
${dpop === 'off' ? '' : `  DPoP:                 ${dpop}${dpopNonce ? ', nonces demanded' : ''}\n`}
The SDK config for it (add your redirectUri, one of the above):
${JSON.stringify(config)}

Ctrl-C stops it.`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await backend.close();
    process.exit(0);
  });
}
