// DPoP (RFC 9449) end to end, `dpop: true` against the dev backend in its
// 'required' mode: oidc-provider binds the code (dpop_jkt), the tokens and
// the refresh token to the browser's key, and the partner-API stand-in
// checks every proof with jose. What the servers saw is asserted from their
// records (stats.dpop, stats.token), the key from the page's IndexedDB.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  decodeJwt, login, openHarness, refreshAtServer, reloadHarness, startBackend, storedSession, suiteEnv, withContext, withHarness,
} from './harness.mjs';
import { ath, dpopKey, proof } from './node-oauth.mjs';
import { sha256 } from '../../dev-backend/provider.mjs';

const env = suiteEnv({ dpop: 'required' });
const DPOP = { dpop: true };

const apiEntries = () => env.backend.stats.dpop.filter((e) => e.server === 'api');
const providerEntries = () => env.backend.stats.dpop.filter((e) => e.server === 'provider');
const spaces = () => `${env.backend.apiOrigin}/partner/spaces`;

/** The page's DPoP key pair from IndexedDB, described: whether there is one, its kind, and whether its private half is extractable. */
const storedKey = (page) => page.evaluate(() => new Promise((ok, fail) => {
  const open = indexedDB.open('zaehlerfreunde-auth');
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('keys')) return ok({ keys: [] });
    const store = db.transaction('keys').objectStore('keys');
    const all = store.getAllKeys();
    all.onsuccess = async () => {
      const keys = all.result;
      const pair = keys.length ? await new Promise((r) => { const g = store.get(keys[0]); g.onsuccess = () => r(g.result); }) : undefined;
      db.close();
      if (!pair) return ok({ keys });
      let exported;
      try {
        await crypto.subtle.exportKey('jwk', pair.privateKey);
        exported = 'exported';
      } catch (e) {
        exported = e.name;
      }
      const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
      ok({ keys, algorithm: pair.privateKey.algorithm, extractable: pair.privateKey.extractable, exported, x, y });
    };
  };
}));

/** The RFC 7638 thumbprint of an EC P-256 key's x and y, computed in Node. */
async function thumbprint({ x, y }) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y })).digest('base64url');
}

test('login, the code bound to the key, a DPoP token whose cnf.jkt is the stored non-extractable key, and the partner API answering its proof', async () => {
  await withHarness(env, DPOP, async (page) => {
    const authorize = page.waitForRequest((r) => r.url().includes('/authorize?'));
    const outcome = await login(page);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const key = await storedKey(page);
    assert.equal(key.keys.length, 1);
    assert.deepEqual(key.algorithm, { name: 'ECDSA', namedCurve: 'P-256' });
    assert.equal(key.extractable, false);
    assert.equal(key.exported, 'InvalidAccessError');
    const jkt = await thumbprint(key);
    assert.equal(new URL((await authorize).url()).searchParams.get('dpop_jkt'), jkt);
    const session = await storedSession(page, env.backend.clientId);
    assert.equal(decodeJwt(session.access_token).claims.cnf.jkt, jkt);
    const code = providerEntries().at(-1);
    assert.deepEqual([code.grant_type, code.proof, code.ok, code.token_type], ['authorization_code', true, true, 'DPoP']);

    assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
    const call = apiEntries().at(-1);
    assert.equal(call.ok, true, JSON.stringify(call));
    assert.equal(call.scheme, 'DPoP');
  });
});

/** Sends `headers` to GET /partner/spaces from Node, as a thief would: the status, the challenge, and what the stand-in recorded. */
async function fromOutside(headers) {
  const before = apiEntries().length;
  const res = await fetch(spaces(), { headers });
  const seen = apiEntries().slice(before);
  assert.equal(seen.length, 1);
  return { status: res.status, challenge: /** @type {string} */ (res.headers.get('www-authenticate')), reason: seen[0].reason }; // a 401 has one
}

