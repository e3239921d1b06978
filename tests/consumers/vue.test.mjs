// The Vue example (examples/vue: Vite + Vue 3 + vue-router, the vue entry's
// plugin, useAuth, usePartnerApi and authGuard on a guarded route), its lock
// file installed with npm ci, the SDK from the tarball: vue-tsc (strict, no
// skipLibCheck, strictTemplates) and vite build, then vite preview, and vite
// dev: opening the guarded /spaces sends the user to log in and back there,
// where the spaces are listed; the partner API sees exactly one request for
// the login (GET /spaces) and the provider one code exchange.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import { startDevBackend } from '../../dev-backend/index.mjs';
import { freePort, install, logInAndListSpaces, root, run, sdkTarball, start } from './helpers.mjs';

const dir = join(root, 'examples/vue');
const vite = join(dir, 'node_modules/.bin/vite');
const env = {};
before(async () => {
  await install(dir, [sdkTarball]);
  env.ports = { preview: await freePort(), dev: await freePort() };
  env.backend = await startDevBackend({ appOrigins: Object.values(env.ports).map((p) => `http://127.0.0.1:${p}`) });
  env.vars = { VITE_ZFA_ISSUER: env.backend.issuer, VITE_ZFA_API_BASE_URL: `${env.backend.apiOrigin}/partner` };
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.backend?.close();
});

/** Opens the guarded /spaces on `origin`, logs in, and counts what the servers saw. */
async function logIn(origin) {
  const { stats } = env.backend;
  const exchanges = stats.token.filter((t) => t.grant_type === 'authorization_code').length;
  const requests = stats.apiRequests.length;
  await logInAndListSpaces(env.browser, `${origin}/spaces`);
  assert.equal(stats.token.filter((t) => t.grant_type === 'authorization_code').length, exchanges + 1);
  const partner = stats.apiRequests.slice(requests).filter((r) => r.method !== 'OPTIONS');
  assert.deepEqual(partner.map((r) => `${r.method} ${r.path} ${r.status}`), ['GET /partner/spaces 200']);
}

const serve = (args, port) => start(vite, [...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  cwd: dir, env: env.vars, url: `http://127.0.0.1:${port}/`,
});

test('vue-tsc + vite build, vite preview: the guarded route logs in, one GET /spaces', async () => {
  await run('npm', ['run', 'build'], { cwd: dir, env: env.vars });
  const server = await serve(['preview'], env.ports.preview);
  try {
    await logIn(`http://127.0.0.1:${env.ports.preview}`);
  } finally {
    await server.stop();
  }
});

test('vite dev: the guarded route logs in, one GET /spaces', async () => {
  const server = await serve([], env.ports.dev);
  try {
    await logIn(`http://127.0.0.1:${env.ports.dev}`);
  } finally {
    await server.stop();
  }
});
