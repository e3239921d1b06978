// Shared end-to-end harness: the real dev backend (oidc-provider, partner-API
// stand-in, static server) and Debian's Chromium driven by playwright-core.
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startBackend } from '../../www/server/backend.mjs';
import { sha256 } from '../../www/server/provider.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * A browser context that records Content-Security-Policy violations and page
 * errors on every page and navigation; `assertClean(context)` fails on any.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  context.problems = [];
  await context.exposeBinding('__reportCsp', (_source, what) => context.problems.push(`CSP violation: ${what}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('page', (page) => page.on('pageerror', (e) => context.problems.push(`page error: ${e.message}`)));
  return context;
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

export function assertClean(context) {
  if (context.problems.length) throw new Error(context.problems.join('\n'));
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

/** A fresh context's page on www/harness.html, with `window.auth` built from `overrides`. */
export async function openHarness(browser, backend, overrides = {}) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${backend.appOrigin}/harness.html`);
  await page.evaluate((o) => sessionStorage.setItem('harness:overrides', JSON.stringify(o)), overrides);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page };
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
