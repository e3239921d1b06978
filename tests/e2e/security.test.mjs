// Security beyond the anchors, end to end: ID-token signatures against the
// provider's JWKS, and (below) cross-tab refresh-token rotation.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertClean, launchBrowser, login, loginToCallback, openHarness, sdkKeys, startBackend,
} from './harness.mjs';

let backend;
let browser;

before(async () => {
  backend = await startBackend({ accessTokenTtl: 300 });
  browser = await launchBrowser();
});
afterEach(() => backend.reset());
after(async () => {
  await browser?.close();
  await backend?.close();
});

const jwksFetches = () => backend.stats.routes['browser GET /.well-known/jwks.json'] ?? 0;

test('id_token_invalid: an ID token whose signature does not verify with the JWKS stores nothing', async () => {
  const { context, page } = await openHarness(browser, backend);
  await loginToCallback(page);
  backend.faults.arm('jwks', 'wrong_key', 5);
  const outcome = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  assert.equal(outcome.error, 'id_token_invalid');
  assert.match(outcome.error_description, /signature does not verify/);
  assert.deepEqual(await sdkKeys(page), []);
  assertClean(context);
  await context.close();
});

test('the provider\'s signed ID tokens verify; the key set is fetched once, and again only for an unknown kid', async () => {
  // A stale set first (as just before a key rotation): one refetch, then success.
  const { context, page } = await openHarness(browser, backend);
  await loginToCallback(page);
  backend.faults.arm('jwks', 'stale', 1);
  const before = jwksFetches();
  const handled = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  assert.ok(handled.ok, JSON.stringify(handled));
  assert.equal(jwksFetches() - before, 2, 'stale set, then one refetch');
  // A refresh returns a new ID token: verified with the cached set.
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })))).ok);
  assert.equal(jwksFetches() - before, 2, 'no further fetch');
  assertClean(context);
  await context.close();

  const second = await openHarness(browser, backend);
  const from = jwksFetches();
  assert.ok((await login(second.page)).ok);
  assert.equal(jwksFetches() - from, 1);
  await second.context.close();
});
