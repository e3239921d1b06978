// The page harness shared by every app in the benchmark: the same timing
// points for each SDK. `make(cfg)` constructs the SDK's client and returns
// { login, isCallback, handle, token, refresh }.
export async function harness(make) {
  const cfg = JSON.parse(document.getElementById('cfg').textContent);
  const sdk = await make(cfg);
  window.constructedAt = performance.now(); // ms since navigation start
  window.bench = {
    login() {
      sessionStorage.setItem('bench:t0', String(performance.timeOrigin + performance.now()));
      sdk.login();
    },
    token: () => sdk.token(),
    /** getAccessToken calls per second with a valid cached token, for `ms` milliseconds. */
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
      const callbackMs = performance.now() - t0;
      const token = await sdk.token();
      const roundTripMs = performance.timeOrigin + performance.now() - Number(sessionStorage.getItem('bench:t0'));
      window.benchResult = { callbackMs, roundTripMs, token };
    } catch (e) {
      window.benchResult = { error: String(e?.error ?? e?.message ?? e) };
    }
  }
  document.body.dataset.ready = 'true';
  console.log('bench:ready'); // what the runner waits for (run.mjs: appReady)
}

export const hasCallbackParams = () => {
  const q = new URLSearchParams(location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
};
