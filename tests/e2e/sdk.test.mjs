// SDK behaviour through its JS API, in Chromium against the real dev backend.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  launchBrowser, login, loginToCallback, openHarness, sdkKey, startBackend, storedSession,
} from './harness.mjs';

let backend;
let browser;

before(async () => {
  backend = await startBackend({ accessTokenTtl: 300 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await backend?.close();
});

const refreshes = () => backend.stats.token.filter((t) => t.grant_type === 'refresh_token');

/** Marks the stored access token as expired, then reloads so a new SDK instance reads it. */
async function expireStoredToken(page) {
  await page.evaluate((key) => {
    const s = JSON.parse(sessionStorage.getItem(key));
    s.expires_at = 0;
    sessionStorage.setItem(key, JSON.stringify(s));
  }, sdkKey(backend.clientId, 'session'));
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
}

test('bad config throws invalid_config at construction', async () => {
  const { context, page } = await openHarness(browser, backend);
  const cases = await page.evaluate(() => [
    {},
    { clientId: '', redirectUri: 'https://app.example/' },
    { clientId: 'x' },
    { clientId: 'x', redirectUri: 'http://app.example/' },
    { clientId: 'x', redirectUri: 'https://app.example/', tokenUrl: 'not a url' },
    { clientId: 'x', redirectUri: 'https://app.example/', storage: 'cookie' },
    { clientId: 'x', redirectUri: 'https://app.example/', redirect_uri: 'typo' },
  ].map((c) => {
    try {
      new window.ZaehlerfreundeAuth(c);
      return 'constructed';
    } catch (e) {
      return `${e.name}/${e.error}/${e instanceof Error}`;
    }
  }));
  for (const c of cases) assert.equal(c, 'ZaehlerfreundeAuthError/invalid_config/true');
  await context.close();
});

test('appState and authorizationParams round trip; protected parameters are refused', async () => {
  const { context, page } = await openHarness(browser, backend);
  const refused = await page.evaluate(() => window.settle(
    () => window.auth.buildAuthorizeUrl({ authorizationParams: { code_challenge: 'x' } }),
  ));
  assert.equal(refused.error, 'invalid_request');
  assert.match(refused.error_description, /code_challenge/);
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(backend.clientId, 'transaction')), null);

  const authorize = page.waitForRequest((r) => r.url().startsWith(`${backend.issuer}authorize?`));
  const appState = { returnTo: '/spaces/7', list: [1, 'zwei', { drei: true }] };
  const loginDone = login(page, { appState, authorizationParams: { login_hint: 'anna', ui_locales: 'de' } });
  const sent = new URL((await authorize).url());
  assert.equal(sent.searchParams.get('login_hint'), 'anna');
  assert.equal(sent.searchParams.get('ui_locales'), 'de');
  const result = await loginDone;
  assert.deepEqual(result.ok, { appState });
  assert.equal(new URL(page.url()).search, '', 'code, state and iss removed from the address bar');
  const user = await page.evaluate(() => window.auth.getUser());
  assert.equal(user.sub, 'anna');
  assert.equal(user.email, 'anna@example.com');
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);
  await context.close();
});

test('100 concurrent getAccessToken calls with an expired token share one refresh', async () => {
  const { context, page } = await openHarness(browser, backend);
  assert.ok((await login(page)).ok);
  const before = await storedSession(page, backend.clientId);
  await expireStoredToken(page);
  const countBefore = refreshes().length;
  const tokens = await page.evaluate(() => Promise.all(
    Array.from({ length: 100 }, () => window.auth.getAccessToken()),
  ));
  assert.equal(refreshes().length, countBefore + 1, 'exactly one refresh request reached the server');
  assert.equal(new Set(tokens).size, 1, 'all 100 calls got the same token');
  assert.notEqual(tokens[0], before.access_token);
  const after = await storedSession(page, backend.clientId);
  assert.equal(after.access_token, tokens[0]);
  assert.notEqual(after.refresh_token, before.refresh_token, 'the rotated refresh token replaced the old one');
  // A valid token is then answered from memory: no further request.
  await page.evaluate(() => window.auth.getAccessToken());
  assert.equal(refreshes().length, countBefore + 1);
  await context.close();
});

test('tokenRequestFormat "json" works for the code exchange and the refresh', async () => {
  const { context, page } = await openHarness(browser, backend, { tokenRequestFormat: 'json' });
  const tokenCalls = backend.stats.token.length;
  assert.ok((await login(page)).ok);
  const forced = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
  assert.ok(forced.ok);
  const calls = backend.stats.token.slice(tokenCalls);
  assert.deepEqual(calls.map((c) => [c.grant_type, c.format]), [
    ['authorization_code', 'json'],
    ['refresh_token', 'json'],
  ]);
  assert.equal((await storedSession(page, backend.clientId)).access_token, forced.ok);
  await context.close();
});