test('a token copied from storage is refused without the key: no proof, as Bearer, with another key\'s proof; a proof sent again is refused', async (t) => {
  await withHarness(env, DPOP, async (page) => {
    assert.ok((await login(page)).ok);
    const sent = page.waitForRequest((r) => r.url().endsWith('/partner/spaces'));
    assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
    const headers = await (await sent).allHeaders();
    assert.match(headers.authorization, /^DPoP /);
    const { access_token: token } = await storedSession(page, env.backend.clientId);
    const stranger = await dpopKey();

    const noProof = await fromOutside({ Authorization: `DPoP ${token}` });
    const bearer = await fromOutside({ Authorization: `Bearer ${token}` });
    const otherKey = await fromOutside({ Authorization: `DPoP ${token}`, DPoP: await proof(stranger, 'GET', spaces(), { ath: ath(token) }) });
    const replayed = await fromOutside({ Authorization: headers.authorization, DPoP: headers.dpop });
    const answers = { noProof, bearer, otherKey, replayed };
    for (const [what, a] of Object.entries(answers)) assert.equal(a.status, 401, what);
    assert.match(noProof.challenge, /^DPoP error="invalid_dpop_proof"/);
    assert.equal(noProof.reason, 'proof_missing');
    assert.match(bearer.challenge, /error="invalid_token"/);
    assert.match(otherKey.challenge, /error="invalid_token"/);
    assert.equal(otherKey.reason, 'jkt_mismatch');
    assert.equal(replayed.reason, 'jti_replay');
    t.diagnostic(`dpop replays: ${Object.entries(answers).map(([k, a]) => `${k} ${a.status} ${/** @type {RegExpMatchArray} */ (a.challenge.match(/error="\w+"/))[0]} (${a.reason})`).join('; ')}`);
  });
});

test('the refresh token copied from storage is refused at the token endpoint without the key, and with another key\'s proof', async (t) => {
  await withHarness(env, DPOP, async (page) => {
    assert.ok((await login(page)).ok);
    const { refresh_token: rt } = await storedSession(page, env.backend.clientId);
    const bare = await refreshAtServer(env.backend, rt);
    const token = `${env.backend.issuer}oauth/token`;
    const withOtherKey = await fetch(token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', DPoP: await proof(await dpopKey(), 'POST', token) },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: env.backend.clientId, refresh_token: rt }),
    });
    assert.equal(bare.status, 400);
    assert.equal((await bare.json()).error, 'invalid_grant');
    assert.equal(withOtherKey.status, 400);
    assert.equal((await withOtherKey.json()).error, 'invalid_grant');
    t.diagnostic(`dpop refresh-token replays: no proof ${bare.status} ${providerEntries().at(-2).detail}; another key ${withOtherKey.status} ${providerEntries().at(-1).detail}`);
    // The page's own refresh still works: the session was not harmed.
    const refreshed = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
    assert.ok(refreshed.ok, JSON.stringify(refreshed));
  });
});

test('refresh with rotation and the typed partner client, each request with a proof of the same key', async () => {
  await withHarness(env, DPOP, async (page) => {
    assert.ok((await login(page)).ok);
    const jkt = await thumbprint(await storedKey(page));
    const before = await storedSession(page, env.backend.clientId);
    const since = env.backend.stats.dpop.length;
    const refreshed = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
    assert.ok(refreshed.ok);
    const after = await storedSession(page, env.backend.clientId);
    assert.notEqual(after.refresh_token, before.refresh_token, 'rotated');
    assert.equal(decodeJwt(refreshed.ok).claims.cnf.jkt, jkt);
    const status = await page.evaluate(async () => {
      const { createPartnerClient } = await import('/pkg/partner.js');
      const { response } = await createPartnerClient(window.auth).GET('/spaces');
      return response.status;
    });
    assert.equal(status, 200);
    const seen = env.backend.stats.dpop.slice(since);
    assert.deepEqual(seen.map((e) => [e.server, e.ok, e.server === 'api' ? e.scheme : e.token_type]),
      [['provider', true, 'DPoP'], ['api', true, 'DPoP']]);
  });
});

