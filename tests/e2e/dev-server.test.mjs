// The app server's control endpoints (/__admin/*, /__test/*) refuse what a web
// page of another site could send (a text/plain POST, any request with a
// foreign Origin) and a host name rebound to 127.0.0.1 (a foreign Host): the
// requests as a browser would send them, made with node:http, which lets the
// test set Host and Origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';

import { startBackend } from '../../www/server/backend.mjs';

const TEST_ORIGIN = 'http://127.0.0.1:9';
let backend;
before(async () => {
  backend = await startBackend({ testOrigins: [TEST_ORIGIN] });
});
after(() => backend.close());

/**
 * Sends one request to the app server; resolves to { status, headers, body }.
 * @param {string} method
 * @param {string} path
 * @param {{ headers?: import('node:http').OutgoingHttpHeaders, body?: string }} [options]
 */
function send(method, path, { headers = {}, body } = {}) {
  const { port } = new URL(backend.appOrigin);
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const json = { 'Content-Type': 'application/json' };

test('/__admin: a cross-site text/plain POST, a foreign Origin and a foreign Host are refused; the app origin is served', async () => {
  const settings = { ...backend.settings };
  const stop = JSON.stringify({ rotateRefreshTokens: false, accessTokenTtl: 1 });
  /** @type {[string, string, import('node:http').OutgoingHttpHeaders][]} */
  const refused = [
    // What a form or fetch of another site sends without a preflight.
    ['POST', '/__admin/settings', { 'Content-Type': 'text/plain', Origin: 'https://evil.example' }],
    // text/plain even from the app's own origin: not a body the panel sends.
    ['POST', '/__admin/settings', { 'Content-Type': 'text/plain;charset=UTF-8', Origin: backend.appOrigin }],
    ['POST', '/__admin/settings', { 'Content-Type': 'text/plain' }],
    ['POST', '/__admin/settings', { ...json, Origin: 'https://evil.example' }],
    // DNS rebinding: the page's own origin, under another host name.
    ['POST', '/__admin/settings', { ...json, Host: `rebound.example:${new URL(backend.appOrigin).port}` }],
    ['GET', '/__admin/stats', { Host: `rebound.example:${new URL(backend.appOrigin).port}` }],
    ['GET', '/__admin/stats', { Origin: 'https://evil.example' }],
    ['GET', '/__admin/stats', { Origin: TEST_ORIGIN }],
  ];
  for (const [method, path, headers] of refused) {
    const res = await send(method, path, { headers, body: method === 'POST' ? stop : undefined });
    assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.ok(!res.body.includes('token'), 'nothing of the stats');
  }
  assert.deepEqual({ ...backend.settings }, settings, 'no setting changed');

  const served = await send('POST', '/__admin/settings', { headers: { ...json, Origin: backend.appOrigin }, body: JSON.stringify({ accessTokenTtl: 42 }) });
  assert.equal(served.status, 200);
  assert.equal(backend.settings.accessTokenTtl, 42);
  assert.equal((await send('GET', '/__admin/stats')).status, 200);
  await backend.reset();
});

test('/__test: only the app and the test runner origins, each echoed (never *); a foreign Host is refused', async () => {
  const port = new URL(backend.appOrigin).port;
  for (const headers of [
    { 'Content-Type': 'text/plain', Origin: 'https://evil.example', Authorization: 'Bearer x' },
    { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
    { Host: `rebound.example:${port}` },
  ]) {
    const res = await send('POST', '/__test/echo', { headers, body: '{}' });
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.ok(!res.body.includes('Bearer'), 'the Authorization header is not echoed');
  }
  const preflight = await send('OPTIONS', '/__test/echo', { headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
  assert.equal(preflight.status, 403);

  const fromRunner = await send('POST', '/__test/echo', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: TEST_ORIGIN },
    body: 'a=1',
  });
  assert.equal(fromRunner.status, 200);
  assert.equal(fromRunner.headers['access-control-allow-origin'], TEST_ORIGIN);
  assert.equal(JSON.parse(fromRunner.body).body, 'a=1');
  const sameOrigin = await send('GET', '/__test/status/202');
  assert.equal(sameOrigin.status, 202);
  assert.equal(sameOrigin.headers['access-control-allow-origin'], undefined);
});
