// Every fault and bad input, end to end: the SDK in Chromium against the real
// dev backend with its fault switches. Each test is named after the error code
// the page sees, and asserts what is left in storage afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertNewSecret, assertSameSecret, declineAtProvider, login, loginToCallback, outcome, pauseClock,
  reloadHarness, sdkKey, sdkKeys, settled, storedSession, refreshAtServer, suiteEnv, until, withHarness,
} from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

const refreshes = () => env.backend.stats.token.filter((t) => t.grant_type === 'refresh_token');
const exchanges = () => env.backend.stats.token.filter((t) => t.grant_type === 'authorization_code');
const apiCalls = () => env.backend.stats.routes['api GET /partner/spaces'] ?? 0;
const txKey = () => sdkKey(env.backend.clientId, 'transaction');
const handle = (page, url) => page.evaluate((u) => window.settle(() => window.auth.handleRedirectCallback(u)), url);
/** Begins handleRedirectCallback() in the page without waiting for it (see `settled`). */
const beginHandle = (page) => page.evaluate(() => window.begin(() => window.auth.handleRedirectCallback()));
const getToken = (page, opts) => page.evaluate((o) => window.settle(() => window.auth.getAccessToken(o)), opts);

/** Marks the stored access token as expired and reloads, so a new SDK instance reads it. */
async function expireStoredToken(page) {
  await page.evaluate((key) => {
    const s = JSON.parse(/** @type {string} */ (sessionStorage.getItem(key)));
    s.expires_at = 0;
    sessionStorage.setItem(key, JSON.stringify(s));
  }, sdkKey(env.backend.clientId, 'session'));
  await reloadHarness(page);
}

test('1 access_denied: the user declines consent; no session is stored', () => withHarness(env, {}, async (page) => {
  await page.evaluate(() => {
    window.auth.loginWithRedirect();
  });
  await declineAtProvider(page);
  await page.waitForURL(/\/harness\.html\?.*error=access_denied/);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.auth.isCallback()), true);
  const outcome = await handle(page);
  assert.equal(outcome.error, 'access_denied');
  assert.equal(outcome.isError, true);
  assert.ok(outcome.error_description.length > 0);
  assert.deepEqual(await sdkKeys(page), [], 'no session, and the transaction is consumed');
  assert.equal(new URL(page.url()).search, '', 'error parameters removed from the address bar');
}));

test('2 state_mismatch: a tampered state stores nothing and consumes the transaction', () => withHarness(env, {}, async (page) => {
  const callback = await loginToCallback(page);
  const tampered = callback.replace(/state=[^&]+/, 'state=forged');
  assert.equal((await handle(page, tampered)).error, 'state_mismatch');
  assert.deepEqual(await sdkKeys(page), []);
  // The genuine URL cannot be replayed now either.
  assert.equal((await handle(page, callback)).error, 'missing_transaction');
  assert.equal(await storedSession(page, env.backend.clientId), null);
}));

test('3 missing_transaction: reloading the callback URL after login leaves the session untouched', () => withHarness(env, {}, async (page) => {
  const callback = await loginToCallback(page);
  assert.ok((await handle(page)).ok);
  const session = await storedSession(page, env.backend.clientId);
  const exchangesBefore = exchanges().length;
  await page.goto(callback); // the browser's reload of the old callback URL
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal((await handle(page)).error, 'missing_transaction');
  assert.deepEqual(await storedSession(page, env.backend.clientId), session);
  assert.equal(exchanges().length, exchangesBefore, 'no code exchange was attempted');
}));

test('4 missing_transaction: the callback URL opened in a new tab', () => withHarness(env, {}, async (page, context) => {
  const callback = await loginToCallback(page);
  const tab = await context.newPage();
  await tab.goto(callback);
  await tab.waitForSelector('body[data-ready="true"]');
  assert.equal((await handle(tab)).error, 'missing_transaction');
  assert.deepEqual(await sdkKeys(tab), []);
  // The tab that started the login still completes it.
  assert.ok((await handle(page, callback)).ok);
}));

