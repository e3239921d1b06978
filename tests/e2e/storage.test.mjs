// Where the SDK keeps what, in Chromium against the dev backend: the login
// transaction in sessionStorage whatever `storage` is, and expired on load.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { login, reloadHarness, sdkKey, suiteEnv, withHarness } from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });
const txKey = () => sdkKey(env.backend.clientId, 'transaction');

/** The SDK's keys in each storage area of the page. */
const keysOf = (page) => page.evaluate(() => {
  const sdk = (area) => Object.keys(area).filter((k) => k.startsWith('zaehlerfreunde-auth:')).sort();
  return { session: sdk(sessionStorage), local: sdk(localStorage) };
});

test("storage 'local': the login transaction goes to sessionStorage only, the session to localStorage", () => withHarness(env, { storage: 'local' }, async (page) => {
  await page.evaluate(() => window.auth.buildAuthorizeUrl());
  assert.deepEqual(await keysOf(page), { session: [txKey()], local: [] });
  assert.ok((await login(page)).ok);
  assert.deepEqual(await keysOf(page), { session: [], local: [sdkKey(env.backend.clientId, 'session')] });
}));

test("storage 'memory': the login completes across the redirect; nothing of the session is stored", () => withHarness(env, { storage: 'memory' }, async (page) => {
  const outcome = await login(page, { appState: { to: '/x' } });
  assert.deepEqual(outcome, { ok: { appState: { to: '/x' } } });
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);
  assert.deepEqual(await keysOf(page), { session: [], local: [] });
}));

test('a login transaction past its 10 minutes is removed when the SDK loads; a current one is kept', () => withHarness(env, {}, async (page) => {
  await page.evaluate(() => window.auth.buildAuthorizeUrl());
  await reloadHarness(page);
  assert.deepEqual((await keysOf(page)).session, [txKey()], 'a current transaction stays');
  // The same transaction, started 601 s ago.
  await page.evaluate((k) => {
    const tx = JSON.parse(/** @type {string} */ (sessionStorage.getItem(k)));
    tx.created_at = Math.floor(Date.now() / 1000) - 601;
    sessionStorage.setItem(k, JSON.stringify(tx));
  }, txKey());
  await reloadHarness(page);
  assert.deepEqual(await keysOf(page), { session: [], local: [] });
}));
