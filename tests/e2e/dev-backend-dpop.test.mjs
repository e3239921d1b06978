// The dev backend's DPoP (RFC 9449), without a browser: proofs minted in Node
// with jose (node-oauth.mjs), the authorization code flow through
// oidc-provider's login pages, the token endpoint and the partner-API
// stand-in in the modes 'on', 'required' and 'off', with nonces and the
// use_dpop_nonce faults. Each refusal is checked by its status, its
// WWW-Authenticate error and the reason the server recorded (stats.dpop).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startDevBackend } from '../../dev-backend/index.mjs';
import { assertNewSecret } from './harness.mjs';
import { ath, authorize, claimsOf, codeGrant, dpopKey, proof, tokenRequest } from './node-oauth.mjs';

const APP = 'http://127.0.0.1:9';
const tokenUrl = (b) => `${b.issuer}oauth/token`;
const spacesUrl = (b) => `${b.apiOrigin}/partner/spaces`;
const last = (b) => b.stats.dpop.at(-1);

/** Starts a backend with `options` for the describe block; `env.b` is it. */
function backendFor(options) {
  const env = {};
  before(async () => {
    env.b = await startDevBackend({ appOrigins: [APP], ...options });
  });
  after(() => env.b?.close());
  return env;
}

/** Logs in and redeems the code with a proof by `key` (none without): the token response. */
async function logIn(b, key, params) {
  const grant = await authorize(b, { params });
  const headers = key ? { DPoP: await proof(key, 'POST', tokenUrl(b)) } : {};
  return tokenRequest(b, codeGrant(grant), headers);
}

/** GET /partner/spaces with `authorization` and, unless null, the DPoP header `dpop`. */
function api(b, authorization, dpop, url = spacesUrl(b), method = 'GET') {
  return fetch(url, { method, headers: { Authorization: authorization, ...(dpop ? { DPoP: dpop } : {}) } });
}

/** A proof for GET /partner/spaces bound to `token` (ath), `claims` and `header` changed. */
const apiProof = (b, key, token, claims = {}, header = {}) => proof(key, 'GET', spacesUrl(b), { ath: ath(token), ...claims }, header);

/** Asserts a 401 with the DPoP challenge's `error` and the recorded `reason`. */
async function assertRefused(b, res, error, reason) {
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate'), new RegExp(`^DPoP error="${error}"`));
  assert.equal(last(b).ok, false);
  assert.equal(last(b).reason, reason);
  assert.equal(last(b).error, error);
}

