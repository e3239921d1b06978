// `make bench`: zaehlerfreunde-auth against @auth0/auth0-spa-js and
// oidc-client-ts (and a hand-written baseline that is not an SDK), each in a
// minimal app, on the same dev backend and the same page harness, in headless
// Chromium. First on loopback (every metric), then behind emulated 4G and 3G
// links (bench/network.mjs: cold start and login round trip), the static
// server sending brotli or gzip as a CDN does. Prints a markdown table per
// mode, with the typed partner client's bytes apart (its own entry), and
// writes bench/results.json and bench/results.md.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { cpus, totalmem } from 'node:os';
import { build } from 'esbuild';

import { launchBrowser, startBackend } from '../tests/e2e/harness.mjs';
import { dpopLatency, dpopTable } from './dpop.mjs';
import { emulate, PROFILES } from './network.mjs';
import { measureNext, nextTable, startNextApps } from './next.mjs';
import { zaehlerfreundeAuth } from '../js/vite.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
/** Runs per app behind each emulated network (slower; fewer by default). */
const NET_RUNS = Number(process.env.BENCH_NET_RUNS ?? 7);
/** The modes to run, in order: loopback and the PROFILES of bench/network.mjs. */
const MODES = (process.env.BENCH_NETWORK ?? ['loopback', ...Object.keys(PROFILES)].join(',')).split(',');
const HOT_MS = Number(process.env.BENCH_HOT_MS ?? 300);
const root = new URL('..', import.meta.url);
const dist = new URL('bench/dist/', root);
const APPS = [
  { id: 'ours', name: 'zaehlerfreunde-auth', wasm: true },
  // The same app, its page with the tag the Vite plugin (zaehlerfreunde-auth/vite)
  // writes into a built index.html: the .wasm downloads while the JS is
  // parsed. (React 19's preload() in AuthProvider writes the same tag into a
  // server-rendered <head>.)
  {
    id: 'ours-preload',
    entry: 'ours',
    name: 'zaehlerfreunde-auth, Vite plugin\'s preload',
    wasm: true,
    head: vitePluginHead('pkg/zaehlerfreunde_auth_bg.wasm'),
  },
  { id: 'ours-inline', name: 'zaehlerfreunde-auth, wasm inlined (variant)' },
  { id: 'auth0', name: '@auth0/auth0-spa-js' },
  { id: 'oidc', name: 'oidc-client-ts' },
  { id: 'baseline', name: 'baseline (not an SDK)' },
];
const AUDIENCE = 'https://api.prod.zaehlerfreunde.com';

/** The <head> tag the Vite plugin (js/vite.js) writes for a build whose wasm is at `fileName`. */
function vitePluginHead(fileName) {
  // Its hooks as js/vite.js writes them (Vite's Plugin type allows other forms).
  const plugin = /** @type {{
    configResolved: (config: { base: string }) => void,
    transformIndexHtml: { handler: (html: string, ctx: { bundle: object }) => { tag: string, attrs: Record<string, string | boolean> }[] },
  }} */ (/** @type {unknown} */ (zaehlerfreundeAuth()));
  plugin.configResolved({ base: '/' });
  const bundle = { wasm: { type: 'asset', fileName, names: ['zaehlerfreunde_auth_bg.wasm'] } };
  const [{ tag, attrs }] = plugin.transformIndexHtml.handler('', { bundle });
  return `<${tag} ${Object.entries(attrs).map(([k, v]) => (v === true ? k : `${k}="${v}"`)).join(' ')}>`;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s.at(-1), runs: s.length };
};
const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
function claimsOf(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
function checkToken(token, what) {
  const c = typeof token === 'string' ? claimsOf(token) : null;
  if (!c || c.aud !== AUDIENCE) throw new Error(`${what}: not a JWT for the API audience`);
}

/** Through the provider's pages: log in if asked, consent if asked, until back at the app. */
async function passProvider(page, appOrigin) {
  await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
  for (;;) {
    if (await page.locator('input[name="login"]').count()) {
      await page.fill('input[name="login"]', 'anna');
      await page.fill('input[name="password"]', 'any');
    }
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname.startsWith('/interaction/') || u.origin === appOrigin, { waitUntil: 'commit' });
    if (new URL(page.url()).origin === appOrigin) return;
    await page.waitForLoadState('domcontentloaded');
  }
}

/**
 * Resolves when the app page says it is ready (common.js logs `bench:ready`).
 * A console message reaches Playwright without it evaluating anything in the
 * page; a selector wait would inject Playwright's script (about 300 KB) into
 * the page while the SDK is still starting, and bill its parse to the SDK.
 */
