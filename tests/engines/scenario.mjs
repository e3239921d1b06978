// The product's path through one browser engine, written once and run per
// engine (engines.mjs): login through the provider's own pages, a forced
// refresh with rotation, a second window taking the session with
// checkSession(), concurrent refreshes from both windows, the typed partner
// client, logout; then DPoP (`dpop: true`: the key in IndexedDB, not
// extractable, the tokens bound to it, a proof on each request, the key
// deleted at logout). Each step asserts stored values and what the dev
// backend saw, and fails on any page error, console error or CSP violation
// the engine or the in-page probe recorded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { sha256 } from '../../dev-backend/provider.mjs';
import {
  assertNewSecret, assertSameSecret, refreshAtServer, sdkKey, startBackend, tabChannelName,
} from '../e2e/harness.mjs';
import { apiLog } from '../e2e/partner-harness.mjs';
import { PROBE } from './engines.mjs';

/** How long a wait for the page may take before the step fails (not a timing assertion). */
const WAIT_MS = 15000;

/**
 * `fn(arg)` in the window's page (fn must be self-contained: its source is
 * sent), awaited; the in-page probe is installed first if the document has
 * none yet, and what it recorded is moved to `engine.problems`.
 */
async function evaluate(engine, win, fn, arg) {
  const expression = `(async () => {
    (${PROBE})();
    const value = await (${fn})(${JSON.stringify(arg ?? null)});
    return { value: value === undefined ? null : value, problems: window.__engineProblems.splice(0) };
  })()`;
  const { value, problems } = await win.evaluate(expression);
  engine.problems.push(...problems);
  return value;
}

/**
 * Polls `fn(arg)` in the page until it returns a truthy value (which it
 * resolves to). A page being replaced by a navigation may refuse the
 * evaluation; the poll goes on.
 */
async function waitFor(engine, win, what, fn, arg) {
  const deadline = Date.now() + WAIT_MS;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await evaluate(engine, win, fn, arg);
      if (value) return value;
      last = undefined;
    } catch (e) {
      last = e;
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`waited ${WAIT_MS} ms for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

const harnessReady = (engine, win) => waitFor(engine, win, 'the harness page', () => (
  location.pathname === '/harness.html' && document.body?.dataset.ready === 'true' ? location.href : null
));

/** The provider's page: 'login' (its sign-in form), 'consent' (its authorize form) or null. */
const providerPage = (engine, win, origin, page) => waitFor(engine, win, `the provider's ${page} page`, ([o, p]) => {
  if (location.origin !== o || !location.pathname.startsWith('/interaction/') || document.readyState !== 'complete') return null;
  const login = document.querySelector('input[name="login"]') !== null;
  return (p === 'login') === login && document.querySelector('button[type="submit"]') ? p : null;
}, [origin, page]);

/** loginWithRedirect in `win`, then the provider's login and consent pages; resolves to the callback URL. */
async function logInAtProvider(engine, win, backend) {
  await evaluate(engine, win, () => { window.auth.loginWithRedirect(); });
  const provider = new URL(backend.issuer).origin;
  await providerPage(engine, win, provider, 'login');
  await win.fill('input[name="login"]', 'anna');
  await win.fill('input[name="password"]', 'any');
  await win.click('button[type="submit"]');
  await providerPage(engine, win, provider, 'consent');
  await win.click('button[type="submit"]');
  return harnessReady(engine, win);
}

const settle = (engine, win, name, args) => evaluate(engine, win, ([n, a]) => window.settle(() => window.auth[n](...a)), [name, args ?? []]);
const stored = async (engine, win, clientId) => JSON.parse(await evaluate(engine, win, (k) => sessionStorage.getItem(k), sdkKey(clientId, 'session')) ?? 'null');
const refreshGrants = (backend) => backend.stats.token.filter((t) => t.grant_type === 'refresh_token');

/**
 * Registers, in the calling test file, the scenario for one engine:
 * `launch()` (from engines.mjs) starts it. Steps run in order on shared
 * windows; a step after a failed one is skipped.
 */
