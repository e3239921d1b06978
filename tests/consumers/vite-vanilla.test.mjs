// A fresh Vite app (vanilla TypeScript, examples/vanilla-ts copied to a new
// directory) as a partner sets it up: npm ci, then the SDK's tarball and the
// dev backend's tarball installed; the dev backend started with npx from the
// app for the app's two origins. `tsc && vite build` + `vite preview`, and
// `vite dev`, each log in through the provider's pages and list the spaces.
// The app's vite.config.ts has the SDK's Vite plugin: the built page starts
// the .wasm download from its <head>, and init() reuses it (one request).
// The dev backend's tarball is packed as on a fresh clone: from this
// repository's files (tracked, with their uncommitted changes; git archive)
// exported to a directory without node_modules, so it depends on nothing the
// repository's own node_modules has.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../e2e/harness.mjs';
import {
  assertWasmPreloaded, coldLoad, freePort, freshCopy, install, logInAndListSpaces, root, run, sdkTarball, start, startDevBackendCli,
} from './helpers.mjs';

const env = {};
before(async () => {
  env.dir = freshCopy('vanilla-ts');
  env.clone = mkdtempSync(join(tmpdir(), 'zfa-clone-'));
  const tree = (await run('git', ['stash', 'create'], { cwd: root })).trim() || 'HEAD';
  await run('sh', ['-c', `git archive ${tree} | tar -x -C "${env.clone}"`], { cwd: root });
  assert.equal(existsSync(join(env.clone, 'node_modules')), false);
  const devBackendTarball = (await run('npm', ['pack', '--silent', '--pack-destination', env.dir, './dev-backend'], { cwd: env.clone })).trim().split('\n').pop();
  const output = await install(env.dir, [sdkTarball, `${env.dir}/${devBackendTarball}`]);
  // The dev backend's engines are true to its dependencies on this Node.
  assert.doesNotMatch(output, /EBADENGINE/, output);
  env.ports = { dev: await freePort(), preview: await freePort() };
  env.backend = await startDevBackendCli(
    [`http://127.0.0.1:${env.ports.dev}`, `http://127.0.0.1:${env.ports.preview}`],
    { cwd: env.dir, npx: true },
  );
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.backend?.stop();
  for (const dir of [env.dir, env.clone]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const vite = (args, port) => start('npx', ['--no-install', 'vite', ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  cwd: env.dir, env: env.backend.env, url: `http://127.0.0.1:${port}/`,
});

test('vite build (after tsc) + vite preview: logged in, a token, GET /spaces', async () => {
  await run('npm', ['run', 'build'], { cwd: env.dir, env: env.backend.env });
  const server = await vite(['preview'], env.ports.preview);
  try {
    await logInAndListSpaces(env.browser, `http://127.0.0.1:${env.ports.preview}/`);
  } finally {
    await server.stop();
  }
});

test('vite build with zaehlerfreunde-auth/vite: the page preloads the hashed .wasm from its <head>, before the JS entry, and init() reuses it (one request)', async () => {
  const html = readFileSync(join(env.dir, 'dist/index.html'), 'utf8');
  const link = html.match(/<link rel="preload" href="([^"]+)" as="fetch" type="application\/wasm" crossorigin>/);
  assert.ok(link, html);
  assert.match(link[1], /^\/assets\/zaehlerfreunde_auth_bg-[\w-]+\.wasm$/);
  assert.ok(existsSync(join(env.dir, 'dist', link[1])), `dist${link[1]} exists`);
  assert.ok(html.indexOf(link[0]) < html.indexOf('<script'), 'the preload comes before the entry script');
  const server = await vite(['preview'], env.ports.preview);
  try {
    const origin = `http://127.0.0.1:${env.ports.preview}`;
    const sent = await coldLoad(env.browser, `${origin}/`);
    assert.equal(assertWasmPreloaded(sent), `${origin}${link[1]}`);
    const entry = sent.findIndex((r) => /\/assets\/index-[\w-]+\.js$/.test(r.url));
    assert.ok(entry > sent.findIndex((r) => r.url.endsWith('.wasm')), 'the wasm was requested before the JS entry');
  } finally {
    await server.stop();
  }
});

test('vite dev: logged in, a token, GET /spaces (the .wasm served from the installed tarball)', async () => {
  const server = await vite([], env.ports.dev);
  try {
    await logInAndListSpaces(env.browser, `http://127.0.0.1:${env.ports.dev}/`);
  } finally {
    await server.stop();
  }
});
