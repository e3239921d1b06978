// Emulated real networks for `make bench`: Chromium's own throttling
// (Network.emulateNetworkConditions over the CDP session playwright-core
// gives), set on each page before its first navigation, so every request of
// the page — the app's files, the wasm, the authorization server's pages and
// endpoints — crosses the same link; with the HTTP cache off.

/** Per request latency (ms) and throughput (bits per second) of each profile. */
export const PROFILES = {
  '4g': { latencyMs: 40, downBits: 9_000_000, upBits: 1_500_000 },
  '3g': { latencyMs: 150, downBits: 1_600_000, upBits: 750_000 },
};

/** Puts `page` (of `context`) behind `profile` (a PROFILES key). */
export async function emulate(context, page, profile) {
  const p = PROFILES[profile];
  if (!p) throw new Error(`unknown network profile ${profile} (${Object.keys(PROFILES).join(', ')})`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: p.latencyMs,
    downloadThroughput: p.downBits / 8,
    uploadThroughput: p.upBits / 8,
  });
}