export function engineScenario(launch) {
  const env = { windows: /** @type {unknown[]} */ ([]) };
  let failed = false;
  before(async () => {
    // DPoP 'on': the app chooses; the scenario is Bearer until its DPoP step.
    env.backend = await startBackend({ accessTokenTtl: 300, dpop: 'on' });
    const t0 = performance.now();
    env.engine = await launch();
    env.launchMs = performance.now() - t0;
    env.started = performance.now();
  });
  after(async () => {
    if (env.engine) {
      const ms = (x) => `${(x / 1000).toFixed(1)} s`;
      console.log(`${env.engine.version}: started in ${ms(env.launchMs)}, the scenario took ${ms(performance.now() - env.started)}`);
    }
    await env.engine?.close();
    await env.backend?.close();
  });

  const open = async () => {
    const win = await env.engine.open(`${env.backend.appOrigin}/harness.html`);
    env.windows.push(win);
    await harnessReady(env.engine, win);
    return win;
  };
  /** Every open window's probe, drained; then nothing may have been recorded. */
  const assertClean = async () => {
    for (const win of env.windows) await evaluate(env.engine, win, () => null);
    // A late report of the first step's own errors is not a problem.
    const problems = env.engine.problems.splice(0).filter((p) => !p.includes('engine-check: '));
    assert.deepEqual(problems, [], 'page errors, console errors, CSP violations');
  };
  const step = (name, f) => test(name, async (t) => {
    if (failed) return t.skip('an earlier step failed');
    try {
      await f(t);
      await assertClean();
    } catch (e) {
      failed = true;
      throw e;
    }
  });

  step('the error checks see a console error, an uncaught error and an unhandled rejection', async () => {
    const { engine } = env;
    env.a = await open();
    await evaluate(engine, env.a, () => {
      console.error('engine-check: console');
      setTimeout(() => { throw new Error('engine-check: thrown'); });
      Promise.reject(new Error('engine-check: rejected'));
    });
    const markers = ['engine-check: console', 'engine-check: thrown', 'engine-check: rejected'];
    const seen = () => markers.filter((m) => engine.problems.some((p) => p.includes(m)));
    // Engines report asynchronously; each evaluate drains the in-page probe.
    for (let i = 0; i < 100 && seen().length < markers.length; i++) {
      await evaluate(engine, env.a, () => new Promise((ok) => setTimeout(ok, 20)));
    }
    assert.deepEqual(seen(), markers);
    engine.problems.splice(0);
  });

  step('login through the provider\'s pages; callback handled, session stored, URL clean', async () => {
    const { engine, backend, a } = env;
    const callback = new URL(await logInAtProvider(engine, a, backend));
    assert.ok(callback.searchParams.get('code'), 'back with a code');
    assert.equal(callback.searchParams.get('iss'), backend.issuer);

    const exchanges = backend.stats.token.length;
    const handled = await settle(engine, a, 'handleRedirectCallback');
    assert.ok(handled.ok, JSON.stringify(handled));
    assert.deepEqual(backend.stats.token.slice(exchanges).map((t) => t.grant_type), ['authorization_code']);
    const url = new URL(await evaluate(engine, a, () => location.href));
    for (const p of ['code', 'state', 'iss']) assert.equal(url.searchParams.has(p), false, `${p} removed from the URL`);
    const session = await stored(engine, a, backend.clientId);
    assert.equal(backend.stats.issuedRefreshTokens.at(-1), sha256(session.refresh_token), 'the refresh token the server issued');
    assert.equal(await evaluate(engine, a, () => window.auth.isAuthenticated()), true);
    assert.equal((await evaluate(engine, a, () => window.auth.getUser())).email, 'anna@example.com');
  });

  step('a forced refresh rotates the refresh token: the server saw the stored one, the new one is stored', async () => {
    const { engine, backend, a } = env;
    const before = await stored(engine, a, backend.clientId);
    const grants = refreshGrants(backend).length;
    const result = await settle(engine, a, 'getAccessToken', [{ forceRefresh: true }]);
    assert.equal(typeof result.ok, 'string', JSON.stringify(result.error ?? result));
    const seen = refreshGrants(backend).slice(grants);
    assert.deepEqual(seen.map((g) => g.refresh_token_sha256), [sha256(before.refresh_token)], 'one refresh grant, with the stored token');
    const afterRefresh = await stored(engine, a, backend.clientId);
    assertNewSecret(afterRefresh.refresh_token, before.refresh_token, 'the stored refresh token');
    assert.equal(backend.stats.issuedRefreshTokens.at(-1), sha256(afterRefresh.refresh_token));
    assertNewSecret(afterRefresh.access_token, before.access_token, 'the stored access token');
    assert.equal(result.ok, afterRefresh.access_token);
  });

  step('a second window takes the session with checkSession(): 0 token requests', async () => {
    const { engine, backend, a } = env;
    env.b = await open();
    const b = env.b;
    assert.equal(await stored(engine, b, backend.clientId), null, 'a window opened by URL starts without a session');
    const requests = backend.stats.token.length;
    // The tab channel as this window sees it: when a "false" comes, the
    // failure says whether the holder's answer came at all, and when.
    await evaluate(engine, b, (name) => {
      window.__tabTimeline = [];
      window.__tabObserver = new BroadcastChannel(name);
      window.__tabObserver.onmessage = (e) => window.__tabTimeline.push([JSON.parse(e.data).t, Date.now()]);
    }, tabChannelName(backend));
    const { joined, asked, answered } = await evaluate(engine, b, async () => {
      const at = Date.now();
      return { joined: await window.auth.checkSession(), asked: at, answered: Date.now() };
    });
    if (!joined) {
      await new Promise((ok) => setTimeout(ok, 1000));
      const timeline = await evaluate(engine, b, () => window.__tabTimeline);
      const seen = timeline.map(([t, at]) => `${t} at +${at - asked} ms`).join(', ') || 'nothing';
      assert.fail(`checkSession() → false after ${answered - asked} ms; the tab channel in this window: ${seen} (the SDK waits 100 ms for a share)`);
    }
    assert.equal(backend.stats.token.length - requests, 0, 'no request to the token endpoint');
    assert.equal(await evaluate(engine, b, () => window.auth.isAuthenticated()), true);
    assertSameSecret(
      (await stored(engine, b, backend.clientId)).refresh_token,
      (await stored(engine, a, backend.clientId)).refresh_token,
      'the same refresh-token family',
    );
    assert.equal((await evaluate(engine, b, () => window.auth.getUser())).sub, 'anna');
  });

  step('concurrent refreshes from both windows: no invalid_grant, no reuse, one live token in both', async (t) => {
    const { engine, backend, a, b } = env;
    const [invalid, reuse, grants] = [backend.stats.invalidGrants, backend.stats.reuseDetected, refreshGrants(backend).length];
    const ROUNDS = 5;
    let overlapping = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Both windows wait for one message on a channel of their own, then
      // force a refresh: the two start together in the browser.
      for (const win of [a, b]) {
        await evaluate(engine, win, () => {
          window.__refresh = new Promise((/** @type {(value?: unknown) => void} */ go) => {
            const channel = new BroadcastChannel('engines:go');
            channel.onmessage = () => { channel.close(); go(); };
          }).then(async () => {
            const started = Date.now();
            const result = await window.settle(() => window.auth.getAccessToken({ forceRefresh: true }));
            return { ...result, started, ended: Date.now() };
          });
        });
      }
      await evaluate(engine, round % 2 ? b : a, () => new BroadcastChannel('engines:go').postMessage('go'));
      const results = [];
      for (const [name, win] of [['a', a], ['b', b]]) {
        const result = await evaluate(engine, win, () => window.__refresh);
        assert.equal(typeof result.ok, 'string', `round ${round}, window ${name}: ${JSON.stringify(result.error ?? result)}`);
        results.push(result);
      }
      const [ra, rb] = results;
      if (ra.started <= rb.ended && rb.started <= ra.ended) overlapping += 1;
    }
    const seen = refreshGrants(backend).slice(grants);
    t.diagnostic(`${ROUNDS} rounds of 2 forced refreshes, ${overlapping} overlapping in time: the server saw ${seen.length} refresh grants`);
    assert.ok(overlapping > 0, 'the refreshes of the two windows overlapped');
    assert.equal(backend.stats.invalidGrants - invalid, 0, 'invalid_grant answers');
    assert.equal(backend.stats.reuseDetected - reuse, 0, 'spent refresh tokens presented');
    assert.ok(seen.length >= ROUNDS, 'each round refreshed at the server');
    assert.equal(new Set(seen.map((g) => g.refresh_token_sha256)).size, seen.length, 'each refresh token presented once');
    const [sa, sb] = [await stored(engine, a, backend.clientId), await stored(engine, b, backend.clientId)];
    assertSameSecret(sb.refresh_token, sa.refresh_token, 'both windows hold the same refresh token');
    assert.equal(backend.stats.issuedRefreshTokens.at(-1), sha256(sa.refresh_token), 'the newest one the server issued');
  });

  step('the typed partner client: GET /spaces through createPartnerClient', async () => {
    const { engine, backend, a } = env;
    const from = (await apiLog(env)).length;
    const result = await evaluate(engine, a, async () => {
      const { createPartnerClient } = await import('/pkg/partner.js');
      const { data, error, response } = await createPartnerClient(window.auth).GET('/spaces');
      return { status: response.status, names: data?.spaces.map((s) => s.name), error: error ?? null };
    });
    assert.deepEqual(result, {
      status: 200, names: ['Zuhause', 'Büro', 'Ferienhaus', 'Werkstatt', 'Laden', 'Garage', 'Praxis'], error: null,
    });
    const log = await apiLog(env, from);
    assert.deepEqual(log.map((r) => [r.method, r.path, r.status]), [['GET', '/partner/spaces', 200]]);
    assert.deepEqual(backend.stats.apiRejected, [], 'the stand-in accepted every bearer token');
  });

  step('logout: refresh token revoked at the server, back on returnTo, the other window logged out too', async () => {
    const { engine, backend, a, b } = env;
    const { refresh_token: refreshToken } = await stored(engine, a, backend.clientId);
    const revocations = backend.stats.routes['provider POST /oauth/revoke'] ?? 0;
    const returnTo = `${backend.appOrigin}/`;
    await evaluate(engine, a, (to) => { window.auth.logout({ returnTo: to }); }, returnTo);
    await waitFor(engine, a, 'the app after logout', (to) => (
      location.href === to && document.body?.dataset.ready === 'true' ? document.body.dataset.auth : null
    ), returnTo).then((auth) => assert.equal(auth, 'out'));
    assert.equal(backend.stats.routes['provider POST /oauth/revoke'] - revocations, 1, 'one revocation request');
    const keys = await evaluate(engine, a, () => Object.keys(sessionStorage).filter((k) => k.startsWith('zaehlerfreunde-auth:')));
    assert.deepEqual(keys, []);
    await waitFor(engine, b, 'the other window to drop the session', (k) => sessionStorage.getItem(k) === null, sdkKey(backend.clientId, 'session'));
    assert.equal(await evaluate(engine, b, () => window.auth.isAuthenticated()), false);
    const reused = await refreshAtServer(backend, refreshToken);
    assert.equal(reused.status, 400, 'the revoked refresh token is refused');
    assert.equal((await reused.json()).error, 'invalid_grant');
  });

  step('DPoP (dpop: true): login, API call and refresh with the key in IndexedDB, not extractable; logout deletes it', async () => {
    const { engine, backend, b } = env;
    // The harness builds its client with these options after the reload.
    await evaluate(engine, b, () => {
      sessionStorage.setItem('harness:overrides', JSON.stringify({ dpop: true }));
      window.__old = true;
      setTimeout(() => location.reload());
    });
    await waitFor(engine, b, 'the reloaded harness', () => !window.__old && document.body?.dataset.ready === 'true');
    const callback = new URL(await logInAtProvider(engine, b, backend));
    assert.ok(callback.searchParams.get('code'), 'back with a code');
    const since = backend.stats.dpop.length;
    const handled = await settle(engine, b, 'handleRedirectCallback');
    assert.ok(handled.ok, JSON.stringify(handled));
    // The key as IndexedDB holds it: its public half's thumbprint and whether the private half exports.
    const key = await evaluate(engine, b, () => new Promise((ok, fail) => {
      const open = indexedDB.open('zaehlerfreunde-auth');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('keys').objectStore('keys').getAll();
        get.onsuccess = async () => {
          open.result.close();
          const [pair] = get.result;
          const exported = await crypto.subtle.exportKey('jwk', pair.privateKey).then(() => 'exported', (e) => e.name);
          const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
          const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y })));
          const jkt = btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          ok({ count: get.result.length, exported, jkt });
        };
      };
    }));
    assert.equal(key.count, 1);
    assert.equal(key.exported, 'InvalidAccessError', 'the private key cannot be exported');
    const claims = (t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString('utf8'));
    assert.equal(claims((await stored(engine, b, backend.clientId)).access_token).cnf.jkt, key.jkt, 'the token is bound to the stored key');
    const status = await evaluate(engine, b, async () => (await window.auth.fetch('/spaces')).status);
    assert.equal(status, 200);
    const refreshed = await settle(engine, b, 'getAccessToken', [{ forceRefresh: true }]);
    assert.equal(typeof refreshed.ok, 'string', JSON.stringify(refreshed));
    assert.equal(claims(refreshed.ok).cnf.jkt, key.jkt);
    assert.deepEqual(backend.stats.dpop.slice(since).map((e) => `${e.server} ${e.ok} ${e.server === 'api' ? e.scheme : e.token_type}`),
      ['provider true DPoP', 'api true DPoP', 'provider true DPoP']);
    assert.equal(await evaluate(engine, b, () => window.auth.logout({ localOnly: true })), true, 'revoked');
    const left = await evaluate(engine, b, () => new Promise((ok) => {
      const open = indexedDB.open('zaehlerfreunde-auth');
      open.onsuccess = () => {
        const count = open.result.transaction('keys').objectStore('keys').count();
        count.onsuccess = () => { open.result.close(); ok(count.result); };
      };
    }));
    assert.equal(left, 0, 'the key is deleted');
  });
}
