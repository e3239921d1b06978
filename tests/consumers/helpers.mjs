// Shared by the consumer tests: apps a partner would write, installing the
// packed tarball (target/npm/, made by `make pkg`) from outside this
// repository's node_modules, run by their own tools (npm, tsc, Vite) against
// the dev backend, and logged in to in Chromium through the provider's pages.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { signInAtProvider, withContext } from '../e2e/harness.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const version = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;
/** The SDK's tarball, as `make pkg` leaves it. */
export const sdkTarball = join(root, `target/npm/zaehlerfreunde-auth-${version}.tgz`);

/** @typedef {Record<string, string | undefined>} Env */

/**
 * Runs a command to its end; rejects with its output when it fails.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Env }} [options]
 * @returns {Promise<string>}
 */
export function run(cmd, args, { cwd, env } = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(output) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

/** A copy of `examples/<name>` (without node_modules and dist) in a new directory. */
export function freshCopy(name) {
  const dir = mkdtempSync(join(tmpdir(), `zfa-${name}-`));
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist)$/.test(src),
  });
  return dir;
}

/** `npm ci` from the committed lock file, then the tarballs, as a partner installs them; resolves to npm's output. */
export async function install(dir, tarballs) {
  let output = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
  if (tarballs.length) output += await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...tarballs], { cwd: dir });
  return output;
}

/**
 * A port that was free a moment ago.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address()); // listening on TCP
      server.close(() => ok(port));
    });
  });
}

/**
 * @typedef {{ output: () => string, stop: () => Promise<void> }} Started
 * a started command: what it printed so far, and stop() (its process group)
 */

/**
 * Starts a long-running command and waits until `ready(output)` matches
 * (or `url` answers); resolves to { output(), stop() }.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Env, ready?: (output: string) => boolean, url?: string, timeout?: number }} options
 * @returns {Promise<Started>}
 */
export function start(cmd, args, { cwd, env, ready, url, timeout = 60_000 }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  /** @type {Started} */
  const handle = {
    output: () => output,
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM'); // spawned: it has one
    }),
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      settled = true;
      handle.stop();
      fail(new Error(`${cmd} ${args.join(' ')} not ready within ${timeout} ms:\n${output}`));
    }, timeout);
    // Once ready, no more checks: output printed later (a server stopping)
    // must not start polling a server that is gone, which would keep this
    // process alive.
    let settled = false;
    const check = async () => {
      if (settled || (ready && !ready(output))) return;
      if (url) {
        const res = await fetch(url).catch(() => null);
        if (settled) return;
        if (!res?.ok) return setTimeout(check, 200);
      }
      settled = true;
      clearTimeout(timer);
      ok(handle);
    };
    child.stdout.on('data', (d) => { output += d; check(); });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => {
      settled = true;
      clearTimeout(timer);
      fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output}`));
    });
    if (!ready) check();
  });
}

/**
 * The dev backend's CLI (`npx zaehlerfreunde-dev-backend` from `cwd`, or
 * dev-backend/bin.mjs), on free ports, for `origins`; resolves to the SDK
 * config it printed, the Vite env for it, and stop().
 * @param {string[]} origins
 * @param {{ cwd?: string, npx?: boolean }} [options]
 */
export async function startDevBackendCli(origins, { cwd, npx = false } = {}) {
  const args = [...origins.flatMap((o) => ['--app-origin', o]), '--provider-port', '0', '--api-port', '0'];
  const backend = npx
    ? await start('npx', ['--no-install', 'zaehlerfreunde-dev-backend', ...args], { cwd, ready: (out) => /^\{"clientId".*\}$/m.test(out) })
    : await start(process.execPath, [join(root, 'dev-backend/bin.mjs'), ...args], { cwd: root, ready: (out) => /^\{"clientId".*\}$/m.test(out) });
  const config = JSON.parse(/** @type {RegExpMatchArray} */ (backend.output().match(/^\{"clientId".*\}$/m))[0]); // ready: printed
  const issuer = config.authorizeUrl.replace(/authorize$/, '');
  return { ...backend, config, env: { VITE_ZFA_ISSUER: issuer, VITE_ZFA_API_BASE_URL: config.apiBaseUrl } };
}

/**
 * Opens `url` in a fresh browser context (clicking `login`, a selector, when
 * the app does not redirect by itself), logs in at the provider's pages,
 * and asserts the app shows the user and the seeded spaces from GET /spaces
 * and got a JWT access token. No CSP violation or page error (withContext).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ login?: string }} [options]
 */
export function logInAndListSpaces(browser, url, { login } = {}) {
  return withContext(browser, {}, async (context) => {
    const page = await context.newPage();
    await page.goto(url);
    if (login) await page.click(login);
    await signInAtProvider(page);
    await page.waitForURL((u) => u.href.startsWith(url), { timeout: 20_000 });
    const state = page.locator('[data-state]');
    await state.first().waitFor({ timeout: 20_000 });
    assert.equal(await state.first().getAttribute('data-state'), 'in', await page.textContent('body'));
    await page.waitForFunction(() => document.querySelectorAll('#spaces li').length > 0);
    assert.equal(await page.locator('#spaces li').count(), 7);
    assert.equal(await page.textContent('#spaces li:first-child'), 'Zuhause');
    assert.equal(await page.textContent('#user'), 'Logged in as anna@example.com');
    await page.waitForSelector('[data-token-parts="3"]');
    const landed = new URL(page.url());
    for (const p of ['code', 'state', 'iss']) assert.equal(landed.searchParams.has(p), false, p);
    return page;
  });
}

/**
 * A cold load of `url` (a new context: no cache) until `ready(page)`
 * resolves (by default: the app, having constructed its client and found
 * no session, has left for the provider's login page). Resolves to the requests Chromium sent, in order, each with
 * the CDP initiator type ('parser': the document's HTML, 'script': a script)
 * and whether the response came from the preload cache or the network.
 */
export function coldLoad(browser, url, { ready = (page) => page.waitForURL((u) => !u.href.startsWith(url), { timeout: 20_000 }) } = {}) {
  return withContext(browser, {}, async (context) => {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sent = new Map();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!sent.has(e.requestId)) sent.set(e.requestId, { url: e.request.url, initiator: e.initiator.type, fromNetwork: null });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = sent.get(e.requestId);
      if (r) r.fromNetwork = !e.response.fromDiskCache && !e.response.fromPrefetchCache && !e.response.fromServiceWorker;
    });
    await cdp.send('Network.enable');
    await page.goto(url);
    await ready(page);
    return [...sent.values()];
  });
}

/**
 * The wasm of a cold load (`coldLoad`) was requested once, by the document
 * (a preload in the HTML, not a script), from the network, before any
 * script had sent a request; resolves to its URL.
 */
export function assertWasmPreloaded(sent) {
  const wasm = sent.filter((r) => r.url.endsWith('.wasm'));
  const log = JSON.stringify(sent, null, 1);
  assert.equal(wasm.length, 1, `one wasm request: ${log}`);
  assert.deepEqual([wasm[0].initiator, wasm[0].fromNetwork], ['parser', true], log);
  const firstByScript = sent.findIndex((r) => r.initiator === 'script');
  assert.ok(firstByScript === -1 || firstByScript > sent.indexOf(wasm[0]), `before any script's request: ${log}`);
  return wasm[0].url;
}
