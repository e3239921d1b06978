// Security beyond the anchors, end to end: ID-token signatures against the
// provider's JWKS, and (below) cross-tab refresh-token rotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertSameSecret, login, loginToCallback, observeTabChannel, openHarness, reloadHarness, sdkKeys, suiteEnv,
  tabMessages, tabMessagesUpTo, waitForTabMessage, withContext, withHarness,
} from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

const jwksFetches = () => env.backend.stats.routes['browser GET /.well-known/jwks.json'] ?? 0;

test('id_token_invalid: an ID token whose signature does not verify with the JWKS stores nothing', () => withHarness(env, {}, async (page) => {
  await loginToCallback(page);
  env.backend.faults.arm('jwks', 'wrong_key', 5);
  const before = jwksFetches();
  const outcome = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
  assert.equal(outcome.error, 'id_token_invalid');
  assert.equal(outcome.reason, 'signature');
  // The key with the token's kid was found (an unknown kid would have been
  // fetched again) and its signature check failed.
  assert.equal(jwksFetches() - before, 1);
  assert.deepEqual(await sdkKeys(page), []);
}));

test('the provider\'s signed ID tokens verify; the key set is fetched once, and again only for an unknown kid', async () => {
  // A stale set first (as just before a key rotation): one refetch, then success.
  await withHarness(env, {}, async (page) => {
    await loginToCallback(page);
    env.backend.faults.arm('jwks', 'stale', 1);
    const before = jwksFetches();
    const handled = await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
    assert.ok(handled.ok, JSON.stringify(handled));
    assert.equal(jwksFetches() - before, 2, 'stale set, then one refetch');
    // A refresh returns a new ID token: verified with the cached set.
    assert.ok((await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })))).ok);
    assert.equal(jwksFetches() - before, 2, 'no further fetch');
  });

  await withHarness(env, {}, async (page) => {
    const from = jwksFetches();
    assert.ok((await login(page)).ok);
    assert.equal(jwksFetches() - from, 1);
  });
});

/**
 * Opens a second tab with window.open, which copies sessionStorage (the
 * shared-session case), and returns once the tabs know each other: the new
 * tab says hello, and the first one answers here (after it noted the new tab
 * as a peer). Needs observeTabChannel on the context.
 */
async function openSecondTab(context, page) {
  const [second] = await Promise.all([
    context.waitForEvent('page'),
    page.evaluate(() => {
      window.open('/harness.html', '_blank');
    }),
  ]);
  await second.waitForSelector('body[data-ready="true"]');
  await waitForTabMessage(second, 'here');
  return second;
}

/** A context whose pages record the tab channel (observeTabChannel), for `f(context)`. */
const withObservedTabs = (f) => withContext(env.browser, {}, async (context) => {
  await observeTabChannel(context, env.backend);
  return f(context);
});

const forceRefresh = (page) => page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
const refreshTokenOf = async (page) => JSON.parse(
  await page.evaluate(() => sessionStorage.getItem(/** @type {string} */ (Object.keys(sessionStorage).find((k) => k.endsWith(':session'))))),
).refresh_token;