test('5 invalid_grant: a reused authorization code', () => withHarness(env, {}, async (page) => {
  const callback = await loginToCallback(page);
  const tx = await page.evaluate((k) => sessionStorage.getItem(k), txKey());
  assert.ok((await handle(page, callback)).ok);
  const session = await storedSession(page, env.backend.clientId);
  // Replay: the same code with a valid transaction for its state, by another
  // SDK instance (this one would answer with the login it already made).
  await page.evaluate(([k, v]) => sessionStorage.setItem(k, v), [txKey(), tx]);
  const replay = await page.evaluate((url) => window.settle(() => window.makeAuth().handleRedirectCallback(url)), callback);
  assert.equal(replay.error, 'invalid_grant');
  assert.deepEqual(await storedSession(page, env.backend.clientId), session, 'the existing session is untouched');
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), txKey()), null);
}));

for (const [kind, code] of [
  ['http_500', 'server_error'],
  ['http_502_html', 'invalid_response'],
  ['invalid_json', 'invalid_response'],
  ['missing_fields', 'invalid_response'],
]) {
  test(`6 ${code}: token endpoint ${kind} during the code exchange; no session stored`, () => withHarness(env, {}, async (page) => {
    await loginToCallback(page);
    env.backend.faults.arm('token', kind, 1);
    const outcome = await handle(page);
    assert.equal(outcome.error, code);
    assert.deepEqual(await sdkKeys(page), []);
  }));
}

test('6 server_error: a failed code exchange is reported without waiting for the JWKS fetch beside it', () => withHarness(
  env,
  { timeoutMs: 8000, jwksUrl: `${env.backend.appOrigin}/__test/hang` },
  async (page) => {
    await loginToCallback(page);
    // The page's clock stands still: the JWKS request, which never gets an
    // answer, can end only by its deadline, and that never comes.
    await pauseClock(page);
    env.backend.faults.arm('token', 'http_500', 1);
    await beginHandle(page);
    assert.equal((await settled(page, 'the callback fails while the JWKS request hangs')).error, 'server_error');
    assert.deepEqual(await sdkKeys(page), []);
  },
));

test('7 timeout: a hanging token endpoint fails when timeoutMs has passed, not before, and the request is aborted', () => withHarness(env, { timeoutMs: 1500 }, async (page) => {
  await loginToCallback(page);
  await pauseClock(page);
  env.backend.faults.arm('token', 'hang', 1);
  const calls = env.backend.stats.token.length;
  await beginHandle(page);
  await until(() => env.backend.stats.token.length > calls && env.backend.faults.openCount() === 1, 'the token request arrives');
  await page.clock.runFor(1499);
  assert.equal(await outcome(page), undefined, 'pending 1 ms before timeoutMs');
  assert.equal(env.backend.faults.openCount(), 1, 'the request is still open');
  await page.clock.runFor(1);
  assert.equal((await settled(page)).error, 'timeout');
  await until(() => env.backend.faults.openCount() === 0, 'the server sees the request aborted');
  assert.deepEqual(await sdkKeys(page), []);
}));

test('8 network_error: refresh while the backend is down keeps the session; it works once back', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const session = await storedSession(page, env.backend.clientId);
  await expireStoredToken(page);
  await env.backend.provider.stop();
  const down = await getToken(page);
  assert.equal(down.error, 'network_error');
  const kept = await storedSession(page, env.backend.clientId);
  assertSameSecret(kept.refresh_token, session.refresh_token, 'the session is kept');
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);
  await env.backend.provider.start();
  const back = await getToken(page);
  assert.ok(back.ok, JSON.stringify(back));
  assertNewSecret(back.ok, session.access_token, 'the token once the backend is back');
}));

test('9 login_required: a refresh token revoked at the server clears the session', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  env.backend.faults.arm('token', 'revoke', 1);
  const outcome = await getToken(page, { forceRefresh: true });
  assert.equal(outcome.error, 'login_required');
  assert.deepEqual(await sdkKeys(page), []);
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false);
}));

