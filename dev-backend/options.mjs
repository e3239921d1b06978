// The dev backend's settings from its flags and ZFA_* environment variables,
// read in one place for both launchers: `npx zaehlerfreunde-dev-backend`
// (bin.mjs) and the repository's `make demo` (www/server/main.mjs), so that
// both take the same ports and variables.
import { parseArgs } from 'node:util';

/** A flag or variable that cannot be used; its message names it. */
export class UsageError extends Error {
  name = 'UsageError';
}

export const HELP = `Usage: zaehlerfreunde-dev-backend [options]

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

// Vite's dev and preview servers, Next.js and Create React App, Angular.
const DEV_PORTS = [5173, 4173, 3000, 4200];

/**
 * The settings `argv` (the flags) and `env` (ZFA_*) ask for, a flag over its
 * variable, as startDevBackend's options; `help` when -h or --help was given.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @throws {UsageError} for an unknown flag or an unusable value
 */
export function readOptions(argv, env) {
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
      args: argv.map((a) => (a === '--dpop' ? '--dpop=on' : a)),
    }));
  } catch (e) {
    throw new UsageError(`${/** @type {Error} */ (e).message} (see --help)`);
  }
  const flags = /** @type {Record<string, string | string[] | boolean | undefined>} */ (values);
  /** A flag's values, else the environment variable's (space- or comma-separated). */
  const list = (/** @type {string} */ flag, /** @type {string} */ variable) => (
    /** @type {string[] | undefined} */ (flags[flag]) ?? env[variable]?.split(/[\s,]+/).filter(Boolean));
  const number = (/** @type {string} */ flag, /** @type {string} */ variable, /** @type {number} */ fallback) => {
    const text = /** @type {string | undefined} */ (flags[flag]) ?? env[variable] ?? String(fallback);
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${flag} (${variable}) must be a whole number, not "${text}"`);
    return n;
  };
  const url = (/** @type {'origin' | 'url'} */ what) => (/** @type {string} */ text) => {
    let u;
    try {
      u = new URL(text);
    } catch {
      u = null;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw new UsageError(`"${text}" is not an http(s) ${what === 'origin' ? 'origin' : 'URL'}`);
    return what === 'origin' ? u.origin : u.href;
  };

  const appOrigins = (list('app-origin', 'ZFA_APP_ORIGINS')
    ?? DEV_PORTS.flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`])).map(url('origin'));
  const dpop = values.dpop ?? (env.ZFA_DPOP || 'off');
  if (!['off', 'on', 'required'].includes(dpop)) throw new UsageError(`--dpop (ZFA_DPOP) must be on, required or off, not "${dpop}"`);
  const dpopNonce = values['dpop-nonce'] ?? ['1', 'true', 'on'].includes(env.ZFA_DPOP_NONCE ?? '');
  if (dpopNonce && dpop === 'off') throw new UsageError('--dpop-nonce (ZFA_DPOP_NONCE) needs --dpop or --dpop=required');
  return {
    help: Boolean(values.help),
    appOrigins,
    redirectUris: (list('redirect-uri', 'ZFA_REDIRECT_URIS') ?? appOrigins.map((o) => `${o}/`)).map(url('url')),
    logoutUris: (list('logout-uri', 'ZFA_LOGOUT_URIS') ?? appOrigins.map((o) => `${o}/`)).map(url('url')),
    clientId: values['client-id'] ?? env.ZFA_CLIENT_ID ?? undefined,
    providerPort: number('provider-port', 'ZFA_PROVIDER_PORT', 4400),
    apiPort: number('api-port', 'ZFA_API_PORT', 4401),
    portSettings: { provider: 'ZFA_PROVIDER_PORT (or --provider-port)', api: 'ZFA_API_PORT (or --api-port)' },
    accessTokenTtl: number('access-token-ttl', 'ZFA_ACCESS_TOKEN_TTL', 300) || 300,
    dpop,
    dpopNonce,
  };
}

/**
 * A launcher's failure: one line, `name: message`, on stderr, then exit `code`.
 * @type {(name: string, code: number) => (message: string) => never}
 */
export const failWith = (name, code) => (message) => {
  console.error(`${name}: ${message}`);
  process.exit(code);
};

/**
 * readOptions of this process's flags and environment; a UsageError ends it
 * through `fail`.
 * @param {(message: string) => never} fail
 */
export function readProcessOptions(fail) {
  try {
    return readOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (/** @type {Error} */ (e).name !== 'UsageError') throw e;
    return fail(/** @type {Error} */ (e).message);
  }
}
