// A callback handled twice in one page is one login (React's StrictMode runs
// effects twice; auth0-spa-js #850, oidc-client-ts #1563): one code exchange,
// one stored session, the same outcome for every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loginToCallback, sdkKey, storedSession, suiteEnv, withHarness } from './harness.mjs';

const env = suiteEnv();

const codeExchanges = () => env.backend.stats.token.filter((t) => t.grant_type === 'authorization_code').length;

test('two concurrent calls and a later one: one code exchange, the same appState for all', () => withHarness(env, {}, async (page) => {
  const appState = { returnTo: '/devices/7' };
  await loginToCallback(page, { appState });
  const before = codeExchanges();
  const [first, second] = await page.evaluate(() => Promise.all([
    window.settle(() => window.auth.handleRedirectCallback()),
    window.settle(() => window.auth.handleRedirectCallback()),
  ]));
  assert.deepEqual(first, { ok: { appState } });
  assert.deepEqual(second, { ok: { appState } });
  // After it ended the address bar is clean; calling again (on that URL, as a
  // remounted component does) is still the same login.
  assert.equal(new URL(page.url()).search, '');
  const later = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  assert.deepEqual(later, { ok: { appState } });
  assert.equal(codeExchanges() - before, 1, 'the code was exchanged once');
  assert.ok((await storedSession(page, env.backend.clientId)).refresh_token);
}));

test('a failed callback handled again gets the same error, without a second exchange', () => withHarness(env, {}, async (page) => {
  await loginToCallback(page);
  env.backend.faults.arm('token', 'http_500', 2);
  const before = codeExchanges();
  const first = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  const again = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  assert.equal(first.error, 'server_error');
  assert.deepEqual(again, first);
  assert.equal(codeExchanges() - before, 1);
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(env.backend.clientId, 'session')), null);
}));