describe("dpop: 'on'", () => {
  const env = backendFor({ dpop: 'on' });
  const keys = {};
  before(async () => {
    keys.a = await dpopKey();
    keys.b = await dpopKey();
  });

  test('a code redeemed with a proof: token_type DPoP, cnf.jkt the key thumbprint, the refresh token bound to the key', async () => {
    const { b } = env;
    const res = await logIn(b, keys.a);
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'DPoP');
    assert.deepEqual(claimsOf(res.body.access_token).cnf, { jkt: keys.a.jkt });
    assert.deepEqual(last(b), {
      server: 'provider', grant_type: 'authorization_code', proof: true, ok: true, status: 200,
      token_type: 'DPoP', error: undefined, reason: undefined, detail: undefined, nonce: true,
    });

    // The refresh token only with a proof of the same key (oidc-provider binds it for public clients).
    const refresh = { grant_type: 'refresh_token', refresh_token: res.body.refresh_token };
    const stolen = await tokenRequest(b, refresh, { DPoP: await proof(keys.b, 'POST', tokenUrl(b)) });
    assert.deepEqual([stolen.status, stolen.body.error, last(b).detail], [400, 'invalid_grant', 'failed jkt verification']);
    const bare = await tokenRequest(b, refresh);
    assert.deepEqual([bare.status, bare.body.error], [400, 'invalid_grant']);
    const own = await tokenRequest(b, refresh, { DPoP: await proof(keys.a, 'POST', tokenUrl(b)) });
    assert.equal(own.status, 200);
    assert.equal(own.body.token_type, 'DPoP');
    assert.deepEqual(claimsOf(own.body.access_token).cnf, { jkt: keys.a.jkt });
    assertNewSecret(own.body.refresh_token, res.body.refresh_token, 'the rotated refresh token');
  });

  test('without a proof the token is Bearer, unbound, and the partner API takes it as Bearer only', async () => {
    const { b } = env;
    const res = await logIn(b);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(claimsOf(res.body.access_token).cnf, undefined);
    assert.deepEqual([last(b).proof, last(b).token_type], [false, 'Bearer']);
    assert.equal((await api(b, `Bearer ${res.body.access_token}`)).status, 200);
    assert.deepEqual(last(b), { server: 'api', method: 'GET', path: '/partner/spaces', scheme: 'Bearer', ok: true });
    const token = res.body.access_token;
    await assertRefused(b, await api(b, `DPoP ${token}`, await apiProof(b, keys.a, token)), 'invalid_token', 'unbound_token');
  });

  test('dpop_jkt binds the code: another key (which spends it), or no proof, is refused; the named key redeems it', async () => {
    const { b } = env;
    const params = { dpop_jkt: keys.a.jkt };
    const stolen = codeGrant(await authorize(b, { params }));
    const other = await tokenRequest(b, stolen, { DPoP: await proof(keys.b, 'POST', tokenUrl(b)) });
    assert.deepEqual([other.status, other.body.error, last(b).detail],
      [400, 'invalid_grant', 'DPoP proof key thumbprint does not match dpop_jkt']);
    // The refused attempt spent the code (oidc-provider consumes it before the check).
    const late = await tokenRequest(b, stolen, { DPoP: await proof(keys.a, 'POST', tokenUrl(b)) });
    assert.deepEqual([late.status, late.body.error, last(b).detail], [400, 'invalid_grant', 'authorization code already consumed']);
    const none = await logIn(b, undefined, params);
    assert.deepEqual([none.status, none.body.error, last(b).detail], [400, 'invalid_grant', 'missing DPoP proof JWT']);
    const own = await logIn(b, keys.a, params);
    assert.equal(own.status, 200);
    assert.deepEqual(claimsOf(own.body.access_token).cnf, { jkt: keys.a.jkt });
  });

  test('a token-endpoint proof used twice is refused (replay)', async () => {
    const { b } = env;
    const dpop = await proof(keys.a, 'POST', tokenUrl(b));
    assert.equal((await tokenRequest(b, codeGrant(await authorize(b)), { DPoP: dpop })).status, 200);
    const again = await tokenRequest(b, codeGrant(await authorize(b)), { DPoP: dpop });
    assert.deepEqual([again.status, again.body.error, last(b).detail], [400, 'invalid_grant', 'DPoP proof JWT Replay detected']);
  });

  test('the partner API: a valid proof passes; the stolen token without a proof, as Bearer, or with another key is refused', async () => {
    const { b } = env;
    const token = (await logIn(b, keys.a)).body.access_token;
    const ok = await api(b, `DPoP ${token}`, await apiProof(b, keys.a, token));
    assert.equal(ok.status, 200);
    assert.ok((await ok.json()).spaces.length > 0);
    assert.deepEqual(last(b), { server: 'api', method: 'GET', path: '/partner/spaces', scheme: 'DPoP', ok: true, nonce: false });

    await assertRefused(b, await api(b, `DPoP ${token}`, null), 'invalid_dpop_proof', 'proof_missing');
    await assertRefused(b, await api(b, `Bearer ${token}`, null), 'invalid_token', 'bound_token_as_bearer');
    await assertRefused(b, await api(b, `DPoP ${token}`, await apiProof(b, keys.b, token)), 'invalid_token', 'jkt_mismatch');
  });

  test('the partner API refuses a replayed jti and a proof for another method, URL or token', async () => {
    const { b } = env;
    const token = (await logIn(b, keys.a)).body.access_token;
    const auth = `DPoP ${token}`;
    const once = await apiProof(b, keys.a, token);
    assert.equal((await api(b, auth, once)).status, 200);
    await assertRefused(b, await api(b, auth, once), 'invalid_dpop_proof', 'jti_replay');

    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { htm: 'POST' })), 'invalid_dpop_proof', 'htm');
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { htu: `${b.apiOrigin}/partner/devices` })), 'invalid_dpop_proof', 'htu');
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { htu: `http://localhost:1/partner/spaces` })), 'invalid_dpop_proof', 'htu');
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { ath: ath(`${token}x`) })), 'invalid_dpop_proof', 'ath');
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { ath: undefined })), 'invalid_dpop_proof', 'ath');
    // htu without the query and fragment (§4.3): the query of the request does not count.
    const paged = `${spacesUrl(b)}?page=0`;
    assert.equal((await api(b, auth, await apiProof(b, keys.a, token, { htu: `${spacesUrl(b)}#x` }), paged)).status, 200);
    assert.equal(last(b).ok, true);
  });

  test('the partner API refuses a proof that is not a well-formed DPoP proof', async () => {
    const { b } = env;
    const token = (await logIn(b, keys.a)).body.access_token;
    const auth = `DPoP ${token}`;
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, {}, { typ: 'JWT' })), 'invalid_dpop_proof', 'typ');
    const privateJwk = { ...keys.a.jwk, d: 'AAAA' };
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, {}, { jwk: privateJwk })), 'invalid_dpop_proof', 'jwk_private');
    // Signed by b, claiming a's key.
    const forged = await proof({ ...keys.b, jwk: keys.a.jwk }, 'GET', spacesUrl(b), { ath: ath(token) });
    await assertRefused(b, await api(b, auth, forged), 'invalid_dpop_proof', 'signature');
    await assertRefused(b, await api(b, auth, 'not.a.proof'), 'invalid_dpop_proof', 'proof_malformed');
    await assertRefused(b, await api(b, auth, await apiProof(b, keys.a, token, { jti: undefined })), 'invalid_dpop_proof', 'jti_missing');
  });

  test('an iat outside the window is answered use_dpop_nonce; the proof with that nonce passes', async () => {
    const { b } = env;
    const token = (await logIn(b, keys.a)).body.access_token;
    const auth = `DPoP ${token}`;
    const old = Math.floor(Date.now() / 1000) - 600;
    const res = await api(b, auth, await apiProof(b, keys.a, token, { iat: old }));
    await assertRefused(b, res, 'use_dpop_nonce', 'iat_window');
    const nonce = res.headers.get('dpop-nonce');
    assert.match(/** @type {string} */ (nonce), /^[\w-]{16,}$/);
    assert.equal((await api(b, auth, await apiProof(b, keys.a, token, { iat: old, nonce }))).status, 200);
    assert.deepEqual([last(b).ok, last(b).nonce], [true, true]);
  });

  test('CORS: the app may send DPoP to the token endpoint and the API, and read DPoP-Nonce and WWW-Authenticate', async () => {
    const { b } = env;
    for (const url of [tokenUrl(b), spacesUrl(b)]) {
      const pre = await fetch(url, {
        method: 'OPTIONS',
        headers: { Origin: APP, 'Access-Control-Request-Method': url.endsWith('token') ? 'POST' : 'GET', 'Access-Control-Request-Headers': 'authorization,dpop' },
      });
      assert.equal(pre.headers.get('access-control-allow-origin'), APP, url);
      assert.match(/** @type {string} */ (pre.headers.get('access-control-allow-headers')), /\bdpop\b/i, url);
    }
    const token = await tokenRequest(b, codeGrant(await authorize(b)), { DPoP: await proof(keys.a, 'POST', tokenUrl(b)), Origin: APP });
    assert.equal(token.headers.get('access-control-allow-origin'), APP);
    assert.match(/** @type {string} */ (token.headers.get('access-control-expose-headers')), /DPoP-Nonce/);
    assert.match(/** @type {string} */ (token.headers.get('access-control-expose-headers')), /WWW-Authenticate/);
    const res = await fetch(spacesUrl(b), { headers: { Origin: APP, Authorization: `DPoP ${token.body.access_token}` } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    assert.match(/** @type {string} */ (res.headers.get('access-control-expose-headers')), /WWW-Authenticate.*DPoP-Nonce/);
  });
});

