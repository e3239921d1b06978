// One session across the app's tabs: a tab opened by URL (no copy of
// sessionStorage) takes the session from a tab that holds it, over the tab
// channel, with no request to the token endpoint; it then shares the
// refresh-token family under the lock and rotation protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertSameSecret, login, observeTabChannel, openHarness, outcome, pauseClock, sdkKey, settled, storedSession, suiteEnv, tabMessages,
  until, withContext,
} from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

const tokenRequests = () => env.backend.stats.token.length;
const forceRefresh = (page) => page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
const checkSession = (page) => page.evaluate(async () => ({ joined: await window.auth.checkSession() }));

/** A tab of the app opened by URL, with its own (empty) sessionStorage. */
const openByUrl = (context, overrides) => openHarness(context, env.backend, overrides);

test('a tab opened by URL takes the session: checkSession() → true, 0 token requests', () => withContext(env.browser, {}, async (context) => {
  const first = await openByUrl(context);
  assert.ok((await login(first)).ok);
  const second = await openByUrl(context);
  assert.equal(await storedSession(second, env.backend.clientId), null, 'a new tab starts without a session');
  const before = tokenRequests();
  const { joined } = await checkSession(second);
  assert.equal(joined, true);
  assert.equal(tokenRequests() - before, 0, 'no request to the token endpoint');
  assert.equal(await second.evaluate(() => window.auth.isAuthenticated()), true);
  assertSameSecret(
    (await storedSession(second, env.backend.clientId)).refresh_token,
    (await storedSession(first, env.backend.clientId)).refresh_token,
    'the same refresh-token family',
  );
  assert.equal((await second.evaluate(() => window.auth.getUser())).sub, 'anna');
  const spaces = await second.evaluate(async () => (await window.auth.fetch('spaces')).status);
  assert.equal(spaces, 200);
}));

test('three tabs, two joined by checkSession(): 50 interleaved refresh rounds, 0 invalid_grant, 0 reuse detections; logout in one ends all', (t) => withContext(env.browser, {}, async (context) => {
  const a = await openByUrl(context);
  assert.ok((await login(a)).ok);
  const b = await openByUrl(context);
  const c = await openByUrl(context);
  assert.equal((await checkSession(b)).joined, true);
  assert.equal((await checkSession(c)).joined, true);
  const tabs = [a, b, c];
  const [reuse, invalid] = [env.backend.stats.reuseDetected, env.backend.stats.invalidGrants];
  const failures = [];
  for (let round = 0; round < 50; round++) {
    const order = [tabs[round % 3], tabs[(round + 1) % 3], tabs[(round + 2) % 3]];
    // Even rounds: all three at once; odd rounds: one after the other.
    const results = round % 2 === 0
      ? await Promise.all(order.map(forceRefresh))
      : [await forceRefresh(order[0]), await forceRefresh(order[1]), await forceRefresh(order[2])];
    for (const r of results) if (!r.ok) failures.push(`round ${round}: ${r.error}`);
  }
  t.diagnostic(`tab session: 50 rounds, ${env.backend.stats.invalidGrants - invalid} invalid_grant, ${env.backend.stats.reuseDetected - reuse} reuse detections, ${failures.length} SDK errors`);
  assert.deepEqual(failures, []);
  assert.equal(env.backend.stats.invalidGrants - invalid, 0);
  assert.equal(env.backend.stats.reuseDetected - reuse, 0);
  const rts = await Promise.all(tabs.map(async (p) => (await storedSession(p, env.backend.clientId)).refresh_token));
  assertSameSecret(rts[1], rts[0], 'b holds the newest refresh token');
  assertSameSecret(rts[2], rts[0], 'c holds the newest refresh token');

  await b.evaluate(() => window.auth.logout({ localOnly: true }));
  for (const [name, page] of [['a', a], ['c', c]]) {
    await page.waitForFunction((k) => sessionStorage.getItem(k) === null, sdkKey(env.backend.clientId, 'session'), { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false, name);
  }
}));

test('a first tab with no peers answers false when its 100 ms wait has passed, not before; shareSession: false shares nothing', () => withContext(env.browser, {}, async (context) => {
  await observeTabChannel(context, env.backend);
  const alone = await openByUrl(context);
  // The page's clock stands still until the test moves it.
  await pauseClock(alone);
  await alone.evaluate(() => window.begin(() => window.auth.checkSession()));
  // The wait starts when the question goes out (after the refresh lock).
  await until(async () => (await tabMessages(alone)).some((m) => m.t === 'ask'), 'the question on the tab channel');
  await alone.clock.runFor(99);
  assert.equal(await outcome(alone), undefined, 'still asking 1 ms before the wait ends');
  await alone.clock.runFor(1);
  assert.deepEqual(await settled(alone, 'checkSession'), { ok: false });
  await alone.clock.resume(); // the context's clock: the tabs below run on it

  const holder = await openByUrl(context, { shareSession: false });
  assert.ok((await login(holder)).ok);
  const asker = await openByUrl(context);
  assert.equal((await checkSession(asker)).joined, false, 'the holder does not give its session');
  const willing = await openByUrl(context);
  await willing.evaluate(() => { window.auth = window.makeAuth({ shareSession: false }); });
  assert.equal((await checkSession(willing)).joined, false, 'nor does a tab that does not share ask');
}));

/** The refresh-lock requests a page is waiting for (Web Locks' own view). */
const pendingLocks = (page) => page.evaluate(async () => /** @type {LockInfo[]} */ ((await navigator.locks.query()).pending).length);

test('a logout while a peer refreshes waits for that refresh and ends its rotated session: nothing comes back logged in', () => withContext(env.browser, {}, async (context) => {
  const a = await openByUrl(context);
  assert.ok((await login(a)).ok);
  const b = await openByUrl(context);
  assert.equal((await checkSession(b)).joined, true);
  const issued = env.backend.stats.issuedRefreshTokens.length;

  // b's refresh reaches the token endpoint, which holds it (b holds the lock).
  env.backend.faults.arm('token', 'hold', 1);
  const refreshing = forceRefresh(b);
  await env.backend.faults.whenHeld();
  // a logs out meanwhile: its logout waits for the refresh lock.
  const loggingOut = a.evaluate(() => window.auth.logout({ localOnly: true }));
  await a.waitForFunction(async () => /** @type {LockInfo[]} */ ((await navigator.locks.query()).pending).length > 0, null, { timeout: 5000, polling: 20 });
  assert.equal(await a.evaluate(() => window.auth.isAuthenticated()), true, 'not cleared before the refresh is done');

  env.backend.faults.release();
  const refreshed = await refreshing;
  await loggingOut;
  assert.ok(refreshed.ok, 'the refresh finished first, with a token');
  assert.equal(env.backend.stats.issuedRefreshTokens.length, issued + 1);
  // The logout ended the rotated session: revoked at the server, and gone in both tabs.
  const rotated = env.backend.stats.issuedRefreshTokens.at(-1);
  assert.equal(env.backend.stats.revokedRefreshTokens.at(-1), rotated, 'the rotated refresh token is the one revoked');
  for (const [name, page] of [['a', a], ['b', b]]) {
    await page.waitForFunction((k) => sessionStorage.getItem(k) === null, sdkKey(env.backend.clientId, 'session'), { timeout: 5000, polling: 20 });
    assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false, name);
    assert.equal(await pendingLocks(page), 0, name);
  }
}));
