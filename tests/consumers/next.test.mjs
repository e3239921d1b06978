// The Next.js example (examples/next: Next 16 App Router, React 19, the
// react entry's AuthProvider in the root layout, a server component, and
// useAuth + usePartnerApi in a client page), its lock file installed with
// npm ci, the SDK from the tarball: `next build` (from no .next: a cached one
// must not hide a broken build) prerenders without an error or an unhandled
// rejection; `next start` and `next dev` (StrictMode) each log in through the
// provider's pages in Chromium and list GET /spaces, one code exchange and
// one GET /spaces per login, and their servers log no error. The built page
// preloads the wasm from its <head> (the provider's React 19 preload()).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import { startDevBackend } from '../../dev-backend/index.mjs';
import {
  assertWasmPreloaded, coldLoad, freePort, install, logInAndListSpaces, root, run, sdkTarball, start,
} from './helpers.mjs';

const dir = join(root, 'examples/next');
const next = join(dir, 'node_modules/.bin/next');
const env = {};
before(async () => {
  await install(dir, [sdkTarball]);
  rmSync(join(dir, '.next'), { recursive: true, force: true });
  env.ports = { start: await freePort(), dev: await freePort() };
  env.backend = await startDevBackend({ appOrigins: Object.values(env.ports).map((p) => `http://127.0.0.1:${p}`) });
  env.vars = {
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_ZFA_ISSUER: env.backend.issuer,
    NEXT_PUBLIC_ZFA_API_BASE_URL: `${env.backend.apiOrigin}/partner`,
  };
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.backend?.close();
});

/** Problems a Next.js server or build prints: a failed prerender, an unhandled rejection, a thrown error. */
function assertNoProblem(output) {
  assert.doesNotMatch(output, /unhandledRejection|Unhandled Rejection|Error occurred prerendering|prerender-error|TypeError|ReferenceError|⨯/i, output);
}

/** Logs in on `origin` and checks the server saw one code exchange and one GET /spaces for it. */
async function logIn(origin) {
  const { stats } = env.backend;
  const exchanges = stats.token.filter((t) => t.grant_type === 'authorization_code').length;
  const requests = stats.apiRequests.length;
  await logInAndListSpaces(env.browser, `${origin}/`, { login: '#login' });
  assert.equal(stats.token.filter((t) => t.grant_type === 'authorization_code').length, exchanges + 1);
  const spaces = stats.apiRequests.slice(requests).filter((r) => r.method === 'GET' && r.path === '/partner/spaces');
  assert.deepEqual(spaces.map((r) => r.status), [200]);
}

test('next build prerenders cleanly; next start: logged in, a token, GET /spaces', async () => {
  const output = await run(next, ['build'], { cwd: dir, env: env.vars });
  assert.match(output, /Compiled successfully/);
  assert.match(output, /○ \/\n/, 'the page is prerendered');
  assertNoProblem(output);
  const origin = `http://127.0.0.1:${env.ports.start}`;
  const server = await start(next, ['start', '-H', '127.0.0.1', '-p', String(env.ports.start)], { cwd: dir, env: env.vars, url: `${origin}/` });
  try {
    await logIn(origin);
    // The provider's preload() (React 19) put the wasm in the prerendered
    // <head>: the browser fetches it from the HTML, once, before any script
    // has asked for it.
    const sent = await coldLoad(env.browser, `${origin}/`, { ready: (page) => page.locator('#login').waitFor() });
    assert.match(assertWasmPreloaded(sent), /\/_next\/static\/media\/zaehlerfreunde_auth_bg\.[\w-]+\.wasm$/);
  } finally {
    await server.stop();
  }
  assertNoProblem(server.output());
});

test('next dev (StrictMode): logged in, a token, GET /spaces', async () => {
  const origin = `http://127.0.0.1:${env.ports.dev}`;
  const server = await start(next, ['dev', '-H', '127.0.0.1', '-p', String(env.ports.dev)], { cwd: dir, env: env.vars, url: `${origin}/`, timeout: 180_000 });
  try {
    await logIn(origin);
  } finally {
    await server.stop();
  }
  assertNoProblem(server.output());
});