describe("dpop: 'on' with dpopNonce", () => {
  const env = backendFor({ dpop: 'on', dpopNonce: true });

  test('the token endpoint answers use_dpop_nonce with a DPoP-Nonce, and the retry with it gets the token; refresh too', async () => {
    const { b } = env;
    const key = await dpopKey();
    const grant = codeGrant(await authorize(b));
    const first = await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b)), Origin: APP });
    assert.deepEqual([first.status, first.body.error], [400, 'use_dpop_nonce']);
    const nonce = first.headers.get('dpop-nonce');
    assert.ok(nonce);
    assert.match(/** @type {string} */ (first.headers.get('access-control-expose-headers')), /DPoP-Nonce/);
    assert.deepEqual([last(b).ok, last(b).error, last(b).nonce], [false, 'use_dpop_nonce', true]);
    // The nonce refusal did not spend the code.
    const retry = await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b), { nonce }) });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.token_type, 'DPoP');

    const refresh = { grant_type: 'refresh_token', refresh_token: retry.body.refresh_token };
    const without = await tokenRequest(b, refresh, { DPoP: await proof(key, 'POST', tokenUrl(b)) });
    assert.deepEqual([without.status, without.body.error], [400, 'use_dpop_nonce']);
    const refreshed = await tokenRequest(b, refresh, { DPoP: await proof(key, 'POST', tokenUrl(b), { nonce }) });
    assert.equal(refreshed.status, 200);
  });

  test('the partner API answers 401 use_dpop_nonce with its DPoP-Nonce, then 200 with it; a stale nonce is refused', async () => {
    const { b } = env;
    const key = await dpopKey();
    const grant = codeGrant(await authorize(b));
    const first = await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b)) });
    const token = (await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b), { nonce: first.headers.get('dpop-nonce') }) })).body.access_token;
    const auth = `DPoP ${token}`;

    const challenged = await api(b, auth, await apiProof(b, key, token));
    await assertRefused(b, challenged, 'use_dpop_nonce', 'nonce_missing');
    const nonce = challenged.headers.get('dpop-nonce');
    assert.ok(nonce);
    assert.notEqual(nonce, first.headers.get('dpop-nonce'), 'each server its own nonce');
    assert.equal((await api(b, auth, await apiProof(b, key, token, { nonce }))).status, 200);
    assert.deepEqual([last(b).ok, last(b).nonce], [true, true]);
    await assertRefused(b, await api(b, auth, await apiProof(b, key, token, { nonce: `${nonce}x` })), 'use_dpop_nonce', 'nonce_stale');

    // settings.dpopNonce off (as /__admin/settings sets it): no nonce needed.
    b.settings.dpopNonce = false;
    assert.equal((await api(b, auth, await apiProof(b, key, token))).status, 200);
    await b.reset();
    assert.equal(b.settings.dpopNonce, true);
  });

  test('the use_dpop_nonce faults demand a new nonce on every request, and the last one works once they end', async () => {
    const { b } = env;
    const key = await dpopKey();
    b.faults.arm('token', 'use_dpop_nonce', 2);
    const grant = codeGrant(await authorize(b));
    const nonces = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b), nonces.length ? { nonce: nonces.at(-1) } : {}) });
      assert.deepEqual([res.status, res.body.error], [400, 'use_dpop_nonce']);
      nonces.push(res.headers.get('dpop-nonce'));
    }
    assert.equal(new Set(nonces).size, 3);
    assert.deepEqual(b.stats.dpop.slice(-3).map((e) => e.reason), [
      'injected fault: a new DPoP nonce every time', 'injected fault: a new DPoP nonce every time', 'invalid nonce in DPoP proof',
    ]);
    const token = (await tokenRequest(b, grant, { DPoP: await proof(key, 'POST', tokenUrl(b), { nonce: nonces.at(-1) }) })).body.access_token;
    assert.ok(token);

    b.faults.arm('api', 'use_dpop_nonce', 2);
    const apiNonces = [];
    for (let i = 0; i < 2; i += 1) {
      const res = await api(b, `DPoP ${token}`, await apiProof(b, key, token, apiNonces.length ? { nonce: apiNonces.at(-1) } : {}));
      await assertRefused(b, res, 'use_dpop_nonce', 'fault');
      apiNonces.push(res.headers.get('dpop-nonce'));
    }
    assert.notEqual(apiNonces[0], apiNonces[1]);
    assert.equal((await api(b, `DPoP ${token}`, await apiProof(b, key, token, { nonce: apiNonces[1] }))).status, 200);
  });
});

