// The SDK's retries, through the typed client in Chromium, asserted on what
// the stand-in saw (its request log): 429 and 503 answered with Retry-After
// by the fault switches, at most 3 retries, POST not retried on 503, and the
// caller's signal ending a backoff wait. The page's clock is paused: each
// wait passes when the test moves the clock, to the millisecond, once the
// page has said (debug line) that it started the wait: the server answering
// does not mean the page has read the answer yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { debugLine, outcome, pauseClock, settled, suiteEnv, until } from './harness.mjs';
import { withPartnerPage } from './partner-harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });
const NEW_SPACE = { name: 'Neu', addressLineOne: 'Weg 1', postcode: '10115', city: 'Berlin', category: 'HOUSEHOLD' };

/** Begins window.call(method, path, init) in the page without waiting for it (see `settled`). */
const begin = (page, ...args) => page.evaluate(([m, p, i]) => window.begin(() => window.call(m, p, i)), args);
/** The stand-in's request log from entry `from` on, as [method, path, status]. */
const seen = (from) => env.backend.stats.apiRequests.slice(from).map((e) => [e.method, e.path, e.status]);
/** Waits until the stand-in has answered `n` requests from entry `from` on. */
const answered = (from, n) => until(() => env.backend.stats.apiRequests.length - from >= n, `${n} partner-API request(s)`);

/** Resolves once the page has started the wait before a retry, of `ms` milliseconds. */
const retryWait = (page, ms) => debugLine(page, new RegExp(`fetch: busy or unreachable, retrying in ${ms} ms`));

test('429 with Retry-After: 2 → the retry goes out when 2 s have passed, not 1 ms before, and succeeds; POST is retried on 429 too', () => withPartnerPage(env, async (page) => {
  await pauseClock(page);
  for (const [method, path, init] of [['GET', '/spaces', undefined], ['POST', '/spaces', { body: NEW_SPACE }]]) {
    const from = env.backend.stats.apiRequests.length;
    env.backend.faults.arm('api', 'http_429', 1);
    const waiting = retryWait(page, 2000);
    await begin(page, method, path, init);
    await answered(from, 1);
    await waiting;
    await page.clock.runFor(1999);
    assert.equal(await outcome(page), undefined, `${method}: still waiting 1 ms before the Retry-After has passed`);
    assert.deepEqual(seen(from), [[method, '/partner/spaces', 429]], `${method}: no retry yet`);
    await page.clock.runFor(1);
    const result = (await settled(page)).ok;
    assert.equal(result.status, 200, JSON.stringify(result));
    assert.deepEqual(seen(from), [[method, '/partner/spaces', 429], [method, '/partner/spaces', 200]]);
  }
}, { debug: true }));

test('503 every time → the caller gets the 503 after exactly 4 requests, each retry 1 s after the one before (Retry-After: 1)', () => withPartnerPage(env, async (page) => {
  await pauseClock(page);
  const from = env.backend.stats.apiRequests.length;
  env.backend.faults.arm('api', 'http_503', 10);
  let waiting = retryWait(page, 1000);
  await begin(page, 'GET', '/spaces');
  for (let n = 1; n < 4; n++) {
    await answered(from, n);
    await waiting;
    await page.clock.runFor(999);
    assert.equal(seen(from).length, n, `no retry ${n} yet, 1 ms before the Retry-After has passed`);
    // The 4th answer is handed back: no wait follows it.
    if (n < 3) waiting = retryWait(page, 1000);
    await page.clock.runFor(1);
  }
  assert.deepEqual((await settled(page)).ok, { status: 503, data: undefined, error: { message: 'service unavailable' }, retryAfter: '1' });
  assert.deepEqual(seen(from), Array(4).fill(['GET', '/partner/spaces', 503]));
}, { debug: true }));

test('POST is not retried on 503: one request, the 503 handed back', () => withPartnerPage(env, async (page) => {
  // The call ends with the 503: a retry would have been sent before it ended.
  const from = env.backend.stats.apiRequests.length;
  env.backend.faults.arm('api', 'http_503', 10);
  const result = await page.evaluate((body) => window.call('POST', '/spaces', { body }), NEW_SPACE);
  assert.equal(result.status, 503);
  assert.deepEqual(seen(from), [['POST', '/partner/spaces', 503]]);
}));

test('an abort during the backoff wait rejects at once (aborted), and no further request is sent', () => withPartnerPage(env, async (page) => {
  await pauseClock(page);
  const from = env.backend.stats.apiRequests.length;
  env.backend.faults.arm('api', 'http_503', 10);
  await page.evaluate(() => {
    window.controller = new AbortController();
    window.begin(() => window.call('GET', '/spaces', { signal: window.controller.signal }));
  });
  await answered(from, 1);
  // Inside the 1 s wait after the first 503, which the paused clock never ends.
  await page.evaluate(() => window.controller.abort());
  assert.deepEqual((await settled(page)).ok.thrown, { name: 'ZaehlerfreundeAuthError', error: 'aborted' });
  await page.clock.runFor(10_000);
  assert.deepEqual(seen(from), [['GET', '/partner/spaces', 503]], 'the wait ended with the abort: nothing was sent after it');
}));
