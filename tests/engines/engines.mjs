// One small driver adapter per browser engine, so that scenario.mjs is
// written once: Debian's Chromium (playwright-core), Firefox ESR over
// WebDriver BiDi (puppeteer-core) and WebKitGTK's MiniBrowser through
// WebKitWebDriver under an Xvfb of its own (selenium-webdriver). Nothing is
// downloaded; every browser is the distribution's.
//
// An engine: { version, problems, open(url) → window, close() }.
// A window:  { evaluate(expression), fill(selector, text), click(selector) }.
// `problems` collects what the engine itself reports (page errors, console
// errors); the in-page probe (PROBE) adds what only the page can see.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

import { freePort } from '../consumers/helpers.mjs';
import { launchBrowser } from '../e2e/harness.mjs';

/**
 * Installed in every page (from the document's start where the engine allows
 * it, else before the first evaluate on it): records console.error calls,
 * uncaught errors, unhandled rejections and Content-Security-Policy
 * violations in `window.__engineProblems`, which evaluate() drains.
 * Self-contained: its source is sent to the page.
 */
export function PROBE() {
  if (window.__engineProblems) return;
  const problems = [];
  window.__engineProblems = problems;
  const where = `${location.origin}${location.pathname}`;
  const consoleError = console.error;
  console.error = function (...args) {
    problems.push(`console.error on ${where}: ${args.map(String).join(' ')}`);
    return consoleError.apply(this, args);
  };
  addEventListener('error', (e) => problems.push(`page error on ${where}: ${e.message} (${e.filename}:${e.lineno})`));
  addEventListener('unhandledrejection', (e) => problems.push(`unhandled rejection on ${where}: ${e.reason?.message ?? e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) => {
    problems.push(`CSP violation on ${where}: ${e.violatedDirective} blocked ${e.blockedURI}`);
  });
}

/**
 * Chromium reports failed resource loads as console errors. Two are not the
 * app's: the favicon the browser asks for by itself (www/ has none), and the
 * web font oidc-provider's own login pages import from Google (no network
 * here). Any other failed load (an SDK request answered 4xx, say) counts.
 */
const NOT_THE_APPS = [
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\) at http:\/\/127\.0\.0\.1:\d+\/favicon\.ico$/,
  /^Failed to load resource: net::ERR_NAME_NOT_RESOLVED at https:\/\/fonts\.googleapis\.com\//,
];

/**
 * A window on a playwright or puppeteer page (their APIs agree but for the
 * name of the method that types into a field, `fill`), whose page errors and
 * console errors go to `problems`.
 */
function pageWindow(page, problems, fill) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const message = `${m.text()} at ${m.location().url}`;
    if (m.type() === 'error' && !NOT_THE_APPS.some((re) => re.test(message))) problems.push(`console error: ${message}`);
  });
  return {
    evaluate: (expression) => page.evaluate(expression),
    fill: (selector, text) => page[fill](selector, text),
    click: (selector) => page.click(selector),
  };
}

/** Chromium (Debian's), as the e2e tests drive it: one browser context, one page per window. */
export async function chromium() {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const problems = [];
  await context.addInitScript(PROBE);
  return {
    version: `Chromium ${browser.version()}`,
    problems,
    async open(url) {
      const page = await context.newPage();
      const win = pageWindow(page, problems, 'fill');
      await page.goto(url);
      return win;
    },
    close: () => browser.close(),
  };
}

/**
 * Firefox ESR (Debian's firefox-esr) over WebDriver BiDi, by puppeteer-core.
 * Page errors and console errors come from BiDi's log.entryAdded.
 */
export async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
  });
  const problems = [];
  /** @type {import('puppeteer-core').Page | undefined} the window Firefox opened with, used first */
  let first = (await browser.pages())[0];
  return {
    version: `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`,
    problems,
    async open(url) {
      const page = first ?? (await browser.newPage());
      first = undefined;
      const win = pageWindow(page, problems, 'type');
      await page.evaluateOnNewDocument(PROBE);
      await page.goto(url);
      return win;
    },
    close: () => browser.close(),
  };
}

/** MiniBrowser of Debian's libwebkit2gtk-4.1 (the path holds the multiarch triplet). */
export function miniBrowserPath() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const found = readdirSync('/usr/lib')
    .map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`)
    .find((path) => existsSync(path));
  if (!found) throw new Error('MiniBrowser not found under /usr/lib/*/webkit2gtk-4.1/ (apt install webkit2gtk-driver; .ci/setup does)');
  return found;
}

/** Spawns `command`; resolves once it runs, rejects if it cannot start. */
function start(command, args, options) {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, options);
    child.once('error', fail);
    child.once('spawn', () => ok(child));
  });
}

/** An Xvfb on a display it picks itself (-displayfd); resolves to { display, stop }. */
async function startXvfb() {
  const xvfb = await start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (d) => { stderr += d; });
  const display = await new Promise((ok, fail) => {
    xvfb.stdio[3].once('data', (d) => ok(`:${String(d).trim()}`));
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
  return { display, stop: () => xvfb.kill() };
}

/** Resolves once WebKitWebDriver answers /status. */
async function driverReady(url, driver) {
  // A hang bound only (30 s): a loaded machine starts the driver slowly.
  for (let i = 0; i < 1200; i++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error('WebKitWebDriver did not answer /status');
}

/**
 * WebKitGTK: WebKitWebDriver on 127.0.0.1 driving MiniBrowser (with
 * Intelligent Tracking Prevention on, as in Safari) on an Xvfb display of
 * its own, by selenium-webdriver. WebKitWebDriver speaks no BiDi and has no
 * log endpoint, so page errors and console errors come from the in-page
 * probe only, installed before the first evaluate on each document.
 */
export async function webkit() {
  const { Builder, By } = await import('selenium-webdriver');
  const xvfb = await startXvfb();
  const stops = [xvfb.stop];
  try {
    const port = await freePort();
    const server = `http://127.0.0.1:${port}`;
    const driverProcess = await start('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display },
      stdio: 'ignore',
    });
    stops.unshift(() => driverProcess.kill());
    await driverReady(server, driverProcess);
    const driver = await new Builder().usingServer(server).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation', '--enable-itp'] },
    }).build();
    stops.unshift(() => driver.quit());
    const caps = await driver.getCapabilities();
    // WebDriver commands go to the current window: switch first when needed.
    let current = await driver.getWindowHandle();
    let unused = current;
    const on = async (handle) => {
      if (handle !== current) await driver.switchTo().window(handle);
      current = handle;
    };
    return {
        version: `WebKitGTK ${caps.get('browserVersion')} (MiniBrowser)`,
      problems: [],
      async open(url) {
        let handle = unused;
        unused = undefined;
        if (!handle) {
          await driver.switchTo().newWindow('window');
          handle = await driver.getWindowHandle();
          current = handle;
        }
        await on(handle);
        await driver.get(url);
        return {
          evaluate: async (expression) => { await on(handle); return driver.executeScript(`return ${expression}`); },
          fill: async (selector, text) => { await on(handle); await driver.findElement(By.css(selector)).sendKeys(text); },
          click: async (selector) => { await on(handle); await driver.findElement(By.css(selector)).click(); },
        };
      },
      async close() {
        for (const stop of stops) await stop();
      },
    };
  } catch (e) {
    for (const stop of stops) await stop();
    throw e;
  }
}
