// The whole product in one pass: login redirect → provider login and consent
// → callback → tokens in sessionStorage, URL clean → spaces listed → refresh
// after expiry with refresh-token rotation → logout.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sha256 } from '../../dev-backend/provider.mjs';
import {
  assertNewSecret, decodeJwt, sdkKey, sessionStorageOf, signInAtProvider, suiteEnv, withContext,
} from './harness.mjs';

const ACCESS_TOKEN_TTL = 300; // seconds; the demo is told leewaySeconds: 1
const env = suiteEnv({ accessTokenTtl: ACCESS_TOKEN_TTL });

/**
 * Moves the page's clock (Playwright's, installed by the test) past the
 * stored access token's expiry as the SDK sees it: now + leeway (1 s)
 * reaching expires_at. The server's clock does not move: its tokens stay valid.
 */
async function passExpiry(page, key) {
  const { expiresAt, now } = await page.evaluate((k) => ({
    expiresAt: JSON.parse(/** @type {string} */ (sessionStorage.getItem(k))).expires_at,
    now: Date.now(),
  }), key);
  await page.clock.fastForward(Math.max(0, (expiresAt - 1) * 1000 - now) + 1000);
}

test('login, callback, token storage, partner API, transparent refresh with rotation, logout', () => withContext(env.browser, {}, async (context) => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.addInitScript(() => {
    if (location.port && !localStorage.getItem('zaehlerfreunde-demo:config')) {
      localStorage.setItem('zaehlerfreunde-demo:config', JSON.stringify({ leewaySeconds: 1 }));
    }
    localStorage.setItem('another-app', 'keep me'); // must survive logout
  });
  const session = sdkKey(env.backend.clientId, 'session');
  const transaction = sdkKey(env.backend.clientId, 'transaction');

  await page.goto(env.backend.appUrl);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.getAttribute('body', 'data-auth'), 'out');
  await page.evaluate(() => sessionStorage.setItem('another-app', 'keep me too'));

  // Login: the authorize request carries PKCE S256 and the audience.
  const loginStarted = Math.floor(Date.now() / 1000);
  const authorizeRequest = page.waitForRequest((r) => r.url().startsWith(`${env.backend.issuer}authorize?`));
  await page.click('#login');
  const authorizeUrl = new URL((await authorizeRequest).url());
  assert.equal(authorizeUrl.searchParams.get('response_type'), 'code');
  assert.equal(authorizeUrl.searchParams.get('client_id'), env.backend.clientId);
  assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.match(/** @type {string} */ (authorizeUrl.searchParams.get('code_challenge')), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(authorizeUrl.searchParams.get('audience'), 'https://api.prod.zaehlerfreunde.com');
  assert.equal(authorizeUrl.searchParams.get('scope'), 'openid profile email offline_access');

  await signInAtProvider(page);

  // Back on the app: user shown, URL clean, session stored, transaction gone.
  await page.waitForSelector('body[data-ready="true"][data-auth="in"]');
  const landed = Math.ceil(Date.now() / 1000);
  assert.equal(await page.textContent('#user-email'), 'anna@example.com');
  const landedUrl = new URL(page.url());
  for (const p of ['code', 'state', 'iss']) assert.equal(landedUrl.searchParams.has(p), false, p);
  const stored = await sessionStorageOf(page);
  assert.equal(stored[transaction], undefined);
  const s1 = JSON.parse(stored[session]);
  assert.equal(s1.v, 1);
  assert.equal(s1.audience, 'https://api.prod.zaehlerfreunde.com');
  const at1 = decodeJwt(s1.access_token);
  assert.equal(at1.header.alg, 'RS256');
  assert.equal(at1.claims.aud, 'https://api.prod.zaehlerfreunde.com');
  assert.equal(at1.claims.iss, env.backend.issuer);
  assert.equal(decodeJwt(s1.id_token).claims.email, 'anna@example.com');
  assert.ok(s1.refresh_token, 'a refresh token was stored');
  // expires_in from the moment of the exchange, which lies between the click and the landing.
  // (expires_in may be a second short: the server rounds its own clock.)
  assert.ok(s1.expires_at >= loginStarted + ACCESS_TOKEN_TTL - 1 && s1.expires_at <= landed + ACCESS_TOKEN_TTL, `expires_at ${s1.expires_at}`);
  const exchange = env.backend.stats.token.filter((t) => t.grant_type === 'authorization_code');
  assert.equal(exchange.length, 1);
  assert.equal(exchange[0].format, 'form');

  // Spaces from the partner API (bearer JWT verified there).
  await page.waitForSelector('#spaces[data-state="loaded"]');
  assert.equal(await page.locator('#spaces li').count(), 7);
  assert.match(await page.textContent('#spaces li:first-child'), /^Zuhause/);
  assert.equal(env.backend.stats.apiRejected.length, 0);

  // After expiry the next API call refreshes transparently, with the stored
  // refresh token. The page's time jumps there (a fake clock, running).
  await page.clock.install();
  for (const round of [1, 2]) {
    const before = JSON.parse((await sessionStorageOf(page))[session]);
    await passExpiry(page, session);
    const refreshesBefore = env.backend.stats.token.filter((t) => t.grant_type === 'refresh_token').length;
    await page.click('#reload-spaces');
    await page.waitForFunction(
      ([key, old]) => JSON.parse(sessionStorage.getItem(key) ?? '{}').access_token !== old,
      [session, before.access_token],
    );
    await page.waitForSelector('#spaces[data-state="loaded"]');
    const refreshes = env.backend.stats.token.filter((t) => t.grant_type === 'refresh_token');
    assert.equal(refreshes.length, refreshesBefore + 1, `round ${round}: exactly one refresh`);
    // The server saw the refresh token the SDK held: the rotated one from the round before.
    assert.equal(refreshes.at(-1).refresh_token_sha256, sha256(before.refresh_token), `round ${round}`);
    const afterRefresh = JSON.parse((await sessionStorageOf(page))[session]);
    assertNewSecret(afterRefresh.refresh_token, before.refresh_token, `round ${round}: rotated`);
    assert.equal(env.backend.stats.issuedRefreshTokens.at(-1), sha256(afterRefresh.refresh_token));
    assert.ok(afterRefresh.expires_at >= before.expires_at);
    assert.equal(await page.locator('#spaces li').count(), 7);
  }
  assert.equal(env.backend.stats.apiRejected.length, 0, 'the API never saw an expired token');

  // Logout clears the SDK's keys and nothing else, then comes back logged out.
  await page.click('#logout');
  await page.waitForURL(`${env.backend.appUrl}`);
  await page.waitForSelector('body[data-ready="true"][data-auth="out"]');
  const left = await sessionStorageOf(page);
  assert.deepEqual(Object.keys(left).filter((k) => k.startsWith('zaehlerfreunde-auth:')), []);
  assert.equal(left['another-app'], 'keep me too');
  assert.equal(await page.evaluate(() => localStorage.getItem('another-app')), 'keep me');
  assert.equal(env.backend.stats.routes['provider GET /v2/logout'], 1);
  assert.deepEqual(errors, []);
  const csp = (await page.request.get(env.backend.appUrl)).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
}));
