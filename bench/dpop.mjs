// The cost of DPoP (`dpop: true`) on loopback: a forced refresh and a
// partner-API call (`auth.fetch`), each timed in the page, with Bearer and
// with DPoP against one dev backend in DPoP mode 'on' (a request with a
// proof gets DPoP-bound tokens, one without Bearer). The two clients take
// turns run by run; the key is made at login, before the first timed run.
import { login, openHarness, startBackend } from '../tests/e2e/harness.mjs';

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s.at(-1), runs: s.length };
};

/** One timed call in the page: `what` is 'refresh' or 'fetch'; its milliseconds. */
const timed = (page, what) => page.evaluate(async (w) => {
  const t0 = performance.now();
  if (w === 'refresh') await window.auth.getAccessToken({ forceRefresh: true });
  else if ((await window.auth.fetch('/spaces')).status !== 200) throw new Error('the API call failed');
  return performance.now() - t0;
}, what);

/** { refresh, fetch } stats for Bearer and DPoP, `runs` each. */
export async function dpopLatency(browser, runs) {
  const backend = await startBackend({ dpop: 'on', accessTokenTtl: 300 });
  const contexts = [];
  try {
    const clients = {};
    // A context each: the two clients share no tab channel or lock.
    for (const [mode, overrides] of [['bearer', { dpop: false }], ['dpop', { dpop: true }]]) {
      contexts.push(await browser.newContext());
      const page = await openHarness(contexts.at(-1), backend, overrides);
      const outcome = await login(page);
      if (!outcome.ok) throw new Error(`${mode} login failed: ${outcome.error}`);
      clients[mode] = { page, refresh: [], fetch: [] };
    }
    // Both on their own tokens (bound or not), each refresh rotating its own family.
    for (const what of ['refresh', 'fetch']) {
      for (let i = 0; i < runs; i++) {
        for (const c of Object.values(clients)) c[what].push(await timed(c.page, what));
      }
    }
    const seen = backend.stats.dpop.filter((e) => e.server === 'api' && e.scheme === 'DPoP' && e.ok).length;
    if (seen < runs) throw new Error(`the API saw ${seen} DPoP calls, expected ${runs}`);
    return Object.fromEntries(Object.entries(clients).map(([mode, c]) => [mode, { refresh: stats(c.refresh), fetch: stats(c.fetch) }]));
  } finally {
    for (const c of contexts) await c.close();
    await backend.close();
  }
}

/** The markdown table of dpopLatency's result. */
export function dpopTable(r, runs) {
  const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  const row = (name, key) => `| ${name} | ${fmt(r.bearer[key])} | ${fmt(r.dpop[key])} | +${(r.dpop[key].median - r.bearer[key].median).toFixed(1)} ms (${(r.dpop[key].median / r.bearer[key].median).toFixed(2)}×) |`;
  return [
    `| metric (median (min–max) of ${runs}) | Bearer | DPoP (\`dpop: true\`) | DPoP − Bearer |`,
    '|---|---|---|---|',
    row('forced refresh, ms', 'refresh'),
    row('partner-API call (`auth.fetch`), ms', 'fetch'),
  ].join('\n');
}
