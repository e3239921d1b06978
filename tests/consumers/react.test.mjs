// The React example (examples/react: Vite + React 19 + @vitejs/plugin-react,
// zaehlerfreunde-auth/react's AuthProvider and hooks, StrictMode) on
// `vite dev`, where StrictMode mounts twice: one login is one code exchange
// and one GET /spaces (the state changes once). Its lock
// file installed with npm ci, the SDK from the tarball; the dev backend
// in-process for its request log.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import { startDevBackend } from '../../dev-backend/index.mjs';
import { freePort, install, logInAndListSpaces, root, run, sdkTarball, start } from './helpers.mjs';

const dir = join(root, 'examples/react');
const env = {};
before(async () => {
  await install(dir, [sdkTarball]);
  env.port = await freePort();
  env.origin = `http://127.0.0.1:${env.port}`;
  env.backend = await startDevBackend({ appOrigins: [env.origin] });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.backend?.close();
});

test('tsc --strict on the example (no skipLibCheck)', async () => {
  await run(join(dir, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir });
});

test('vite dev in StrictMode: logged in, a token, GET /spaces; one code exchange, one GET /spaces', async () => {
  const issuer = env.backend.issuer;
  const server = await start(join(dir, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', String(env.port), '--strictPort'], {
    cwd: dir,
    env: { VITE_ZFA_ISSUER: issuer, VITE_ZFA_API_BASE_URL: `${env.backend.apiOrigin}/partner` },
    url: `${env.origin}/`,
  });
  try {
    await logInAndListSpaces(env.browser, `${env.origin}/`, { login: '#login' });
    assert.equal(env.backend.stats.token.filter((t) => t.grant_type === 'authorization_code').length, 1);
    const spaces = env.backend.stats.apiRequests.filter((r) => r.method === 'GET' && r.path === '/partner/spaces');
    assert.deepEqual(spaces.map((r) => r.status), [200]);
  } finally {
    await server.stop();
  }
});
