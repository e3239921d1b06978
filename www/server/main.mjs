// `make demo`: the local dev backend and the demo on fixed loopback ports.
import { startBackend } from './backend.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const backend = await startBackend({
  appPort: env('APP_PORT', 8080),
  providerPort: env('PROVIDER_PORT', 3000),
  apiPort: env('API_PORT', 3001),
  accessTokenTtl: env('ACCESS_TOKEN_TTL', 300),
  quiet: false,
}).catch((e) => {
  // A taken port is one line naming the variable to set.
  if (e.name !== 'PortInUse') throw e;
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