test('10 (no error): 100 concurrent getAccessToken calls with an expired token make 1 refresh', (t) => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const before = await storedSession(page, env.backend.clientId);
  await expireStoredToken(page);
  const countBefore = refreshes().length;
  const tokens = await page.evaluate(() => Promise.all(Array.from({ length: 100 }, () => window.auth.getAccessToken())));
  const made = refreshes().length - countBefore;
  t.diagnostic(`case 10: 100 calls -> ${made} refresh request(s) at the server, ${new Set(tokens).size} distinct token(s)`);
  assert.equal(made, 1);
  assert.equal(new Set(tokens).size, 1);
  assertNewSecret(tokens[0], before.access_token, 'the refreshed access token');
  const after = await storedSession(page, env.backend.clientId);
  assertSameSecret(after.access_token, tokens[0], 'the stored access token');
  assertNewSecret(after.refresh_token, before.refresh_token, 'the rotated refresh token');
  await page.evaluate(() => window.auth.getAccessToken());
  assert.equal(refreshes().length, countBefore + 1, 'a valid token is answered from memory');
}));

test('11 invalid_token: a 401 refreshes once and retries once; a persistent 401 stops after 2 calls', (t) => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  // (a) One 401 (the API rejects the token): one refresh, one retry, success.
  env.backend.faults.arm('api', 'http_401', 1);
  let [calls, refreshCount] = [apiCalls(), refreshes().length];
  const ok = await page.evaluate(async () => (await window.auth.fetch('/spaces')).status);
  assert.equal(ok, 200);
  t.diagnostic(`case 11a: one 401 -> ${apiCalls() - calls} API calls, ${refreshes().length - refreshCount} refresh`);
  assert.equal(apiCalls() - calls, 2);
  assert.equal(refreshes().length - refreshCount, 1);
  // (b) A persistent 401: an error after at most 2 API calls, no loop.
  env.backend.faults.arm('api', 'http_401', 10);
  [calls, refreshCount] = [apiCalls(), refreshes().length];
  const outcome = await page.evaluate(() => window.settle(() => window.auth.fetch('/spaces')));
  t.diagnostic(`case 11b: persistent 401 -> ${apiCalls() - calls} API calls, ${refreshes().length - refreshCount} refresh, error ${outcome.error}`);
  assert.equal(outcome.error, 'invalid_token');
  assert.equal(apiCalls() - calls, 2);
  assert.equal(refreshes().length - refreshCount, 1);
  assert.ok(await storedSession(page, env.backend.clientId), 'the session is kept');
}));

test('12 login_required: corrupted stored sessions are logged out and removed; other keys untouched', () => withHarness(env, {}, async (page) => {
  const key = sdkKey(env.backend.clientId, 'session');
  const corrupt = {
    'invalid JSON': '{"v":1,"access_token":',
    'wrong types': JSON.stringify({ v: 1, access_token: 42, expires_at: 'soon', scope: [], audience: null }),
    'unknown version': JSON.stringify({ v: 99, access_token: 'a', expires_at: 9e9, scope: '', audience: '' }),
    '1 MB value': 'x'.repeat(1_000_000),
  };
  for (const [name, value] of Object.entries(corrupt)) {
    await page.evaluate(([k, v]) => {
      sessionStorage.setItem(k, v);
      sessionStorage.setItem('another-app:state', 'untouched');
    }, [key, value]);
    await reloadHarness(page);
    const seen = await page.evaluate(async () => ({
      authenticated: window.auth.isAuthenticated(),
      user: window.auth.getUser(),
      token: await window.settle(() => window.auth.getAccessToken()),
    }));
    assert.equal(seen.authenticated, false, name);
    assert.equal(seen.user, null, name);
    assert.equal(seen.token.error, 'login_required', name);
    assert.equal(seen.token.name, 'ZaehlerfreundeAuthError', name);
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), key), null, `${name}: removed`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('another-app:state')), 'untouched', name);
  }
}));

