// The demo SPA and the partner test page, clicked through in Chromium.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';

import {
  decodeJwt, pauseClock, runUntil, sdkKey, sdkKeys, sessionStorageOf, signInAtProvider, suiteEnv, until, withContext,
} from './harness.mjs';
import { spaceId } from '../../dev-backend/partner-store.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const env = suiteEnv({ accessTokenTtl: 300 });

before(() => mkdir(ARTIFACTS, { recursive: true }));

/** `f(page)` on the demo, logged in as anna, in a context of its own (withContext). */
const withLoggedInDemo = (f) => withContext(env.browser, { viewport: { width: 1000, height: 900 } }, async (context) => {
  const page = await context.newPage();
  await page.goto(env.backend.appUrl);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#login');
  await signInAtProvider(page);
  await page.waitForSelector('body[data-ready="true"][data-auth="in"]');
  await page.waitForSelector('#spaces[data-state="loaded"]');
  return f(page);
});

/** The y pixel coordinates of the chart's line. */
const lineYs = (page) => page.$eval('#chart polyline', (l) => l.getAttribute('points').split(' ').map((p) => Number(p.split(',')[1])));

test('demo: user card, claims, Refresh now, spaces → devices and users → readings chart, fault panel', () => withLoggedInDemo(async (page) => {
  assert.equal(await page.textContent('#user-name'), 'Anna Zähler');
  assert.equal(await page.getAttribute('#user-picture', 'src'), `${env.backend.appOrigin}/avatar.svg`);
  const idClaims = JSON.parse(await page.textContent('#id-claims'));
  assert.equal(idClaims.email, 'anna@example.com');
  const atClaims = JSON.parse(await page.textContent('#at-claims'));
  assert.equal(atClaims.aud, 'https://api.prod.zaehlerfreunde.com');
  // No secret of the login on the page whole: tokens, nor the ID token's nonce.
  const session = JSON.parse((await sessionStorageOf(page))[sdkKey(env.backend.clientId, 'session')]);
  const { nonce } = decodeJwt(session.id_token).claims;
  const shown = await page.textContent('body');
  for (const secret of [session.access_token, session.refresh_token, session.id_token, nonce]) {
    assert.ok(!shown.includes(secret), 'no whole secret on the page');
  }
  assert.match(idClaims.nonce, /^.{6}… \(\d+ chars\)$/);

  // The claims boxes stay inside the token panel.
  for (const d of await page.$$('.claims details')) await d.evaluate((x) => { x.open = true; });
  const panel = await page.locator('.panel', { has: page.locator('#at-claims') }).boundingBox();
  for (const box of ['#id-claims', '#at-claims']) {
    const b = await page.locator(box).boundingBox();
    assert.ok(b.x >= panel.x && b.x + b.width <= panel.x + panel.width + 0.5, `${box} overflows its panel`);
  }

  // Refresh now: one refresh grant, and the panel shows the new token's
  // expiry, iat and jti. (The server's clock issues iat and exp: within the
  // same second they may equal the old token's, so the jti tells them apart.)
  const exp = Number(await page.getAttribute('#token-expiry', 'data-exp'));
  assert.equal(await page.isHidden('#token-refreshed'), true);
  const refreshes = () => env.backend.stats.token.filter((t) => t.grant_type === 'refresh_token').length;
  const refreshesBefore = refreshes();
  await page.click('#refresh-token');
  await page.waitForSelector('#token-refreshed:not([hidden])');
  assert.equal(refreshes(), refreshesBefore + 1);
  const newClaims = JSON.parse(await page.textContent('#at-claims'));
  assert.notEqual(newClaims.jti, atClaims.jti);
  assert.ok(newClaims.iat >= atClaims.iat, 'not an older iat');
  assert.equal(Number(await page.getAttribute('#token-expiry', 'data-exp')), newClaims.exp);
  assert.ok(newClaims.exp >= exp, 'not an earlier expiry');
  assert.equal(Number(await page.getAttribute('#token-refreshed', 'data-iat')), newClaims.iat);
  assert.match(await page.textContent('#token-refreshed'), /^Refreshed at .+: a new token, jti .+… → .+…, iat .+ → .+, expiry .+ → .+\.$/);

  // Spaces → the users of a space (every page, through pages()) and its devices.
  const usersOf = () => page.locator('#users li').evaluateAll((lis) => lis.map((li) => [li.dataset.id, li.firstChild.textContent]));
  await page.click(`#spaces li[data-id="${spaceId(1)}"]`);
  await page.waitForSelector('#users[data-state="loaded"]');
  assert.deepEqual(await usersOf(), [['anna', 'Anna Zähler'], ['ben', 'Ben Strom'], ['clara', 'Clara Gas']]);
  assert.match(await page.textContent('#users li:first-child'), /anna@example\.com.*owner/);
  assert.match(await page.textContent('#users li:nth-child(2)'), /member/);
  const usersRequest = env.backend.stats.apiRequests.filter((r) => r.operation === 'getUsersInSpace').at(-1);
  assert.equal(usersRequest.path, `/partner/spaces/${spaceId(1)}/users`);
  assert.equal(usersRequest.query, '?pageSize=20&page=0');
  await page.click(`#spaces li[data-id="${spaceId(2)}"]`);
  await page.waitForSelector('#devices[data-state="loaded"]');
  await page.waitForSelector('#users[data-state="loaded"]');
  assert.equal(await page.textContent('#space-name'), 'Büro');
  assert.deepEqual(await usersOf(), [['anna', 'Anna Zähler']]);
  assert.deepEqual(await page.locator('#devices li').evaluateAll((lis) => lis.map((li) => li.dataset.id)), [
    '00000000-0000-4000-8000-000002000001',
    '00000000-0000-4000-8000-000002000002',
  ]);
  await page.click('#devices li:first-child');
  await page.click('#readings-form button[type="submit"]');
  await page.waitForSelector('#chart[data-points="24"]'); // 24 h at 1_HOUR
  assert.match(await page.textContent('#readings-summary'), /^24 readings, POWER in W$/);
  await page.selectOption('#readings-form select[name="resolution"]', '15_MIN');
  await page.selectOption('#readings-form select[name="measurement"]', 'ENERGY');
  await page.click('#readings-form button[type="submit"]');
  await page.waitForSelector('#chart[data-points="96"]');
  assert.equal(await page.locator('#chart polyline').count(), 1);

  // METER_READING: a large, slowly growing value. The y-axis spans the data's
  // range (checked against the API's own answer), so the line does not draw flat.
  await page.selectOption('#readings-form select[name="resolution"]', '1_HOUR');
  await page.selectOption('#readings-form select[name="measurement"]', 'METER_READING');
  await page.click('#readings-form button[type="submit"]');
  await page.waitForSelector('#chart[data-points="24"]');
  assert.match(await page.textContent('#readings-summary'), /^24 readings, METER_READING in kWh$/);
  const range = await page.evaluate(() => ({
    startTime: new Date(/** @type {HTMLInputElement} */ (document.querySelector('#readings-form [name="startTime"]')).value).toISOString(),
    endTime: new Date(/** @type {HTMLInputElement} */ (document.querySelector('#readings-form [name="endTime"]')).value).toISOString(),
  }));
  const token = JSON.parse((await sessionStorageOf(page))[sdkKey(env.backend.clientId, 'session')]).access_token;
  const query = new URLSearchParams({ ...range, resolution: '1_HOUR', measurement: 'METER_READING' });
  const values = (await (await fetch(`${env.backend.apiOrigin}/partner/devices/00000000-0000-4000-8000-000002000001/readings?${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  })).json()).map((r) => r.value);
  assert.equal(values.length, 24);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const [yMin, yMax] = [Number(await page.getAttribute('#chart', 'data-y-min')), Number(await page.getAttribute('#chart', 'data-y-max'))];
  assert.ok(yMin > 0, `the y-axis starts above 0 (at ${yMin})`);
  assert.ok(yMin <= lo && yMax >= hi, `the y-axis ${yMin}…${yMax} holds the data ${lo}…${hi}`);
  assert.ok(yMax - yMin < 2 * (hi - lo), `the y-axis ${yMin}…${yMax} is scaled to the data ${lo}…${hi}`);
  const ys = await lineYs(page);
  assert.ok(Math.max(...ys) - Math.min(...ys) > 95, 'the line spans at least half of the plot height (190 px)');
  await page.screenshot({ path: new URL('demo.png', ARTIFACTS).pathname, fullPage: true });

  // Fault panel: one 429 from the partner API is retried by the SDK after its
  // Retry-After (2 s of the page's clock, paused from here on and moved by the
  // test), so the spaces load without an error.
  await pauseClock(page);
  await page.click('#faults summary');
  await page.selectOption('#fault-form select[name="fault"]', 'api/http_429');
  await page.click('#fault-form button[type="submit"]');
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('fault-state')).textContent.includes('http_429'));
  const calls = () => env.backend.stats.routes['api GET /partner/spaces'] ?? 0;
  const spacesCalls = calls();
  await page.click('#reload-spaces');
  await until(() => calls() === spacesCalls + 1, 'the first GET /spaces');
  await page.waitForSelector('#spaces[data-state="loading"]');
  // The page reads the 429 after the server sent it: move its clock until the retry comes.
  await runUntil(page, () => calls() === spacesCalls + 2, 'the retry after Retry-After');
  await page.waitForSelector('#spaces[data-state="loaded"]');
  assert.equal(calls(), spacesCalls + 2, 'the 429 and its retry');
  assert.ok(await page.locator('#spaces li').count() > 0);
  assert.equal(await page.isHidden('#error'), true);
  // A token the API keeps refusing (401 after a refresh) reaches the error banner.
  await page.selectOption('#fault-form select[name="fault"]', 'api/http_401');
  await page.fill('#fault-form input[name="count"]', '2');
  await page.click('#fault-form button[type="submit"]');
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('fault-state')).textContent.includes('http_401'));
  await page.click('#reload-spaces');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.getAttribute('#error', 'data-error'), 'invalid_token');
  await page.click('#faults-reset');
  await page.click('#reload-spaces');
  await page.waitForSelector('#error', { state: 'hidden' });
  // A 503 on all 4 attempts (the first and 3 retries) reaches the typed
  // client's error model: the status and the body the API sent.
  await page.selectOption('#fault-form select[name="fault"]', 'api/http_503');
  await page.fill('#fault-form input[name="count"]', '4');
  await page.click('#fault-form button[type="submit"]');
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('fault-state')).textContent.includes('http_503'));
  const logged = env.backend.stats.apiRequests.length;
  await page.click('#reload-spaces');
  await until(() => env.backend.stats.apiRequests.length - logged >= 1, 'request 1 of 4');
  for (let n = 2; n <= 4; n++) {
    // Retry-After: 1, counted from when the page has read the 503.
    await runUntil(page, () => env.backend.stats.apiRequests.slice(logged).filter((r) => r.path === '/partner/spaces').length >= n, `request ${n} of 4`);
  }
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.getAttribute('#error', 'data-error'), 'http_503');
  assert.equal(await page.textContent('#error-code'), 'HTTP 503');
  assert.equal(await page.textContent('#error-description'), 'service unavailable (partner API: /spaces answered HTTP 503)');
  const spacesRequests = env.backend.stats.apiRequests.slice(logged).filter((r) => r.operation === 'getSpaces' || r.path === '/partner/spaces');
  assert.deepEqual(spacesRequests.slice(0, 4).map((r) => r.status), [503, 503, 503, 503]);
  assert.ok(spacesRequests.slice(0, 4).every((r) => r.query === '?page=0&pageSize=50'));
}));

test('partner API stand-in validates parameters and the bearer token (OpenAPI)', () => withLoggedInDemo(async (page) => {
  const token = JSON.parse((await sessionStorageOf(page))[sdkKey(env.backend.clientId, 'session')]).access_token;
  const base = `${env.backend.apiOrigin}/partner`;
  const device = '00000000-0000-4000-8000-000001000001';
  const good = 'startTime=2026-11-29T00:00:00Z&endTime=2026-11-30T00:00:00Z&resolution=1_DAY&measurement=METER_READING';
  const call = (path, auth = `Bearer ${token}`) => fetch(`${base}${path}`, { headers: { Authorization: auth } });

  const ok = await call(`/devices/${device}/readings?${good}`);
  assert.equal(ok.status, 200);
  const readings = await ok.json();
  assert.equal(readings.length, 1);
  assert.deepEqual(Object.keys(readings[0]).sort(), [
    'deviceId', 'deviceProvider', 'deviceType', 'direction', 'label', 'measurement', 'medium', 'timeStamp', 'unit', 'value',
  ]);
  for (const bad of [
    good.replace('1_DAY', '5_MIN'),
    good.replace('METER_READING', 'VOLTAGE'),
    good.replace('2026-11-29T00:00:00Z', 'yesterday'),
    good.replace('endTime=2026-11-30T00:00:00Z&', ''),
    good.replace('2026-11-30T00:00:00Z', '2026-11-28T00:00:00Z'),
  ]) {
    assert.equal((await call(`/devices/${device}/readings?${bad}`)).status, 400, bad);
  }
  assert.equal((await call(`/devices/not-a-uuid/readings?${good}`)).status, 400);
  assert.equal((await call('/spaces?pageSize=0')).status, 400);
  assert.equal((await call('/spaces/space-1/devices?page=x')).status, 400);
  assert.equal((await call('/spaces', '')).status, 401);
  assert.equal((await call('/spaces', `Bearer ${token.slice(0, -4)}AAAA`)).status, 401, 'bad signature');
  const spaces = await (await call('/spaces?page=0&pageSize=5')).json();
  assert.equal(spaces.totalNumPages, 2);
  assert.deepEqual(Object.keys(spaces.spaces[0]).sort(), [
    'addressLineOne', 'associatedUsersId', 'category', 'categoryIcon', 'city', 'country', 'id',
    'isParticipatingInLttProject', 'name', 'ownerUserId', 'postcode',
  ]);
}));

test('partner test page: each step shown, secrets masked', () => withContext(env.browser, {}, async (context) => {
  const page = await context.newPage();
  await page.goto(`${env.backend.appOrigin}/test-page.html`);
  await page.waitForSelector('body[data-ready="true"]');
  // The clientId field is wide enough for its placeholder.
  const room = await page.$eval('#config-form input[name="clientId"]', (input) => {
    const style = getComputedStyle(input);
    const ctx = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { inner, text: ctx.measureText(input.placeholder).width };
  });
  assert.ok(room.text <= room.inner, `the placeholder (${room.text} px) fits the field (${room.inner} px)`);
  await page.click('#build');
  await page.waitForSelector('#step-authorize:not([hidden])');
  const challenge = await page.textContent('#authorize-params td[data-field="code_challenge"]');
  assert.match(challenge, /^.{6}… \(43 chars\)$/);
  assert.equal(await page.textContent('#authorize-params td[data-field="audience"]'), 'https://api.prod.zaehlerfreunde.com');
  await page.click('#go');
  await signInAtProvider(page);
  await page.waitForURL(/test-page\.html\?code=/);
  await page.waitForSelector('#step-callback:not([hidden])');
  const code = new URL(page.url()).searchParams.get('code');
  const shownCode = await page.textContent('#callback-params td[data-field="code"]');
  assert.ok(!shownCode.includes(code) && shownCode.includes('…'), 'the code is masked');
  await page.click('#exchange');
  await page.waitForSelector('#step-tokens:not([hidden])');
  const session = JSON.parse((await sessionStorageOf(page))[sdkKey(env.backend.clientId, 'session')]);
  const pageText = await page.textContent('body');
  const { nonce } = decodeJwt(session.id_token).claims;
  for (const secret of [session.access_token, session.refresh_token, session.id_token, code, nonce]) {
    assert.ok(!pageText.includes(secret), 'no whole secret on the page');
  }
  assert.match(await page.textContent('#token-fields td[data-field="access_token"]'), /… \(\d+ chars\)$/);
  assert.equal(JSON.parse(await page.textContent('#tp-id-claims')).email, 'anna@example.com');
  assert.match(JSON.parse(await page.textContent('#tp-id-claims')).nonce, /^.{6}… \(\d+ chars\)$/);
  await page.click('#refresh');
  await page.waitForSelector('#refresh-result td[data-field="refresh token rotated"]');
  assert.equal(await page.textContent('#refresh-result td[data-field="refresh token rotated"]'), 'yes');
  assert.equal(await page.textContent('#refresh-result td[data-field="new access token"]'), 'yes');
  const logged = env.backend.stats.apiRequests.length;
  await page.click('#call-api');
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('api-result')).textContent.startsWith('HTTP 200'));
  // The typed client's GET /spaces, its data shown.
  assert.deepEqual(env.backend.stats.apiRequests.slice(logged).map((r) => [r.path, r.query, r.status]), [['/partner/spaces', '?page=0&pageSize=3', 200]]);
  const shownSpaces = JSON.parse((await page.textContent('#api-result')).split('\n').slice(1).join('\n'));
  assert.equal(shownSpaces.spaces.length, 3);
  assert.equal(shownSpaces.totalNumPages, 3);
  // The address is already .../test-page.html (the callback cleaned it): wait
  // for the navigation that logout starts, not for a URL.
  await Promise.all([page.waitForEvent('framenavigated'), page.click('#restart')]);
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(await sdkKeys(page), []);
}));
