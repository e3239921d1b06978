#!/usr/bin/env node
// zaehlerfreunde-dev-backend: the local Auth0-like authorization server and
// the partner-API stand-in for your own app (see README.md here).
import { HELP, failWith, readProcessOptions } from './options.mjs';

/** @type {(message: string) => never} */
const fail = failWith('zaehlerfreunde-dev-backend', 2);
const options = readProcessOptions(fail);
if (options.help) {
  console.log(HELP);
  process.exit(0);
}
const { help: _help, ...settings } = options;
const { appOrigins, redirectUris, logoutUris, dpop, dpopNonce } = settings;

// Imported once the arguments are read: oidc-provider prints its warnings on import.
const { startDevBackend } = await import('./index.mjs');
let backend;
try {
  backend = await startDevBackend({
    ...settings,
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