test('13 (no error): reload keeps the session, a new context has none, logout removes only SDK keys', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const token = await page.evaluate(() => window.auth.getAccessToken());
  const tokenCalls = env.backend.stats.token.length;
  await reloadHarness(page);
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);
  assertSameSecret(await page.evaluate(() => window.auth.getAccessToken()), token, 'the token after a reload');
  assert.equal((await page.evaluate(() => window.auth.getUser())).sub, 'anna');
  assert.equal(env.backend.stats.token.length, tokenCalls, 'served from storage, no request');

  await withHarness(env, {}, async (other) => {
    assert.equal(await other.evaluate(() => window.auth.isAuthenticated()), false);
    assert.deepEqual(await sdkKeys(other), []);
  });

  await page.evaluate(() => sessionStorage.setItem('another-app:state', 'untouched'));
  const before = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => !k.startsWith('zaehlerfreunde-auth:')).sort());
  await page.evaluate((origin) => {
    window.auth.logout({ returnTo: `${origin}/` });
  }, env.backend.appOrigin);
  await page.waitForURL(`${env.backend.appOrigin}/`);
  assert.deepEqual(await sdkKeys(page), []);
  const afterKeys = await page.evaluate(() => Object.keys(sessionStorage).sort());
  assert.deepEqual(afterKeys, before, 'nothing but the SDK keys was removed');
}));

test('14 (no error): tokenRequestFormat "json" works exactly as form', () => withHarness(env, { tokenRequestFormat: 'json' }, async (page) => {
  const from = env.backend.stats.token.length;
  assert.ok((await login(page)).ok);
  const forced = await getToken(page, { forceRefresh: true });
  assert.ok(forced.ok);
  assert.deepEqual(env.backend.stats.token.slice(from).map((c) => [c.grant_type, c.format]), [
    ['authorization_code', 'json'],
    ['refresh_token', 'json'],
  ]);
  assertSameSecret((await storedSession(page, env.backend.clientId)).access_token, forced.ok, 'the stored access token');
  assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
}));

test('15 invalid_grant: without rotation the old refresh token is kept; with rotation it is replaced and the old one rejected', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const original = (await storedSession(page, env.backend.clientId)).refresh_token;

  env.backend.settings.rotateRefreshTokens = false; // like an Auth0 API without rotation
  for (let i = 0; i < 2; i++) {
    assert.ok((await getToken(page, { forceRefresh: true })).ok);
    assertSameSecret((await storedSession(page, env.backend.clientId)).refresh_token, original, 'kept');
  }

  env.backend.settings.rotateRefreshTokens = true;
  assert.ok((await getToken(page, { forceRefresh: true })).ok);
  const rotated = (await storedSession(page, env.backend.clientId)).refresh_token;
  assertNewSecret(rotated, original, 'replaced');
  const res = await refreshAtServer(env.backend, original);
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, 'invalid_grant', 'the old refresh token is rejected by the server');
}));

test('16 too_many_requests: a 429 keeps the session, gives retryAfter, and no refresh is sent before it has passed', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const before = await storedSession(page, env.backend.clientId);
  await expireStoredToken(page);
  // The page's clock moves only as the test says: the 2 s of Retry-After pass exactly.
  await pauseClock(page);
  env.backend.faults.arm('token', 'http_429', 1);
  const calls = env.backend.stats.token.length;
  const limited = await getToken(page);
  assert.equal(limited.error, 'too_many_requests');
  assert.equal(limited.retryAfter, 2);
  assert.equal(env.backend.stats.token.length, calls + 1);
  const kept = await storedSession(page, env.backend.clientId);
  assertSameSecret(kept.refresh_token, before.refresh_token, 'the refresh token is kept');
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);

  // Within the 2 s: the same error, with what is left of the wait, and no request.
  assert.deepEqual(await getToken(page), { ...limited, retryAfter: 2 });
  assert.equal((await getToken(page, { forceRefresh: true })).error, 'too_many_requests', 'forceRefresh waits too');
  await page.clock.runFor(1999);
  assert.equal((await getToken(page)).retryAfter, 1, '1 ms left, rounded up');
  assert.equal(env.backend.stats.token.length, calls + 1, 'no token request within the Retry-After');

  // Once it has passed: one refresh, a new token, and the session rotated.
  await page.clock.runFor(1);
  const after = await getToken(page);
  assert.ok(after.ok, JSON.stringify(after));
  assertNewSecret(after.ok, before.access_token, 'the token after the wait');
  assert.equal(env.backend.stats.token.length, calls + 2);
  assertNewSecret((await storedSession(page, env.backend.clientId)).refresh_token, before.refresh_token, 'the rotated refresh token');
}));

