// The Next.js example (examples/next: App Router, React 19, the react
// entry's AuthProvider, nothing hand-written for the wasm) against the same
// Next.js app with @auth0/auth0-spa-js in its place, each `next build` +
// `next start`, cold loads in fresh contexts on loopback and behind the
// emulated networks. Cold start = navigation → client constructed:
// - ours: the constructor's last step reads the login transaction's key from
//   sessionStorage; an init script notes when (the app itself is unchanged);
// - auth0-spa-js: its page notes the moment after `new Auth0Client()`, which
//   it calls in an effect after hydration (as auth0-react's provider does).
// Also the wasm requests per load, and whether the first came from the HTML
// (the provider's React 19 preload()).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, install, root, run, sdkTarball, start } from '../tests/consumers/helpers.mjs';
import { emulate } from './network.mjs';

const AUTH0_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies['@auth0/auth0-spa-js'];

const AUTH0_LAYOUT = `import type { ReactNode } from 'react';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

const auth0Page = (issuer) => `'use client';
import { useEffect, useState } from 'react';
import { Auth0Client } from '@auth0/auth0-spa-js';

export default function Home() {
  const [client, setClient] = useState<Auth0Client | null>(null);
  useEffect(() => {
    const auth0 = new Auth0Client({
      domain: ${JSON.stringify(issuer.replace(/\/$/, ''))},
      clientId: 'zaehlerfreunde-local-demo',
      useRefreshTokens: true,
      authorizationParams: { redirect_uri: location.origin + '/', audience: 'https://api.prod.zaehlerfreunde.com' },
    });
    (window as unknown as { constructedAt: number }).constructedAt = performance.now();
    setClient(auth0);
  }, []);
  if (!client) return <p>Loading…</p>;
  return <button id="login" onClick={() => client.loginWithRedirect()}>Log in</button>;
}
`;

/** Notes when our constructor reads the transaction key (its last step), as window.constructedAt. */
const MARK_CONSTRUCTED = () => {
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function mark(key) {
    if (window.constructedAt === undefined && /^zaehlerfreunde-auth:.*:transaction$/.test(key)) window.constructedAt = performance.now();
    return getItem.call(this, key);
  };
};

/** Builds and starts both apps; resolves to [{ id, name, origin, stop }]. */
export async function startNextApps(backend, log) {
  const env = {
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_ZFA_ISSUER: backend.issuer,
    NEXT_PUBLIC_ZFA_API_BASE_URL: `${backend.apiOrigin}/partner`,
  };
  const ours = join(root, 'examples/next');
  const theirs = join(root, 'bench/dist/next-auth0');
  log('next: installing the example (npm ci, the SDK tarball)');
  await install(ours, [sdkTarball]);
  rmSync(join(ours, '.next'), { recursive: true, force: true });
  log(`next: the same app with @auth0/auth0-spa-js ${AUTH0_VERSION}`);
  rmSync(theirs, { recursive: true, force: true });
  mkdirSync(join(theirs, 'app'), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'next.config.mjs', 'tsconfig.json', 'next-env.d.ts']) cpSync(join(ours, f), join(theirs, f));
  writeFileSync(join(theirs, 'app/layout.tsx'), AUTH0_LAYOUT);
  writeFileSync(join(theirs, 'app/page.tsx'), auth0Page(backend.issuer));
  await install(theirs, [`@auth0/auth0-spa-js@${AUTH0_VERSION}`]);
  const apps = [];
  for (const [id, name, dir] of [['next-ours', 'Next.js example, zaehlerfreunde-auth', ours], ['next-auth0', 'the same app, @auth0/auth0-spa-js', theirs]]) {
    const next = join(dir, 'node_modules/.bin/next');
    log(`next: building ${id}`);
    await run(next, ['build'], { cwd: dir, env });
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = await start(next, ['start', '-H', '127.0.0.1', '-p', String(port)], { cwd: dir, env, url: `${origin}/` });
    apps.push({ id, name, origin, stop: server.stop });
  }
  return apps;
}

/** One cold load of `app` in a fresh context (behind `network` unless null): { coldStartMs, wasmRequests, wasmFromHtml }. */
export async function coldNext(browser, app, network) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (network) await emulate(context, page, network);
    await page.addInitScript(MARK_CONSTRUCTED);
    const wasm = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r.url());
    });
    await page.goto(`${app.origin}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.constructedAt !== undefined, null, { timeout: 60_000 });
    const coldStartMs = await page.evaluate(() => window.constructedAt);
    const initiators = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.wasm')).map((e) => /** @type {PerformanceResourceTiming} */ (e).initiatorType));
    return { coldStartMs, wasmRequests: wasm.length, wasmFromHtml: initiators[0] === 'link' };
  } finally {
    await context.close();
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s.at(-1), runs: s.length };
};

/** `runs` cold loads of each app, taking turns; per app { coldStartMs, wasmRequests, wasmFromHtml } stats. */
export async function measureNext(browser, apps, network, runs) {
  const seen = Object.fromEntries(apps.map((a) => [a.id, { cold: [], requests: [], fromHtml: 0 }]));
  for (let i = 0; i < runs; i++) {
    for (const app of apps) {
      const r = await coldNext(browser, app, network);
      seen[app.id].cold.push(r.coldStartMs);
      seen[app.id].requests.push(r.wasmRequests);
      seen[app.id].fromHtml += r.wasmFromHtml ? 1 : 0;
    }
  }
  return Object.fromEntries(Object.entries(seen).map(([id, s]) => [id, {
    coldStartMs: stats(s.cold), wasmRequests: stats(s.requests), wasmFromHtmlRuns: s.fromHtml,
  }]));
}

/** The markdown table of measureNext's result for `apps`. */
export function nextTable(apps, r, runs) {
  const [ours, theirs] = apps.map((a) => r[a.id]);
  const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  return [
    `| metric (median (min–max) of ${runs}) | ${apps.map((a) => a.name).join(' | ')} | ours ÷ auth0-spa-js |`,
    '|---|---|---|---|',
    `| cold start (navigation → client constructed), ms | ${fmt(ours.coldStartMs)} | ${fmt(theirs.coldStartMs)} | ${(ours.coldStartMs.median / theirs.coldStartMs.median).toFixed(2)}× |`,
    `| wasm requests per load | ${fmt(ours.wasmRequests).replace(/\.0/g, '')} | – | – |`,
    `| loads whose wasm request came from the HTML (preload) | ${ours.wasmFromHtmlRuns} of ${runs} | – | – |`,
  ].join('\n');
}
