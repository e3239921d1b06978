// `make demo`: the local dev backend and the demo on fixed loopback ports,
// with the dev backend's own ports and variables (dev-backend/bin.mjs:
// ZFA_PROVIDER_PORT 4400, ZFA_API_PORT 4401, ZFA_ACCESS_TOKEN_TTL, ZFA_DPOP,
// ZFA_DPOP_NONCE), and the demo app on ZFA_APP_PORT (8080).
import { startBackend } from './backend.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const backend = await startBackend({
  appPort: env('ZFA_APP_PORT', 8080),
  providerPort: env('ZFA_PROVIDER_PORT', 4400),
  apiPort: env('ZFA_API_PORT', 4401),
  accessTokenTtl: env('ZFA_ACCESS_TOKEN_TTL', 300),
  dpop: process.env.ZFA_DPOP || 'off',
  dpopNonce: ['1', 'true', 'on'].includes(process.env.ZFA_DPOP_NONCE ?? ''),
  quiet: false,
}).catch((e) => {
  // A taken port, or a bad ZFA_DPOP / ZFA_DPOP_NONCE, is one line naming
  // the variable to set.
  if (e.name !== 'PortInUse' && e.name !== 'TypeError') throw e;
  console.error(`make demo: ${e.message}`);
  process.exit(1);
});

console.log(`
zaehlerfreunde-auth demo (local dev backend)
  Demo:                 ${backend.appUrl}
  Authorization server: ${backend.issuer}   (oidc-provider; log in with any name, e.g. "anna", any password)
  Partner API:          ${backend.apiOrigin}/partner
  Access-token TTL:     ${backend.settings.accessTokenTtl} s

Open ${backend.appUrl} in a browser. Ctrl-C stops everything.
`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await backend.close();
    process.exit(0);
  });
}
