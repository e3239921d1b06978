// A standard OpenID provider with the config it needs (issuer, clientId,
// redirectUri): the endpoints discovered from oidc-provider's
// /.well-known/openid-configuration, and RP-Initiated Logout 1.0 at its
// end_session_endpoint really ending the provider's session. A failed
// revocation is reported; a discovery document of another issuer is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  login, refreshAtServer, sdkKeys, storedSession, suiteEnv, withContext, withHarness,
} from './harness.mjs';

const env = suiteEnv();
const DISCOVERY = 'provider GET /.well-known/openid-configuration';
const discoveries = () => env.backend.stats.routes[DISCOVERY] ?? 0;

/** A harness page whose SDK is built from `config` alone (no local endpoints). */
async function harnessWith(context, config) {
  const page = await context.newPage();
  await page.goto(`${env.backend.appOrigin}/harness.html`);
  await page.evaluate((c) => sessionStorage.setItem('harness:config', JSON.stringify(c)), {
    clientId: env.backend.clientId,
    redirectUri: `${env.backend.appOrigin}/harness.html`,
    ...config,
  });
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Starts a login and tells what the provider shows: its login form, or (a live session) consent. */
async function providerAsks(page) {
  await page.evaluate(() => { window.auth.loginWithRedirect(); });
  await page.waitForURL(/\/interaction\//);
  return (await page.locator('input[name="password"]').count()) === 1 ? 'password' : 'consent';
}

test('issuer, clientId, redirectUri: discovered once per page; standard logout ends the provider session', () => withContext(env.browser, {}, async (context) => {
  const { issuer, appOrigin } = env.backend;
  const before = discoveries();
  const page = await harnessWith(context, { issuer });
  assert.equal(discoveries(), before, 'construction reads nothing');
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${issuer}authorize?`));
  assert.ok((await login(page)).ok);
  await authorize;
  // One read per page that needed an endpoint: the login page and the callback page.
  assert.equal(discoveries(), before + 2);
  const rt = (await storedSession(page, env.backend.clientId)).refresh_token;
  assert.ok((await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })))).ok);
  assert.equal(discoveries(), before + 2, 'the refresh used the endpoints read');

  const endSession = page.waitForRequest((r) => r.url().startsWith(`${issuer}oidc/logout?`));
  await page.evaluate((to) => { window.auth.logout({ returnTo: to, state: 'bye' }); }, `${appOrigin}/`);
  const q = new URL((await endSession).url()).searchParams;
  assert.deepEqual([...q.keys()], ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state']);
  assert.equal(q.get('post_logout_redirect_uri'), `${appOrigin}/`);
  assert.equal(q.get('client_id'), env.backend.clientId);
  await page.waitForURL(`${appOrigin}/?state=bye`);
  const res = await refreshAtServer(env.backend, rt);
  assert.equal((await res.json()).error, 'invalid_grant', 'the refresh token was revoked');

  await page.goto(`${appOrigin}/harness.html`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await providerAsks(page), 'password', 'the provider session ended: the next login asks for the password');
}));

test('a local-only logout leaves the provider session: the next login asks no password', () => withContext(env.browser, {}, async (context) => {
  const page = await harnessWith(context, { issuer: env.backend.issuer });
  assert.ok((await login(page)).ok);
  assert.equal(await page.evaluate(() => window.auth.logout({ localOnly: true })), true, 'revoked');
  assert.deepEqual(await sdkKeys(page), []);
  assert.equal(await providerAsks(page), 'consent');
}));

test('a failed revocation: an error event (revocation_failed), a debug line, logout() resolves to false', () => withHarness(env, { revokeUrl: `${env.backend.appOrigin}/no-revocation-here`, debug: true }, async (page) => {
  const before = discoveries();
  assert.ok((await login(page)).ok);
  assert.equal(discoveries(), before, 'explicit endpoints: no discovery');
  const rt = (await storedSession(page, env.backend.clientId)).refresh_token;
  const debugLines = [];
  page.on('console', (m) => { if (m.type() === 'debug') debugLines.push(m.text()); });
  const outcome = await page.evaluate(async () => {
    const errors = [];
    window.auth.on('error', (e) => errors.push({ error: e.error, description: e.error_description }));
    const result = await window.auth.logout({ localOnly: true });
    return { result, errors, authenticated: window.auth.isAuthenticated() };
  });
  assert.equal(outcome.result, false);
  assert.deepEqual(outcome.errors, [{ error: 'revocation_failed', description: 'the revocation endpoint answered HTTP 404' }]);
  assert.equal(outcome.authenticated, false, 'the session ended here all the same');
  assert.deepEqual(await sdkKeys(page), []);
  assert.ok(debugLines.some((l) => l.includes('logout: the revocation endpoint answered HTTP 404')), debugLines.join('\n'));
  assert.ok(!debugLines.some((l) => l.includes(rt)), 'no token in the log');
  // Why it is reported: the refresh token is still valid at the provider.
  assert.equal((await refreshAtServer(env.backend, rt)).status, 200);
}));

test('a discovery document of another issuer is refused: discovery_failed, nothing stored', () => withContext(env.browser, {}, async (context) => {
  // The same document (a trailing "/" is not doubled in its URL), whose
  // issuer has the "/": compared exactly, another issuer (Discovery §4.3).
  const other = env.backend.issuer.replace(/\/$/, '');
  const page = await harnessWith(context, { issuer: other });
  const before = discoveries();
  const outcome = await page.evaluate(async () => {
    const events = [];
    window.auth.on('error', (e) => events.push(e.error));
    const result = await window.settle(() => window.auth.buildAuthorizeUrl());
    return { result, events };
  });
  assert.equal(discoveries(), before + 1, `the document was read: ${JSON.stringify(outcome)}`);
  assert.equal(outcome.result.error, 'discovery_failed');
  assert.match(outcome.result.error_description, /another issuer/);
  assert.deepEqual(outcome.events, ['discovery_failed']);
  assert.deepEqual(await sdkKeys(page), [], 'no login transaction');
}));
