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

/**
 * Installs Playwright's fake clock in `page` and pauses it: from here on the
 * page's time (Date.now, which the SDK reads) and its timers (setTimeout: the
 * SDK's request deadlines, retry waits and tab waits) move only when the test
 * moves them, with page.clock.runFor(ms) or fastForward(ms). The clock is the
 * browser context's: every page of the context shares it.
 */
export async function pauseClock(page) {
  await page.clock.install();
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
}

/**
 * Resolves when `condition()` (run in Node) is true; fails after `timeout`
 * ms, a bound only a hang reaches (it is not what the test measures).
 */
export async function until(condition, what, timeout = 15_000) {
  for (const started = Date.now(); !(await condition());) {
    if (Date.now() - started > timeout) throw new Error(`not within ${timeout} ms: ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

/**
 * Moves the page's clock in `stepMs` steps until `condition()` (run in Node)
 * holds: for a wait the page starts at a moment the test cannot observe
 * (after it has read an answer), where the test asserts that it ends, not
 * exactly when. A hang bound only, as `until`.
 */
export async function runUntil(page, condition, what, stepMs = 100) {
  await until(async () => (await condition()) || (await page.clock.runFor(stepMs), false), what);
}

/**
 * Resolves on the SDK's next `debug: true` console line matching `pattern`.
 * The SDK logs a step in the same task as what it then starts (a retry's
 * timer, say), so once the line is seen, the page's clock can be moved past
 * that timer. Call it before what makes the line.
 */
export function debugLine(page, pattern) {
  return page.waitForEvent('console', {
    predicate: (m) => m.type() === 'debug' && m.text().startsWith('[zaehlerfreunde-auth]') && pattern.test(m.text()),
    timeout: 15_000,
  });
}

/**
 * The outcome of the call the page began with `window.begin(f)` (www/harness.js),
 * undefined while it is pending: for calls that the test's clock must move on.
 */
export const outcome = (page) => page.evaluate(() => window.__outcome);

/** Waits for the call begun with `window.begin` to end (a hang bound only), and returns its outcome. */
export async function settled(page, what = 'the call to settle') {
  /** @type {any} what the page's window.__outcome was, as JSON */
  let o;
  await until(async () => (o = await outcome(page)) !== undefined, what);
  return o;
}

/** The audience of the backend's config, which names the SDK's keys with the client id. */
export const AUDIENCE = 'https://api.prod.zaehlerfreunde.com';

/** The SDK's storage keys for a client and audience (default: the backend's). */
export const sdkKey = (clientId, name, audience = AUDIENCE) => `zaehlerfreunde-auth:${clientId}:${audience}:${name}`;

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
 * client, `zaehlerfreunde-auth:<clientId>:<audience>`: the prefix of its keys.
 */
export function tabChannelName(backend) {
  const { clientId, audience } = backend.localConfig();
  return `zaehlerfreunde-auth:${clientId}:${audience}`;
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
    throw new Error(`no "${t}" message on the tab channel within ${timeout} ms (saw: ${seen.join(', ') || 'none'})`, { cause: e });
  }
}

/**
 * The tab messages `observer` saw after the first `since`, once a marker that
 * the page `from` posts on the tab channel now has arrived. A page's messages
 * reach another page in the order they were posted (Chromium carries all
 * channels of a page over one ordered connection), so every message `from`
 * posted before the marker is in the list: to assert that a page sent no
 * (further) message, without a wait. The SDKs ignore the marker (an unknown
 * type); it is left out of the list.
 */
export async function tabMessagesUpTo(backend, observer, from, { since = 0 } = {}) {
  const id = `marker-${Math.random().toString(36).slice(2)}`;
  await from.evaluate(([name, marker]) => {
    window.__markerChannel ??= new BroadcastChannel(name);
    window.__markerChannel.postMessage(JSON.stringify({ t: 'marker', id: marker }));
  }, [tabChannelName(backend), id]);
  await observer.waitForFunction((marker) => window.__tabMessages.some((m) => m.id === marker), id, { polling: 20 });
  return (await tabMessages(observer)).slice(since).filter((m) => m.t !== 'marker');
}