describe("dpop: 'required'", () => {
  const env = backendFor({ dpop: 'required' });

  test('a token request without a proof is refused; with one the token is DPoP-bound', async () => {
    const { b } = env;
    const grant = codeGrant(await authorize(b));
    const bare = await tokenRequest(b, grant);
    assert.deepEqual([bare.status, bare.body.error, last(b).detail], [400, 'invalid_grant', 'DPoP proof JWT not provided']);
    assert.deepEqual([last(b).proof, last(b).ok, last(b).error], [false, false, 'invalid_grant']);
    const key = await dpopKey();
    const res = await logIn(b, key);
    assert.equal(res.body.token_type, 'DPoP');
    assert.deepEqual(claimsOf(res.body.access_token).cnf, { jkt: key.jkt });
  });

  test('the partner API takes DPoP only: Bearer and no credentials get a DPoP challenge', async () => {
    const { b } = env;
    const key = await dpopKey();
    const token = (await logIn(b, key)).body.access_token;
    assert.equal((await api(b, `DPoP ${token}`, await apiProof(b, key, token))).status, 200);
    await assertRefused(b, await api(b, `Bearer ${token}`, null), 'invalid_token', 'bound_token_as_bearer');
    const none = await fetch(spacesUrl(b));
    await assertRefused(b, none, 'invalid_token', 'token_invalid');
    assert.equal(b.stats.apiRejected.at(-1), 'ERR_JWS_INVALID', "jose's code, as in the Bearer-only mode");
    assert.equal(b.stats.apiRejected.at(-2), 'bound_token_as_bearer');
  });
});