function appReady(page) {
  return page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:ready', timeout: 60_000 });
}

/** `entry` bundled and minified by esbuild, as an app ships it, into dist/`name`.js; its bytes. */
async function bundle(entry, name) {
  await build({
    entryPoints: [entry.pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outfile: new URL(`${name}.js`, dist).pathname,
    logLevel: 'error',
    loader: { '.wasm': 'binary' },
  });
  return readFile(new URL(`${name}.js`, dist));
}

/**
 * The typed partner-API client, zaehlerfreunde-auth/partner: a separate entry
 * that only an app calling the partner API imports, so it is not in any
 * app's shipped bytes. Measured as the apps are: pkg/partner.js through the
 * same esbuild bundle and minify, gzip -9 and brotli 11.
 */
async function partnerClientSize() {
  return sizes(await bundle(new URL('pkg/partner.js', root), 'partner'));
}

async function buildApps(backend) {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const out = {};
  for (const app of APPS) {
    const appBundle = await bundle(new URL(`bench/apps/${app.entry ?? app.id}.js`, root), app.id);
    const cfg = {
      ...backend.localConfig(),
      issuer: backend.issuer,
      redirectUri: `${backend.appOrigin}/bench/${app.id}.html`,
    };
    await writeFile(new URL(`${app.id}.html`, dist), `<!doctype html><html><head><meta charset="utf-8">
<script type="application/json" id="cfg">${JSON.stringify(cfg)}</script>${app.head ?? ''}
<script type="module" src="/bench/${app.id}.js"></script></head><body></body></html>`);
    const shipped = app.wasm
      ? Buffer.concat([appBundle, await readFile(new URL('pkg/zaehlerfreunde_auth_bg.wasm', root))])
      : appBundle;
    out[app.id] = sizes(shipped);
  }
  return out;
}

/**
 * One app's measurements, one run per call, so that the runner can let the
 * apps take turns run by run: a machine that drifts (2 cores, a browser and
 * the backend on them) then shifts every app alike.
 */
function measurer(browser, backend, app, network) {
  const url = `${backend.appOrigin}/bench/${app.id}.html`;
  // A page behind the mode's network (none on loopback), set before it loads.
  const open = async (context) => {
    const p = await context.newPage();
    if (network) await emulate(context, p, network);
    return p;
  };
  /** @type {Record<'cold' | 'roundTrips' | 'callbacks' | 'callbackSdk' | 'hot' | 'refresh', number[]>} */
  const runs = { cold: [], roundTrips: [], callbacks: [], callbackSdk: [], hot: [], refresh: [] };
  // The cold start's parts (apps with a .wasm): see coldParts below.
  const parts = Object.fromEntries(COLD_PARTS.map(([key]) => [key, /** @type {number[]} */ ([])]));
  // Logins, the hot path and refreshes share one context (the provider keeps
  // its session after the first login; every login passes the consent page).
  let ctx;
  let page;
  let last;
  return {
    /** Cold start: navigation to client constructed, in a fresh context. */
    async cold() {
      const fresh = await browser.newContext();
      try {
        const p = await open(fresh);
        let wasmRequests = 0;
        p.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) wasmRequests++; });
        const ready = appReady(p);
        await p.goto(url, { waitUntil: 'commit' });
        await ready;
        const t = await p.evaluate(() => ({
          constructed: window.constructedAt,
          init: window.zfaInit,
          wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm')),
        }));
        runs.cold.push(t.constructed);
        if (app.wasm) {
          parts.wasmRequests.push(wasmRequests);
          for (const [key, value] of Object.entries(coldParts(t))) parts[key].push(value);
        }
      } finally {
        await fresh.close();
      }
    },
    /** Login round trip and callback handling. */
    async login() {
      ctx ??= await browser.newContext();
      page ??= await open(ctx);
      const started = appReady(page);
      await page.goto(url, { waitUntil: 'commit' });
      await started;
      const back = appReady(page);
      await page.evaluate(() => window.bench.login());
      await passProvider(page, backend.appOrigin);
      await back;
      const r = await page.evaluate(() => window.benchResult);
      if (!r || r.error) throw new Error(`login failed: ${r?.error ?? 'no result'}`);
      checkToken(r.token, 'login');
      runs.roundTrips.push(r.roundTripMs);
      runs.callbacks.push(r.callbackMs);
      runs.callbackSdk.push(r.sdkMs);
    },
    /** getAccessToken calls per second with a valid cached token. */
    async hot() {
      checkToken(await page.evaluate(() => window.bench.token()), 'hot token');
      runs.hot.push(await page.evaluate((ms) => window.bench.hot(ms), HOT_MS));
    },
    /** A forced refresh, which must return a new token. */
    async refresh() {
      last ??= await page.evaluate(() => window.bench.token());
      const r = await page.evaluate(() => window.bench.refresh());
      checkToken(r.token, 'refresh');
      if (r.token === last) throw new Error('refresh returned the same token');
      last = r.token;
      runs.refresh.push(r.ms);
    },
    close: () => ctx?.close(),
    result: () => ({
      coldStartMs: stats(runs.cold),
      loginRoundTripMs: stats(runs.roundTrips),
      callbackMs: stats(runs.callbacks),
      callbackSdkMs: stats(runs.callbackSdk),
      hotCallsPerSecond: stats(runs.hot),
      forcedRefreshMs: stats(runs.refresh),
      ...(app.wasm ? { coldParts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, stats(v)])) } : {}),
    }),
  };
}

