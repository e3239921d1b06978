// The page harness shared by every app in the benchmark: the same timing
// points for each SDK. `make(cfg)` constructs the SDK's client and returns
// { login, isCallback, handle, token, refresh }.

/**
 * The page's config (run.mjs): the dev backend's SDK config, its issuer, and
 * this page as the redirect URI.
 * @typedef {{
 *   clientId: string, redirectUri: string, issuer: string, authorizeUrl: string,
 *   tokenUrl: string, audience: string, apiBaseUrl: string,
 * }} BenchConfig
 */
/**
 * An SDK behind the harness's interface.
 * @typedef {{
 *   login: () => unknown,
 *   isCallback: () => boolean,
 *   handle: () => Promise<unknown>,
 *   token: () => Promise<string | undefined>,
 *   refresh: () => Promise<string | undefined>,
 * }} Sdk
 */

/** @param {(cfg: BenchConfig) => Sdk | Promise<Sdk>} make */
export async function harness(make) {
  const cfg = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('cfg')).textContent);
  const sdk = await make(cfg);
  window.constructedAt = performance.now(); // ms since navigation start
  window.bench = {
    login() {
      sessionStorage.setItem('bench:t0', String(performance.timeOrigin + performance.now()));
      sdk.login();
    },
    token: () => sdk.token(),
    /**
     * getAccessToken calls per second with a valid cached token, for `ms` milliseconds.
     * @param {number} ms
     */
    async hot(ms) {
      let calls = 0;
      const t0 = performance.now();
      let now = t0;
      while (now - t0 < ms) {
        for (let i = 0; i < 1000; i++) await sdk.token();
        calls += 1000;
        now = performance.now();
      }
      return calls / ((now - t0) / 1000);
    },
    async refresh() {
      const t0 = performance.now();
      const token = await sdk.refresh();
      return { ms: performance.now() - t0, token };
    },
  };
  if (sdk.isCallback()) {
    const t0 = performance.now();
    try {
      await sdk.handle();
      const t1 = performance.now();
      const callbackMs = t1 - t0;
      const token = await sdk.token();
      const roundTripMs = performance.timeOrigin + performance.now() - Number(sessionStorage.getItem('bench:t0'));
      const networkMs = networkTime(t0, t1);
      window.benchResult = { callbackMs, networkMs, sdkMs: callbackMs - networkMs, roundTripMs, token };
    } catch (thrown) {
      const e = /** @type {{ error?: unknown, message?: unknown } | null | undefined} */ (thrown);
      window.benchResult = { error: String(e?.error ?? e?.message ?? e) };
    }
  }
  document.body.dataset.ready = 'true';
  console.log('bench:ready'); // what the runner waits for (run.mjs: appReady)
}

/**
 * The time within [t0, t1] that requests were under way, from the browser's
 * Resource Timing (request start to response end of every request made in
 * that span; overlapping requests counted once): the network part of the
 * callback, measured rather than inferred.
 * @param {number} t0
 * @param {number} t1
 */
function networkTime(t0, t1) {
  const spans = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))
    .filter((e) => e.startTime >= t0 && e.startTime <= t1)
    .map((e) => [e.startTime, Math.min(e.responseEnd || t1, t1)])
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [start, stop] of spans) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

export const hasCallbackParams = () => {
  const q = new URLSearchParams(location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
};