test('the key survives a reload and is shared by a second tab (checkSession), which refreshes with it; logout deletes it', () => withContext(env.browser, {}, async (context) => {
  const first = await openHarness(context, env.backend, DPOP);
  assert.ok((await login(first)).ok);
  const key = await storedKey(first);
  await reloadHarness(first);
  assert.equal(await first.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
  assert.deepEqual(await storedKey(first), key, 'the same key after a reload');

  const second = await openHarness(context, env.backend, DPOP);
  assert.equal(await second.evaluate(() => window.auth.checkSession()), true);
  const refreshed = await second.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
  assert.ok(refreshed.ok, JSON.stringify(refreshed));
  assert.equal(decodeJwt(refreshed.ok).claims.cnf.jkt, await thumbprint(key));
  assert.equal(await second.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
  assert.equal(await first.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200, 'the first tab, with the rotated token it adopted');

  const loggedOut = first.evaluate(() => new Promise((ok) => window.auth.on('loggedOut', ok)));
  const { refresh_token: held } = await storedSession(second, env.backend.clientId);
  assert.equal(await second.evaluate(() => window.auth.logout({ localOnly: true })), true, 'logout() says: revoked');
  assert.equal(env.backend.stats.revokedRefreshTokens.at(-1), sha256(held), 'the bound refresh token is revoked');
  await loggedOut;
  assert.deepEqual((await storedKey(second)).keys, [], 'the key is gone');
  assert.equal(await first.evaluate(() => window.auth.isAuthenticated()), false);
}));

test('storage "memory": the key lives in the page only, nothing in IndexedDB', async () => {
  await withHarness(env, { ...DPOP, storage: 'memory' }, async (page) => {
    const authorize = page.waitForRequest((r) => r.url().includes('/authorize?'));
    assert.ok((await login(page)).ok);
    assert.equal(new URL((await authorize).url()).searchParams.get('dpop_jkt'), null, 'a key in memory does not outlive the redirect: the code is not bound');
    assert.deepEqual((await storedKey(page)).keys, []);
    assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
  });
});

test('nonces: each server\'s use_dpop_nonce costs exactly one extra request, and later proofs carry the nonce', async () => {
  await withHarness(env, DPOP, async (page) => {
    env.backend.settings.dpopNonce = true;
    const since = env.backend.stats.dpop.length;
    assert.ok((await login(page)).ok);
    assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
    assert.equal(await page.evaluate(async () => (await window.auth.fetch('/spaces')).status), 200);
    const refreshed = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
    assert.ok(refreshed.ok);
    const seen = env.backend.stats.dpop.slice(since).map((e) => `${e.server} ${e.ok ? 'ok' : e.error}`);
    assert.deepEqual(seen, [
      'provider use_dpop_nonce', 'provider ok', // the code exchange: once refused, once more with the nonce
      'api use_dpop_nonce', 'api ok', // the first API call likewise
      'api ok', // the second carries the nonce it got
      'provider ok', // as does the refresh
    ]);
  });
});

test('a server that keeps asking for a new nonce gets one retry, then the error: never a loop', async () => {
  await withHarness(env, DPOP, async (page) => {
    assert.ok((await login(page)).ok);
    const since = env.backend.stats.dpop.length;
    env.backend.faults.arm('api', 'use_dpop_nonce', 5);
    const status = await page.evaluate(async () => (await window.auth.fetch('/spaces')).status);
    assert.equal(status, 401, 'the answer is handed over');
    assert.deepEqual(env.backend.stats.dpop.slice(since).map((e) => `${e.server} ${e.error}`), ['api use_dpop_nonce', 'api use_dpop_nonce']);
    env.backend.faults.arm('token', 'use_dpop_nonce', 5);
    const refreshed = await page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));
    assert.equal(refreshed.error, 'use_dpop_nonce');
    assert.equal(env.backend.stats.dpop.slice(since).filter((e) => e.server === 'provider').length, 2);
    assert.ok(await storedSession(page, env.backend.clientId), 'the session is kept');
  });
});

test('a server that answers a proof with a Bearer token is refused (RFC 9449 §5): invalid_response, no silent downgrade, nothing stored', async () => {
  const bearerOnly = await startBackend({ dpop: 'off' });
  try {
    await withContext(env.browser, {}, async (context) => {
      const page = await openHarness(context, bearerOnly, DPOP);
      const outcome = await login(page);
      assert.equal(outcome.error, 'invalid_response', JSON.stringify(outcome));
      assert.match(outcome.error_description, /DPoP/);
      assert.equal(bearerOnly.stats.token.at(-1)?.grant_type, 'authorization_code', 'the exchange was answered');
      assert.equal(await storedSession(page, bearerOnly.clientId), null);
    });
  } finally {
    await bearerOnly.close();
  }
});
