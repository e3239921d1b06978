// Events (auth.on) and the debug log (debug: true), end to end: each event
// when it happens, loggedOut from another tab, error with the rejection's
// error; the log names each step and holds no secret of the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  login, loginToCallback, openHarness, sdkKey, storedSession, suiteEnv, withContext, withHarness,
} from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

/** Records every event of window.auth in window.__events. */
const listen = (page) => page.evaluate(() => {
  window.__events = [];
  for (const type of /** @type {const} */ (['loginComplete', 'tokenRefreshed', 'sessionExpired', 'loggedOut', 'error'])) {
    window.auth.on(type, (detail) => window.__events.push(detail ? `${type}:${detail.error}` : type));
  }
});
const events = (page) => page.evaluate(() => window.__events.splice(0));

test('loginComplete, tokenRefreshed, error, sessionExpired and loggedOut, each when it happens', () => withHarness(env, {}, async (page, context) => {
  await loginToCallback(page);
  await listen(page);
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()))).ok);
  assert.deepEqual(await events(page), ['loginComplete']);
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })))).ok);
  assert.deepEqual(await events(page), ['tokenRefreshed']);
  const outside = await page.evaluate(() => window.settle(() => window.auth.fetch('https://evil.example/x')));
  assert.equal(outside.error, 'invalid_request');
  assert.deepEqual(await events(page), ['error:invalid_request']);
  // An unsubscribed listener hears nothing; a throwing one stops nothing.
  const stillHeard = await page.evaluate(async () => {
    const heard = [];
    const off = window.auth.on('tokenRefreshed', () => heard.push('removed'));
    off();
    window.auth.on('tokenRefreshed', () => { throw new Error('listener bug'); });
    window.auth.on('tokenRefreshed', () => heard.push('after the thrower'));
    await window.auth.getAccessToken({ forceRefresh: true });
    await new Promise((ok) => setTimeout(ok, 0));
    return heard;
  });
  assert.deepEqual(stillHeard, ['after the thrower']);
  // The listener's error is reported as the page's, not swallowed.
  assert.equal(context.problems.filter((p) => p.includes('listener bug')).length, 1);
  context.problems = context.problems.filter((p) => !p.includes('listener bug'));
  await events(page);
  env.backend.faults.arm('token', 'revoke', 1);
  const expired = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
  assert.equal(expired.error, 'login_required');
  assert.deepEqual(await events(page), ['sessionExpired', 'error:login_required']);
  const unknown = await page.evaluate(() => {
    try {
      // @ts-expect-error An event name misspelt on purpose: on() refuses it.
      window.auth.on('logedOut', () => {});
      return 'accepted';
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(unknown, 'TypeError');
}));

test('loggedOut reaches the other tabs of the session', () => withContext(env.browser, {}, async (context) => {
  const a = await openHarness(context, env.backend);
  assert.ok((await login(a)).ok);
  const b = await openHarness(context, env.backend);
  assert.equal(await b.evaluate(() => window.auth.checkSession()), true);
  await listen(a);
  await listen(b);
  await a.evaluate(() => window.auth.logout({ localOnly: true }));
  await b.waitForFunction(() => window.__events.includes('loggedOut'), null, { timeout: 5000 });
  assert.deepEqual(await events(a), ['loggedOut']);
  assert.deepEqual(await events(b), ['loggedOut']);
  assert.equal(await storedSession(b, env.backend.clientId), null);
}));

test('debug: true logs each step and no secret of the run', () => withContext(env.browser, {}, async (context) => {
  const logged = [];
  context.on('console', (m) => { if (m.type() === 'debug') logged.push(m.text()); });
  const page = await openHarness(context, env.backend, { debug: true });
  const callback = await loginToCallback(page);
  const tx = JSON.parse(await page.evaluate((k) => sessionStorage.getItem(k), sdkKey(env.backend.clientId, 'transaction')));
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()))).ok);
  const first = await storedSession(page, env.backend.clientId);
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })))).ok);
  assert.equal(await page.evaluate(async () => (await window.auth.fetch('spaces')).status), 200);
  const second = await openHarness(context, env.backend, { debug: true });
  assert.equal(await second.evaluate(() => window.auth.checkSession()), true);
  const last = await storedSession(page, env.backend.clientId);
  await page.evaluate(() => window.auth.logout({ localOnly: true }));
  await second.waitForFunction((k) => sessionStorage.getItem(k) === null, sdkKey(env.backend.clientId, 'session'));

  const text = logged.join('\n');
  for (const step of [
    'login: transaction stored', 'callback: state, redirect_uri and iss checked', 'callback: session stored',
    'refresh: waiting for the refresh lock', 'refresh: lock held', 'refresh: spending the refresh token',
    'refresh: session rotated', 'tabs: asking', 'tabs: a tab shared its session', 'tabs: a tab asks for a session',
    'tabs: a tab logged out', 'logout: session ended',
  ]) assert.ok(text.includes(step), `the log names "${step}"`);
  assert.ok(logged.every((l) => l.startsWith('[zaehlerfreunde-auth] ')));
  const url = new URL(callback);
  const secrets = {
    code: url.searchParams.get('code'), state: tx.state, verifier: tx.verifier, nonce: tx.nonce,
    ...Object.fromEntries(['access_token', 'refresh_token', 'id_token'].flatMap((k) => [[`first ${k}`, first[k]], [`last ${k}`, last[k]]])),
  };
  for (const [name, value] of Object.entries(secrets)) {
    assert.ok(typeof value === 'string' && value.length >= 16, `${name} was captured`);
    assert.ok(!text.includes(value), `the log holds no ${name}`);
    assert.ok(!text.includes(value.slice(0, 16)), `the log holds no part of the ${name}`);
  }
}));
