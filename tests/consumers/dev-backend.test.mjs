// The dev backend as a partner's app meets it (its CLI, as npx runs it):
// the common dev servers' origins are registered by default, and the error
// pages for a redirect_uri or a client_id it does not know say what the app
// sent, what is registered, and the flag that registers it, also printed to
// its terminal.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startDevBackendCli } from './helpers.mjs';

const env = {};
before(async () => {
  env.backend = await startDevBackendCli([]);
  env.issuer = env.backend.config.authorizeUrl.replace(/authorize$/, '');
});
after(async () => {
  await env.backend?.stop();
});

/** GET /authorize as the SDK sends it, for `clientId` and `redirectUri`. */
function authorize(clientId, redirectUri) {
  const url = new URL(`${env.issuer}authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid', state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGKSEFYa7M', code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

const CLIENT = 'zaehlerfreunde-local-demo';
const DEFAULTS = [5173, 4173, 3000, 4200].flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]);

test('by default, Vite (5173, 4173), Next.js and CRA (3000) and Angular (4200) on localhost and 127.0.0.1 are registered', async () => {
  assert.match(env.backend.output(), new RegExp(`app origins \\(CORS\\): +${DEFAULTS.join(' ')}\n`));
  for (const origin of DEFAULTS) {
    const res = await authorize(CLIENT, `${origin}/`);
    assert.equal(res.status, 303, origin);
    assert.match(/** @type {string} */ (res.headers.get('location')), /\/interaction\//, origin);
  }
});

test('invalid_redirect_uri: the page and the terminal name what was sent, what is registered, and the flag', async () => {
  const res = await authorize(CLIENT, 'http://localhost:8080/');
  assert.equal(res.status, 400);
  assert.match(/** @type {string} */ (res.headers.get('content-type')), /^text\/html/);
  const page = (await res.text()).replace(/&#34;/g, '"');
  assert.match(page, /<h1>invalid_redirect_uri<\/h1>/);
  assert.match(page, /The app sent redirect_uri "http:\/\/localhost:8080\/", which is not registered\./);
  assert.match(page, new RegExp(`Registered: ${DEFAULTS.map((o) => `${o}/`).join(' ')}\\.`));
  const fix = 'restart the dev backend with --app-origin http://localhost:8080 (or ZFA_APP_ORIGINS="http://localhost:8080")';
  assert.ok(page.includes(fix), page);
  assert.ok(env.backend.output().includes(`zaehlerfreunde-dev-backend: invalid_redirect_uri: The app sent redirect_uri "http://localhost:8080/"`));
  assert.ok(env.backend.output().includes(fix));

  const path = await (await authorize(CLIENT, 'http://localhost:8080/callback')).text();
  assert.ok(path.replace(/&#34;/g, '"').includes('--redirect-uri http://localhost:8080/callback (or ZFA_REDIRECT_URIS="http://localhost:8080/callback"), and --app-origin http://localhost:8080'), path);
});

test('invalid_client: the page and the terminal name the client id sent, the registered one, and the flag', async () => {
  const res = await authorize('my-app', 'http://localhost:5173/');
  assert.equal(res.status, 400);
  const page = (await res.text()).replace(/&#34;/g, '"').replace(/&#39;/g, "'");
  assert.match(page, /<h1>invalid_client<\/h1>/);
  assert.match(page, /The app sent client_id "my-app", which is not registered\./);
  assert.match(page, new RegExp(`Registered: ${CLIENT}\\.`));
  assert.ok(page.includes(`Use clientId: '${CLIENT}' in the SDK config, or restart the dev backend with --client-id my-app (or ZFA_CLIENT_ID=my-app).`), page);
  assert.ok(env.backend.output().includes('zaehlerfreunde-dev-backend: invalid_client: The app sent client_id "my-app"'));
});