/**
 * `handleRedirectCallback()` (`call` "callback") or a forced refresh
 * (`call` "refresh") in the page: its outcome, and for the diagnostics (no
 * test asserts a duration) how long it took and the token response's size
 * and last byte as Resource Timing saw them, where it saw them (an aborted
 * read has no entry).
 */
const timedInPage = (page, call, { entry: needed = false } = {}) => page.evaluate(async ([which, needed]) => {
  performance.clearResourceTimings();
  const t0 = performance.now();
  const outcome = await window.settle(() => (which === 'callback'
    ? window.auth.handleRedirectCallback()
    : window.auth.getAccessToken({ forceRefresh: true })));
  const t1 = performance.now();
  const entry = () => /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource')).find((e) => new URL(e.name).pathname === '/oauth/token');
  // The entry of a body read whole is queued just after it was read, later
  // on a busy machine: where the test needs it, wait for it (a hang bound
  // only); an aborted read has none, so otherwise only briefly.
  for (let i = 0; i < (needed ? 1000 : 20) && !entry(); i++) await new Promise((ok) => setTimeout(ok, 10));
  const token = entry();
  return {
    outcome,
    elapsed: t1 - t0,
    afterResponse: token ? t1 - token.responseEnd : NaN,
    bytes: token?.decodedBodySize,
  };
}, [call, needed]);

const timing = ({ outcome, elapsed, afterResponse, bytes }) => `${bytes ?? 'no Resource Timing entry:'} B token response; ${outcome.error} after ${elapsed.toFixed(1)} ms, `
  + `${afterResponse.toFixed(1)} ms after the response's last byte`;

test('17 invalid_response: a validly signed ID token over the 64 KiB token-response limit (id_token_2mb) fails the code exchange: the read stops at the limit; nothing stored', (t) => withHarness(env, {}, async (page) => {
  await loginToCallback(page);
  env.backend.faults.arm('token', 'id_token_2mb', 1);
  const timed = await timedInPage(page, 'callback');
  t.diagnostic(`case 17 id_token_2mb: ${timing(timed)}`);
  assert.equal(timed.outcome.error, 'invalid_response');
  assert.match(timed.outcome.error_description, /too large/);
  assert.deepEqual(await sdkKeys(page), [], 'no session, and the transaction is consumed');
}));

test('17 id_token_invalid: a validly signed ID token over the 16 KiB ID-token limit (id_token_20kb) fails the code exchange; nothing stored', (t) => withHarness(env, {}, async (page) => {
  await loginToCallback(page);
  env.backend.faults.arm('token', 'id_token_20kb', 1);
  const timed = await timedInPage(page, 'callback', { entry: true });
  t.diagnostic(`case 17 id_token_20kb: ${timing(timed)}`);
  assert.equal(timed.outcome.error, 'id_token_invalid');
  assert.ok(timed.bytes > 20_000, `the response has ${timed.bytes} B`);
  assert.deepEqual(await sdkKeys(page), [], 'no session, and the transaction is consumed');
}));

test('17 invalid_response: a 2 MB ID token in a refresh response fails and leaves the stored session as it was', (t) => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const before = await storedSession(page, env.backend.clientId);
  env.backend.faults.arm('token', 'id_token_2mb', 1);
  const timed = await timedInPage(page, 'refresh');
  t.diagnostic(`case 17 refresh: ${timing(timed)}`);
  assert.equal(timed.outcome.error, 'invalid_response');
  assert.match(timed.outcome.error_description, /too large/);
  assert.deepEqual(await storedSession(page, env.backend.clientId), before, 'the stored session is untouched');
}));