/**
 * The cold start of an app with a .wasm, in parts (ms since navigation
 * start; from ours-sdk.js's window.zfaInit and the wasm's Resource Timing
 * entry): when the wasm request went out and its last byte came, when init()
 * was called and resolved, what init() took after the last byte (compile
 * and instantiate not overlapped by the download), and the constructor.
 * @type {[key: string, name: string, digits: number][]}
 */
const COLD_PARTS = [
  ['wasmRequests', 'cold start: wasm requests per load', 0],
  ['wasmRequested', 'cold start: wasm requested at, ms', 1],
  ['wasmDownloaded', 'cold start: wasm downloaded at, ms', 1],
  ['initCalled', 'cold start: init() called at, ms', 1],
  ['initDone', 'cold start: init() resolved at, ms', 1],
  ['afterLastByte', 'cold start: init() after the wasm\'s last byte (compile, instantiate), ms', 1],
  ['constructor', 'cold start: constructor, ms', 1],
];
function coldParts({ constructed, init, wasm }) {
  return {
    wasmRequested: wasm.startTime,
    wasmDownloaded: wasm.responseEnd,
    initCalled: init.start,
    initDone: init.end,
    afterLastByte: init.end - Math.max(wasm.responseEnd, init.start),
    constructor: constructed - init.end,
  };
}

/** Every metric for every app, the apps taking turns run by run. */
async function measureAll(browser, backend, network) {
  const apps = APPS.map((app) => ({ app, m: measurer(browser, backend, app, network), failed: false }));
  const steps = network ? ['cold', 'login'] : ['cold', 'login', 'hot', 'refresh'];
  for (const step of steps) {
    for (let i = 0; i < (network ? NET_RUNS : RUNS); i++) {
      for (const a of apps.filter((x) => !x.failed)) {
        try {
          await a.m[step]();
        } catch (e) {
          console.error(`${a.app.name}: FAILED: ${e.message}`);
          a.failed = true;
        }
      }
    }
  }
  const results = {};
  for (const a of apps) {
    await a.m.close();
    results[a.app.id] = a.failed ? null : a.m.result();
  }
  return results;
}

const fmt = (n, digits = 1) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits));
const cell = (s) => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : 'FAILED');

function table(results, sizeOf, network) {
  const ids = APPS.map((a) => a.id);
  /** @type {[string, (id: string) => string, (id: string) => number | undefined, string][]} the rows: name, cell, value, which is better */
  const all = [
    ['shipped bytes, gzip -9', (id) => String(sizeOf[id].gzip), (id) => sizeOf[id].gzip, 'lower'],
    ['shipped bytes, brotli', (id) => String(sizeOf[id].brotli), (id) => sizeOf[id].brotli, 'lower'],
    ['shipped bytes, raw', (id) => String(sizeOf[id].raw), (id) => sizeOf[id].raw, 'lower'],
    ['cold start, ms', (id) => cell(results[id]?.coldStartMs), (id) => results[id]?.coldStartMs?.median, 'lower'],
    ['login round trip, ms', (id) => cell(results[id]?.loginRoundTripMs), (id) => results[id]?.loginRoundTripMs?.median, 'lower'],
    ['callback handling, ms', (id) => cell(results[id]?.callbackMs), (id) => results[id]?.callbackMs?.median, 'lower'],
    ['callback SDK time (without its requests, Resource Timing), ms', (id) => cell(results[id]?.callbackSdkMs), (id) => results[id]?.callbackSdkMs?.median, 'lower'],
    ['hot getAccessToken, calls/s', (id) => cell(results[id]?.hotCallsPerSecond), (id) => results[id]?.hotCallsPerSecond?.median, 'higher'],
    ['forced refresh, ms', (id) => cell(results[id]?.forcedRefreshMs), (id) => results[id]?.forcedRefreshMs?.median, 'lower'],
  ];
  for (const [key, name, digits] of COLD_PARTS) {
    const part = (id) => results[id]?.coldParts?.[key];
    all.push([name, (id) => (part(id) ? `${fmt(part(id).median, digits)} (${fmt(part(id).min, digits)}–${fmt(part(id).max, digits)})` : '–'), (id) => part(id)?.median, 'lower']);
  }
  // Behind an emulated network: the sizes, cold start (and its parts) and login round trip.
  const rows = network ? all.filter(([name]) => /bytes|cold start|login round trip/.test(name)) : all;
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  const head = `| metric (median (min–max) of ${network ? NET_RUNS : RUNS}) | ${APPS.map((a) => a.name).join(' | ')} | ours ÷ auth0-spa-js | ours ÷ oidc-client-ts | ours ÷ baseline |`;
  const lines = [head, `|${'---|'.repeat(APPS.length + 4)}`];
  for (const [name, show, value] of rows) {
    lines.push(`| ${name} | ${ids.map(show).join(' | ')} | ${ratio(value('ours'), value('auth0'))} | ${ratio(value('ours'), value('oidc'))} | ${ratio(value('ours'), value('baseline'))} |`);
  }
  return lines.join('\n');
}

