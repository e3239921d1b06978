// Shared end-to-end harness: the real dev backend (oidc-provider, partner-API
// stand-in, static server) and Debian's Chromium driven by playwright-core.
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startBackend } from '../../www/server/backend.mjs';
import { sha256 } from '../../dev-backend/provider.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * A browser context that records Content-Security-Policy violations and page
 * errors on every page and navigation; `assertClean(context)` fails on any.
 */
async function newContext(browser, options) {
  const context = await browser.newContext(options);
  try {
    context.problems = [];
    await context.exposeBinding('__reportCsp', (_source, what) => context.problems.push(`CSP violation: ${what}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    context.on('page', (page) => page.on('pageerror', (e) => context.problems.push(`page error: ${e.message}`)));
    return context;
  } catch (e) {
    await context.close();
    throw e;
  }
}

function assertClean(context) {
  if (context.problems.length) throw new Error(context.problems.join('\n'));
}

/**
 * Runs `f(context)` in a new browser context (`options` as for
 * browser.newContext), then fails on any CSP violation or page error it
 * recorded. The context is closed whether `f` passes or throws: every test
 * gets its contexts from here.
 */
export async function withContext(browser, options, f) {
  const context = await newContext(browser, options);
  try {
    const result = await f(context);
    assertClean(context);
    return result;
  } finally {
    await context.close();
  }
}

/** A secret as a failure may show it: its length and a hash prefix, never the value. */
const fingerprint = (s) => (typeof s === 'string' ? `${s.length} chars, sha256 ${sha256(s).slice(0, 8)}…` : String(s));

/** Asserts two tokens are the same; a failure shows fingerprints, not the tokens. */
export function assertSameSecret(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected the same secret, got ${fingerprint(actual)} and ${fingerprint(expected)}`);
}

/** Asserts two tokens differ; a failure shows a fingerprint, not the token. */
export function assertNewSecret(actual, old, what) {
  if (typeof actual !== 'string' || actual === old) throw new Error(`${what}: expected a new secret, got ${fingerprint(actual)}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export { startBackend };

/**
 * One test file's environment: the dev backend (with `options`) and a
 * browser, started before its tests and closed after them; faults and
 * settings are reset after each test.
 */
export function suiteEnv(options = {}) {
  const env = {};
  before(async () => {
    env.backend = await startBackend(options);
    env.browser = await launchBrowser();
  });
  afterEach(() => env.backend.reset());
  after(async () => {
    await env.browser?.close();
    await env.backend?.close();
  });
  return env;
}

/** The SDK's storage keys for a client. */
export const sdkKey = (clientId, name) => `zaehlerfreunde-auth:${clientId}:${name}`;

/** All of sessionStorage of the page's origin, as an object. */
export function sessionStorageOf(page) {
  return page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
}

/** Fills and submits oidc-provider's login page; the consent page follows. */
async function logInAtProvider(page, { login = 'anna', password = 'any' } = {}) {
  await page.waitForURL(/\/interaction\//);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/interaction\//);
}

/** Clicks through oidc-provider's login and consent pages. */
export async function signInAtProvider(page, credentials) {
  await logInAtProvider(page, credentials);
  await page.click('button[type="submit"]'); // consent: Continue
}

/** Uses a refresh token directly at the token endpoint, as another client would. */
export function refreshAtServer(backend, refreshToken) {
  return fetch(`${backend.issuer}oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: backend.clientId, refresh_token: refreshToken }),
  });
}

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  const dec = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: dec(h), claims: dec(p) };
}

/** A new page of `context` on www/harness.html, with `window.auth` built from `overrides`. */
export async function openHarness(context, backend, overrides = {}) {
  const page = await context.newPage();
  await page.goto(`${backend.appOrigin}/harness.html`);
  await page.evaluate((o) => sessionStorage.setItem('harness:overrides', JSON.stringify(o)), overrides);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** `f(page, context)` on a harness page (openHarness) in a context of its own (withContext). */
export function withHarness(env, overrides, f) {
  return withContext(env.browser, {}, async (context) => f(await openHarness(context, env.backend, overrides), context));
}

/** loginWithRedirect → provider login and consent → back on the harness, callback not yet handled. */
export async function loginToCallback(page, options = {}) {
  await page.evaluate((o) => {
    window.auth.loginWithRedirect(o);
  }, options);
  await signInAtProvider(page);
  await page.waitForURL(/\/harness\.html\?/);
  await page.waitForSelector('body[data-ready="true"]');
  return page.url();
}

/** The whole login, callback handled; returns handleRedirectCallback's outcome. */
export async function login(page, options = {}) {
  await loginToCallback(page, options);
  return page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
}

export async function storedSession(page, clientId) {
  const raw = await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(clientId, 'session'));
  return raw === null ? null : JSON.parse(raw);
}

/** At the provider: log in, then decline on the consent page ("[ Cancel ]"). */
export async function declineAtProvider(page, credentials) {
  await logInAtProvider(page, credentials);
  await page.click('text=[ Cancel ]');
}

/** Reloads the harness page and waits for the new SDK instance. */
export async function reloadHarness(page) {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
}

/** The SDK keys present in the page's sessionStorage. */
export function sdkKeys(page) {
  return page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('zaehlerfreunde-auth:')));
}

/**
 * The name of the SDK's BroadcastChannel among the tabs of the backend's
 * client, `zaehlerfreunde-auth:<clientId>:<audience>`: its key prefix, then
 * the audience.
 */
export function tabChannelName(backend) {
  const { clientId, audience } = backend.localConfig();
  return sdkKey(clientId, audience);
}

/**
 * Makes every page of `context` record, from before its first script, the
 * messages on the SDK's tab channel, as another tab of the app would receive
 * them: a page sees its own SDK's messages as well as the other tabs'. Only
 * the type `t`, the sender `id`, the addressee `to` and whether a refresh
 * token is named (`rt`, a boolean) are kept, never a fingerprint or the
 * session a `rotated` carries. The observer only listens.
 */
export function observeTabChannel(context, backend) {
  return context.addInitScript((name) => {
    window.__tabMessages = [];
    window.__tabObserver = new BroadcastChannel(name);
    window.__tabObserver.onmessage = (e) => {
      const m = JSON.parse(e.data);
      window.__tabMessages.push({ t: m.t, id: m.id, to: m.to, rt: Boolean(m.rt) });
    };
  }, tabChannelName(backend));
}

/** The tab messages `page` has seen, oldest first (see observeTabChannel). */
export function tabMessages(page) {
  return page.evaluate(() => window.__tabMessages.slice());
}

/**
 * Waits until `page` has seen a tab message of type `t` among those after the
 * first `since`, and resolves to it; fails after `timeout` ms.
 */
export async function waitForTabMessage(page, t, { since = 0, timeout = 5000 } = {}) {
  try {
    const found = await page.waitForFunction(
      ([type, from]) => window.__tabMessages.slice(from).find((m) => m.t === type),
      [t, since],
      { timeout, polling: 20 },
    );
    return await found.jsonValue();
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    const seen = (await tabMessages(page)).slice(since).map((m) => m.t);
    throw new Error(`no "${t}" message on the tab channel within ${timeout} ms (saw: ${seen.join(', ') || 'none'})`);
  }
}

/**
 * The tab messages `page` saw after the first `since`, once `quiet` ms have
 * passed. For asserting that no (further) message arrives, which only a
 * bounded wait can show.
 */
export async function tabMessagesAfterQuiet(page, { since = 0, quiet = 300 } = {}) {
  await page.waitForTimeout(quiet);
  return (await tabMessages(page)).slice(since);
}
