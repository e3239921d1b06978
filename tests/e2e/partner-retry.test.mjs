// The SDK's retries, through the typed client in Chromium, asserted on what
// the stand-in saw (its request log): 429 and 503 answered with Retry-After
// by the fault switches, at most 3 retries, POST not retried on 503, and the
// caller's signal ending a backoff wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suiteEnv } from './harness.mjs';
import { apiLog, withPartnerPage } from './partner-harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });
const call = (page, ...args) => page.evaluate(([m, p, i]) => window.call(m, p, i), args);
const NEW_SPACE = { name: 'Neu', addressLineOne: 'Weg 1', postcode: '10115', city: 'Berlin', category: 'HOUSEHOLD' };

/** The log entries from `from` on: [method, path, status] and the gaps between their arrivals (ms). */
async function seen(from) {
  const log = await apiLog(env, from);
  return { requests: log.map((e) => [e.method, e.path, e.status]), gaps: log.slice(1).map((e, i) => e.time - log[i].time) };
}

test('429 with Retry-After: 2 → the retry arrives at least 2 s later and succeeds; POST is retried on 429 too', (t) => withPartnerPage(env, async (page) => {
  for (const [method, path, init] of [['GET', '/spaces', undefined], ['POST', '/spaces', { body: NEW_SPACE }]]) {
    const from = (await apiLog(env)).length;
    env.backend.faults.arm('api', 'http_429', 1);
    const result = await call(page, method, path, init);
    assert.equal(result.status, 200, JSON.stringify(result));
    const { requests, gaps } = await seen(from);
    assert.deepEqual(requests, [[method, '/partner/spaces', 429], [method, '/partner/spaces', 200]]);
    assert.ok(gaps[0] >= 2000, `${method}: retry ${gaps[0]} ms after the 429`);
    t.diagnostic(`${method} 429 → retry after ${gaps[0]} ms → 200`);
  }
}));

test('503 every time → the caller gets the 503 after exactly 4 requests, 1 s apart (Retry-After: 1)', (t) => withPartnerPage(env, async (page) => {
  const from = (await apiLog(env)).length;
  env.backend.faults.arm('api', 'http_503', 10);
  const result = await call(page, 'GET', '/spaces');
  assert.deepEqual(result, { status: 503, data: undefined, error: { message: 'service unavailable' }, retryAfter: '1' });
  const { requests, gaps } = await seen(from);
  assert.deepEqual(requests, Array(4).fill(['GET', '/partner/spaces', 503]));
  assert.ok(gaps.every((g) => g >= 1000), `gaps ${gaps.join(', ')} ms`);
  t.diagnostic(`GET 503 ×4: gaps ${gaps.join(', ')} ms`);
}));

test('POST is not retried on 503: one request, the 503 handed back', () => withPartnerPage(env, async (page) => {
  const from = (await apiLog(env)).length;
  env.backend.faults.arm('api', 'http_503', 10);
  const result = await call(page, 'POST', '/spaces', { body: NEW_SPACE });
  assert.equal(result.status, 503);
  await new Promise((ok) => setTimeout(ok, 1500)); // past the Retry-After a retry would wait
  assert.deepEqual((await seen(from)).requests, [['POST', '/partner/spaces', 503]]);
}));

test('an abort during the backoff wait rejects at once (aborted), and no further request is sent', () => withPartnerPage(env, async (page) => {
  const from = (await apiLog(env)).length;
  env.backend.faults.arm('api', 'http_503', 10);
  const outcome = await page.evaluate(async () => {
    const controller = new AbortController();
    const t0 = performance.now();
    setTimeout(() => controller.abort(), 300); // inside the 1 s wait after the first 503
    const result = await window.call('GET', '/spaces', { signal: controller.signal });
    return { ...result, elapsed: performance.now() - t0 };
  });
  assert.deepEqual(outcome.thrown, { name: 'ZaehlerfreundeAuthError', error: 'aborted' });
  assert.ok(outcome.elapsed < 900, `rejected after ${outcome.elapsed} ms`);
  await new Promise((ok) => setTimeout(ok, 1500));
  assert.deepEqual((await seen(from)).requests, [['GET', '/partner/spaces', 503]]);
}));