/** The partner client's bytes, reported apart from the apps' (partnerClientSize). */
function partnerNote({ gzip, brotli, raw }) {
  const n = (x) => x.toLocaleString('en-US');
  return `Typed partner client (\`zaehlerfreunde-auth/partner\`, pkg/partner.js), a separate entry that only apps calling the partner API import, not in the shipped bytes above: ${n(gzip)} B gzip -9, ${n(brotli)} B brotli, ${n(raw)} B raw (esbuild-minified, as the apps are).`;
}

const backend = await startBackend({ accessTokenTtl: 300 });
const browser = await launchBrowser();
let nextApps = [];
try {
  const sizeOf = await buildApps(backend);
  const partnerClient = await partnerClientSize();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Chromium headless`;
  const date = new Date().toISOString().slice(0, 10);
  const modes = {};
  // The Next.js example against the same app with auth0-spa-js (bench/next.mjs); BENCH_NEXT=0 skips it.
  nextApps = process.env.BENCH_NEXT === '0' ? [] : await startNextApps(backend, (line) => console.error(line));
  const nextjs = {};
  let md = `Benchmark of ${date} on ${machine}; the apps taking turns run by run.\n`;
  for (const mode of MODES) {
    const network = mode === 'loopback' ? null : mode;
    if (network && !PROFILES[network]) throw new Error(`unknown mode ${mode}`);
    modes[mode] = await measureAll(browser, backend, network);
    const p = network && PROFILES[network];
    const what = p
      ? `emulated ${network}: ${p.latencyMs} ms per request, ${p.downBits / 1e6} Mbit/s down, ${p.upBits / 1e6} Mbit/s up, no HTTP cache, static files brotli-compressed; ${NET_RUNS} runs`
      : `loopback; ${RUNS} runs`;
    let section = `\n### ${mode} (${what})\n\n${table(modes[mode], sizeOf, network)}\n`;
    if (nextApps.length) {
      const runs = network ? NET_RUNS : RUNS;
      nextjs[mode] = await measureNext(browser, nextApps, network, runs);
      section += `\nNext.js (\`next build\` + \`next start\`, gzip as \`next start\` sends it):\n\n${nextTable(nextApps, nextjs[mode], runs)}\n`;
    }
    console.log(section);
    md += section;
  }
  // DPoP's cost, on loopback (bench/dpop.mjs).
  let dpop;
  if (MODES.includes('loopback')) {
    dpop = await dpopLatency(browser, RUNS);
    const section = `\n### DPoP against Bearer (loopback; zaehlerfreunde-auth alone; dev backend in DPoP mode 'on'; ${RUNS} runs)\n\n${dpopTable(dpop, RUNS)}\n`;
    console.log(section);
    md += section;
  }
  md += `\n${partnerNote(partnerClient)}\n`;
  console.log(partnerNote(partnerClient));
  await writeFile(new URL('bench/results.json', root), `${JSON.stringify({ date, machine, runs: RUNS, netRuns: NET_RUNS, profiles: PROFILES, sizes: sizeOf, partnerClient, results: modes, nextjs, dpop }, null, 2)}\n`);
  await writeFile(new URL('bench/results.md', root), md);
} finally {
  for (const app of nextApps) await app.stop();
  await browser.close();
  await backend.close();
}