describe("dpop: 'off' (the default)", () => {
  const env = backendFor({});

  test('a proof is ignored: the token is Bearer without cnf, discovery names no DPoP, the API takes Bearer only, stats.dpop stays empty', async () => {
    const { b } = env;
    const key = await dpopKey();
    const res = await logIn(b, key);
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(claimsOf(res.body.access_token).cnf, undefined);
    const discovery = await (await fetch(`${b.issuer}.well-known/openid-configuration`)).json();
    assert.equal(discovery.dpop_signing_alg_values_supported, undefined);
    const token = res.body.access_token;
    assert.equal((await api(b, `Bearer ${token}`, null)).status, 200);
    const dpop = await api(b, `DPoP ${token}`, await apiProof(b, key, token));
    assert.equal(dpop.status, 401);
    assert.match(/** @type {string} */ (dpop.headers.get('www-authenticate')), /^Bearer error="invalid_token"/);
    const pre = await fetch(spacesUrl(b), { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.headers.get('access-control-allow-headers'), 'Authorization, Content-Type');
    assert.deepEqual(b.stats.dpop, []);
    assert.equal(b.dpop, 'off');
  });
});

describe('the CLI', () => {
  /** Runs bin.mjs with `args` and `env` until it prints its config; resolves to { issuer, output, stop }. */
  async function cli(args, env = {}) {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../dev-backend/bin.mjs', import.meta.url)), '--provider-port', '0', '--api-port', '0', ...args], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const exited = new Promise((ok) => child.on('exit', ok));
    await /** @type {Promise<void>} */ (new Promise((ok, fail) => {
      child.stdout.on('data', () => /^\{"clientId".*\}$/m.test(output) && ok());
      exited.then(() => fail(new Error(`bin.mjs exited: ${output}`)));
    }));
    const config = JSON.parse(/** @type {RegExpMatchArray} */ (output.match(/^\{"clientId".*\}$/m))[0]);
    return { issuer: config.authorizeUrl.replace(/authorize$/, ''), output, stop: () => (child.kill(), exited) };
  }

  test('--dpop=required --dpop-nonce and ZFA_DPOP=on reach the provider; no flag prints no DPoP line', async () => {
    const b = await cli(['--dpop=required', '--dpop-nonce']);
    try {
      assert.match(b.output, /\n {2}DPoP: +required, nonces demanded\n/);
      const key = await dpopKey();
      const res = await tokenRequest({ ...b, clientId: 'zaehlerfreunde-local-demo' }, { grant_type: 'authorization_code', code: 'x', code_verifier: 'x', redirect_uri: 'http://localhost:5173/' }, { DPoP: await proof(key, 'POST', `${b.issuer}oauth/token`) });
      assert.deepEqual([res.status, res.body.error], [400, 'use_dpop_nonce']);
    } finally {
      await b.stop();
    }
    const on = await cli([], { ZFA_DPOP: 'on' });
    try {
      assert.match(on.output, /\n {2}DPoP: +on\n/);
      const discovery = await (await fetch(`${on.issuer}.well-known/openid-configuration`)).json();
      assert.deepEqual(discovery.dpop_signing_alg_values_supported, ['ES256', 'Ed25519', 'EdDSA']);
    } finally {
      await on.stop();
    }
    const off = await cli([], { ZFA_DPOP: '' });
    try {
      assert.doesNotMatch(off.output, /DPoP/);
    } finally {
      await off.stop();
    }
  });
});