test('a refresh token spent elsewhere gives login_required and clears the session', async () => {
  const { context, page } = await openHarness(browser, backend);
  assert.ok((await login(page)).ok);
  const { refresh_token: rt } = await storedSession(page, backend.clientId);
  // Someone else uses (and so rotates away) the SDK's refresh token.
  const res = await fetch(`${backend.issuer}oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: backend.clientId, refresh_token: rt }),
  });
  assert.equal(res.status, 200);
  const outcome = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
  assert.equal(outcome.error, 'login_required');
  assert.equal(await storedSession(page, backend.clientId), null);
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false);
  assert.equal(await page.evaluate(() => window.auth.getUser()), null);
  await context.close();
});

test('a tampered state is state_mismatch, consumes the transaction and stores nothing', async () => {
  const { context, page } = await openHarness(browser, backend);
  const callback = await loginToCallback(page);
  const tampered = callback.replace(/state=[^&]+/, 'state=forged');
  const outcome = await page.evaluate((u) => window.settle(() => window.auth.handleRedirectCallback(u)), tampered);
  assert.equal(outcome.error, 'state_mismatch');
  assert.equal(await storedSession(page, backend.clientId), null);
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(backend.clientId, 'transaction')), null);
  // The genuine URL cannot be replayed now: the transaction is gone.
  const replay = await page.evaluate((u) => window.settle(() => window.auth.handleRedirectCallback(u)), callback);
  assert.equal(replay.error, 'missing_transaction');
  assert.equal(await storedSession(page, backend.clientId), null);
  await context.close();
});

test('fetch only sends the token under apiBaseUrl and adds the bearer header', async () => {
  const { context, page } = await openHarness(browser, backend);
  assert.ok((await login(page)).ok);
  const outside = await page.evaluate(() => window.settle(() => window.auth.fetch('https://evil.example/partner/spaces')));
  assert.equal(outside.error, 'invalid_request');
  const apiCalls = backend.stats.routes['api GET /partner/spaces'] ?? 0;
  const body = await page.evaluate(async () => (await window.auth.fetch('spaces?page=1&pageSize=3')).json());
  assert.equal(body.totalNumPages, 3);
  assert.deepEqual(body.spaces.map((s) => s.id), ['space-4', 'space-5', 'space-6']);
  assert.equal(backend.stats.routes['api GET /partner/spaces'], apiCalls + 1);
  const bad = await page.evaluate(async () => (await window.auth.fetch('/spaces?page=-1')).status);
  assert.equal(bad, 400);
  await context.close();
});

test('logout({ localOnly }) removes exactly the SDK keys', async () => {
  const { context, page } = await openHarness(browser, backend);
  assert.ok((await login(page)).ok);
  await page.evaluate(() => {
    sessionStorage.setItem('other-app:session', 'x');
    return window.auth.logout({ localOnly: true });
  });
  const keys = await page.evaluate(() => Object.keys(sessionStorage).sort());
  assert.deepEqual(keys, ['harness:overrides', 'other-app:session']);
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false);
  const token = await page.evaluate(() => window.settle(() => window.auth.getAccessToken()));
  assert.equal(token.error, 'login_required');
  await context.close();
});

test('a 401 from the partner API triggers one refresh and one retry', async () => {
  const { context, page } = await openHarness(browser, backend);
  assert.ok((await login(page)).ok);
  // The stored access token is unexpired by its clock but no longer accepted
  // (as after a key rotation or revocation at the API).
  await page.evaluate((key) => {
    const s = JSON.parse(sessionStorage.getItem(key));
    s.access_token = 'no-longer-valid';
    sessionStorage.setItem(key, JSON.stringify(s));
  }, sdkKey(backend.clientId, 'session'));
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const apiCalls = backend.stats.routes['api GET /partner/spaces'] ?? 0;
  const rejected = backend.stats.apiRejected.length;
  const refreshCount = refreshes().length;
  const status = await page.evaluate(async () => (await window.auth.fetch('/spaces')).status);
  assert.equal(status, 200);
  assert.equal(backend.stats.routes['api GET /partner/spaces'], apiCalls + 2, 'one call, one retry');
  assert.equal(backend.stats.apiRejected.length, rejected + 1);
  assert.equal(refreshes().length, refreshCount + 1, 'one refresh');
  assert.notEqual((await storedSession(page, backend.clientId)).access_token, 'no-longer-valid');
  await context.close();
});
