// `make demo`: the local dev backend and the demo. The backend's settings
// come from the same reader as `npx zaehlerfreunde-dev-backend`'s
// (dev-backend/options.mjs): its flags after `node www/server/main.mjs`, or
// its variables (ZFA_PROVIDER_PORT 4400, ZFA_API_PORT 4401,
// ZFA_ACCESS_TOKEN_TTL, ZFA_DPOP, ZFA_DPOP_NONCE); the demo app is on
// ZFA_APP_PORT (8080), the one origin it allows.
import { failWith, readProcessOptions } from '../../dev-backend/options.mjs';
import { startBackend } from './backend.mjs';

// A bad flag or variable, or a taken port, is one line naming what to set.
/** @type {(message: string) => never} */
const fail = failWith('make demo', 1);
const options = readProcessOptions(fail);
const appPort = Number(process.env.ZFA_APP_PORT ?? 8080);
if (!Number.isInteger(appPort) || appPort < 0 || appPort > 65535) fail(`ZFA_APP_PORT must be a whole number, not "${process.env.ZFA_APP_PORT}"`);
const { providerPort, apiPort, accessTokenTtl, dpop, dpopNonce } = options;
const backend = await startBackend({ appPort, providerPort, apiPort, accessTokenTtl, dpop, dpopNonce, quiet: false }).catch((e) => {
  if (e.name !== 'PortInUse') throw e;
  return fail(e.message);
});

console.log(`
zaehlerfreunde-auth demo (local dev backend)
  Demo:                 ${backend.appUrl}
  Authorization server: ${backend.issuer}   (oidc-provider; log in with any name, e.g. "anna", any password)
  Partner API:          ${backend.apiOrigin}/partner
  Access-token TTL:     ${backend.settings.accessTokenTtl} s
${dpop === 'off' ? '' : `  DPoP:                 ${dpop}${dpopNonce ? ', nonces demanded' : ''}\n`}
Open ${backend.appUrl} in a browser. Ctrl-C stops everything.
`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await backend.close();
    process.exit(0);
  });
}
