// SDK behaviour through its JS API, in Chromium against the real dev backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  login, outcome, pauseClock, reloadHarness, sdkKey, sdkKeys, refreshAtServer, settled, storedSession, suiteEnv, until, withHarness,
} from './harness.mjs';
import { spaceId } from '../../dev-backend/partner-store.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

test('bad config throws invalid_config at construction', () => withHarness(env, {}, async (page) => {
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
      new window.ZaehlerfreundeAuth(/** @type {import('/pkg/index.js').ZaehlerfreundeAuthConfig} */ (c)); // wrong on purpose
      return 'constructed';
    } catch (e) {
      return `${e.name}/${e.error}/${e instanceof Error}/${e.reason}`;
    }
  }));
  // The option to blame is the error's reason; an unknown option has none.
  assert.deepEqual(cases, ['clientId', 'clientId', 'redirectUri', 'redirectUri', 'tokenUrl', 'storage', undefined]
    .map((reason) => `ZaehlerfreundeAuthError/invalid_config/true/${reason}`));
}));

test('one client id, two audiences: each instance keeps its own session, and audience is not an authorize parameter', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const other = await page.evaluate(() => {
    const b = window.makeAuth({ audience: 'https://other.example' });
    return { authenticated: b.isAuthenticated(), user: b.getUser() };
  });
  assert.deepEqual(other, { authenticated: false, user: null });
  assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), true);
  assert.equal((await storedSession(page, env.backend.clientId)).audience, 'https://api.prod.zaehlerfreunde.com');
  const refused = await page.evaluate(() => window.settle(
    () => window.auth.buildAuthorizeUrl({ authorizationParams: { audience: 'https://other.example' } }),
  ));
  assert.equal(refused.error, 'invalid_request');
}));

test('appState and authorizationParams round trip; protected parameters are refused', () => withHarness(env, {}, async (page) => {
  const refused = await page.evaluate(() => window.settle(
    () => window.auth.buildAuthorizeUrl({ authorizationParams: { code_challenge: 'x' } }),
  ));
  assert.equal(refused.error, 'invalid_request');
  assert.match(refused.error_description, /code_challenge/);
  for (const authorizationParams of ['prompt=login', 7, true]) {
    const wrongType = await page.evaluate((p) => window.settle(
      () => window.auth.buildAuthorizeUrl({ authorizationParams: p }),
    ), authorizationParams);
    assert.deepEqual({ ...wrongType, error_description: undefined }, {
      error: 'invalid_request',
      error_description: undefined,
      name: 'ZaehlerfreundeAuthError',
      isError: true,
    }, String(authorizationParams));
    // The description names the option (its wording is free).
    assert.match(wrongType.error_description, /authorizationParams/);
  }
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(env.backend.clientId, 'transaction')), null);

  const authorize = page.waitForRequest((r) => r.url().startsWith(`${env.backend.issuer}authorize?`));
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
}));

test('fetch only sends the token under apiBaseUrl and adds the bearer header', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const outside = await page.evaluate(() => window.settle(() => window.auth.fetch('https://evil.example/partner/spaces')));
  assert.equal(outside.error, 'invalid_request');
  const apiCalls = env.backend.stats.routes['api GET /partner/spaces'] ?? 0;
  const body = await page.evaluate(async () => (await window.auth.fetch('spaces?page=1&pageSize=3')).json());
  assert.equal(body.totalNumPages, 3);
  assert.deepEqual(body.spaces.map((s) => s.id), [4, 5, 6].map(spaceId));
  assert.equal(env.backend.stats.routes['api GET /partner/spaces'], apiCalls + 1);
  const bad = await page.evaluate(async () => (await window.auth.fetch('/spaces?page=-1')).status);
  assert.equal(bad, 400);
}));

test('the first refresh after a reload fetches the key set alongside the token request, not after it', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  await reloadHarness(page); // a new SDK instance: no key set in memory
  const keySets = () => env.backend.stats.routes['browser GET /.well-known/jwks.json'] ?? 0;
  const before = keySets();
  // The token endpoint holds its answer: a key set fetched only after the
  // token response would never be requested while it is held.
  env.backend.faults.arm('token', 'hold', 1);
  await page.evaluate(() => window.begin(() => window.auth.getAccessToken({ forceRefresh: true })));
  await until(() => keySets() > before, 'the key set requested while the token request is held');
  assert.equal(await outcome(page), undefined, 'the refresh still waits for its token response');
  env.backend.faults.release();
  const refreshed = await settled(page);
  assert.equal(typeof refreshed.ok, 'string', 'the refresh worked (its ID token verified with the fetched keys)');
  assert.equal(keySets() - before, 1, 'the key set is fetched once');
}));

test('logout({ localOnly }) removes exactly the SDK keys', () => withHarness(env, {}, async (page) => {
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
}));

test('logout revokes the refresh token at /oauth/revoke (RFC 7009) before clearing', () => withHarness(env, {}, async (page) => {
  assert.ok((await login(page)).ok);
  const rt = JSON.parse(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(env.backend.clientId, 'session'))).refresh_token;
  const revokes = env.backend.stats.routes['provider POST /oauth/revoke'] ?? 0;
  assert.equal(await page.evaluate(() => window.auth.logout({ localOnly: true })), true, 'logout() says: revoked');
  assert.equal(env.backend.stats.routes['provider POST /oauth/revoke'], revokes + 1);
  assert.deepEqual(await sdkKeys(page), []);
  const res = await refreshAtServer(env.backend, rt);
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, 'invalid_grant', 'the server no longer accepts the refresh token');
}));

test('logout clears the session even when revocation cannot reach the server', () => withHarness(env, { timeoutMs: 1000 }, async (page) => {
  assert.ok((await login(page)).ok);
  await env.backend.provider.stop();
  try {
    const revoked = await page.evaluate(() => window.auth.logout({ localOnly: true }));
    assert.equal(revoked, false, 'logout() says: not revoked');
    assert.deepEqual(await sdkKeys(page), []);
    assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false);
  } finally {
    await env.backend.provider.start();
  }
}));

test('logout ends the session at once; a revocation that never answers is given up when timeoutMs has passed', () => withHarness(
  env,
  { timeoutMs: 1000, revokeUrl: `${env.backend.appOrigin}/__test/hang` },
  async (page) => {
    assert.ok((await login(page)).ok);
    // The page's clock stands still until the test moves it.
    await pauseClock(page);
    const hangs = env.backend.hangRequests();
    await page.evaluate(() => window.begin(() => window.auth.logout({ localOnly: true })));
    // Logout takes the refresh lock first; then the session ends, before the revocation answers.
    await until(async () => (await sdkKeys(page)).length === 0, 'the session to end before the revocation answers');
    assert.equal(await page.evaluate(() => window.auth.isAuthenticated()), false);
    // The revocation's timeout starts before its request is sent: once the
    // server holds the request, the clock can move.
    await until(() => env.backend.hangRequests() === hangs + 1, 'the revocation request to arrive');
    await page.clock.runFor(999);
    assert.equal(await outcome(page), undefined, 'the revocation is still awaited 1 ms before timeoutMs');
    await page.clock.runFor(1);
    assert.deepEqual(await settled(page, 'logout'), { ok: false }, 'logout() says: not revoked');
  },
));