test('cross-tab: two tabs sharing a session, 50 interleaved refresh rounds, 0 invalid_grant, no reuse detected', (t) => withObservedTabs(async (context) => {
  const a = await openHarness(context, env.backend);
  assert.ok((await login(a)).ok);
  const b = await openSecondTab(context, a);
  assertSameSecret(await refreshTokenOf(b), await refreshTokenOf(a), 'window.open copied the session');

  const [reuse, invalid, refreshesBefore] = [
    env.backend.stats.reuseDetected, env.backend.stats.invalidGrants,
    env.backend.stats.token.filter((x) => x.grant_type === 'refresh_token').length,
  ];
  const failures = [];
  for (let round = 0; round < 50; round++) {
    // Even rounds: both tabs at once (in either order); odd rounds: one after the other.
    const [first, second] = round % 4 < 2 ? [a, b] : [b, a];
    const results = round % 2 === 0
      ? await Promise.all([forceRefresh(first), forceRefresh(second)])
      : [await forceRefresh(first), await forceRefresh(second)];
    for (const r of results) if (!r.ok) failures.push(`round ${round}: ${r.error} ${r.error_description}`);
  }
  const refreshes = env.backend.stats.token.filter((x) => x.grant_type === 'refresh_token').length - refreshesBefore;
  t.diagnostic(`cross-tab: 50 rounds, ${refreshes} refresh requests, ${env.backend.stats.invalidGrants - invalid} invalid_grant, ${env.backend.stats.reuseDetected - reuse} reuse detections, ${failures.length} SDK errors`);
  t.diagnostic(failures.slice(0, 6).join(' | '));
  assert.deepEqual(failures, []);
  assert.equal(env.backend.stats.invalidGrants - invalid, 0, 'no invalid_grant at the server');
  assert.equal(env.backend.stats.reuseDetected - reuse, 0, 'reuse detection never fired');
  assert.ok(refreshes >= 50 && refreshes <= 100, `${refreshes} refreshes`);
  // Both tabs hold the newest refresh token, and the server still honours it.
  const [rtA, rtB] = [await refreshTokenOf(a), await refreshTokenOf(b)];
  assertSameSecret(rtA, rtB, 'both tabs hold the newest refresh token');
  assert.ok((await forceRefresh(b)).ok);
}));

test('cross-tab: a tab joins the tab channel when it first holds a session, not before', () => withObservedTabs(async (context) => {
  // The observer page is logged out, so its own SDK stays off the channel: it
  // sees only the other tab's messages.
  const observer = await openHarness(context, env.backend);
  const seen = (messages) => messages.map((m) => `${m.t}:${m.rt ? 'token' : 'none'}`);
  let since = (await tabMessages(observer)).length;

  const tab = await context.newPage();
  await tab.goto(`${env.backend.appOrigin}/harness.html`);
  await tab.waitForSelector('body[data-ready="true"]');
  await tab.evaluate(() => window.auth.getAccessToken().catch(() => {}));
  assert.deepEqual(seen(await tabMessagesUpTo(env.backend, observer, tab, { since })), [], 'logged out: the tab stays off the channel');

  assert.ok((await login(tab)).ok);
  await waitForTabMessage(observer, 'hello', { since });
  // The hello, and nothing else.
  assert.deepEqual(seen(await tabMessagesUpTo(env.backend, observer, tab, { since })), ['hello:token'], 'the login joins it, with its refresh token');
  since = (await tabMessages(observer)).length;

  await reloadHarness(tab);
  await waitForTabMessage(observer, 'hello', { since });
  // The unloaded page said bye (pagehide): nobody waits for its acknowledgement.
  assert.deepEqual(seen(await tabMessagesUpTo(env.backend, observer, tab, { since })), ['bye:none', 'hello:token'], 'the page left, and a page load with a stored session joins at construction');
}));

test('cross-tab: without Web Locks one tab still shares a single refresh among concurrent calls', () => withContext(env.browser, {}, async (context) => {
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
  });
  const page = await openHarness(context, env.backend);
  assert.equal(await page.evaluate(() => navigator.locks), undefined);
  assert.ok((await login(page)).ok);
  const before = env.backend.stats.token.filter((x) => x.grant_type === 'refresh_token').length;
  const tokens = await page.evaluate(() => Promise.all(
    Array.from({ length: 20 }, () => window.auth.getAccessToken({ forceRefresh: true })),
  ));
  assert.equal(new Set(tokens).size, 1);
  assert.equal(env.backend.stats.token.filter((x) => x.grant_type === 'refresh_token').length, before + 1);
}));

test('cross-tab: logout in one tab ends the shared session in the other', () => withObservedTabs(async (context) => {
  const a = await openHarness(context, env.backend);
  assert.ok((await login(a)).ok);
  const b = await openSecondTab(context, a);
  const since = (await tabMessages(b)).length;
  await a.evaluate(() => window.auth.logout({ localOnly: true }));
  await waitForTabMessage(b, 'logout', { since });
  await b.waitForFunction(() => !window.auth.isAuthenticated(), null, { timeout: 5000, polling: 20 });
  assert.deepEqual(await sdkKeys(b), []);
}));
