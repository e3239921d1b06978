// A headless OAuth client in Node for the dev backend: the authorization code
// flow with PKCE through oidc-provider's own login and consent pages (plain
// HTTP, a cookie jar), the token endpoint, and DPoP proofs minted with jose
// (RFC 9449 §4). For tests of the dev backend itself, without a browser.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
export const ath = (token) => createHash('sha256').update(token).digest('base64url');

/** An ES256 DPoP key: { privateKey, jwk (public), jkt (RFC 7638 thumbprint) }. */
export async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/**
 * A DPoP proof for `method` and `url` by `key`; `claims` adds or replaces
 * claims (ath, nonce, iat, jti, htm, htu), `header` the protected header's.
 */
export function proof(key, method, url, claims = {}, header = {}) {
  return new SignJWT({
    jti: randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000), ...claims,
  }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk, ...header }).sign(key.privateKey);
}

/** A cookie jar over fetch that follows no redirects (paths ignored: one flow at a time). */
function browserish() {
  const cookies = new Map();
  return async (url, init = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return res;
  };
}

/**
 * Logs `login` in at the backend's provider and consents, as a user would in
 * the browser: resolves to { code, verifier, redirectUri } of the redirect.
 * `params` adds authorize parameters (dpop_jkt).
 */
export async function authorize(backend, { login = 'anna', params = {} } = {}) {
  const go = browserish();
  const verifier = b64url(randomBytes(32));
  const redirectUri = backend.redirectUris[0];
  const url = new URL(`${backend.issuer}authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: backend.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    audience: 'https://api.prod.zaehlerfreunde.com',
    state: b64url(randomBytes(16)),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  })) url.searchParams.set(k, v);
  let res = await go(url);
  // Login, then consent, each a form of oidc-provider's devInteractions.
  for (let step = 0; step < 6; step += 1) {
    const location = res.headers.get('location');
    if (!location) throw new Error(`authorize: ${res.status} without a redirect: ${await res.text()}`);
    const next = new URL(location, backend.issuer);
    if (next.href.startsWith(redirectUri)) {
      const code = next.searchParams.get('code');
      if (!code) throw new Error(`authorize: redirected back without a code: ${next.searchParams.get('error')}`);
      return { code, verifier, redirectUri };
    }
    const interaction = /^\/interaction\/([^/]+)$/.exec(next.pathname);
    if (interaction) {
      const page = await (await go(next)).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      const form = /** @type {Record<string, string>} */ (prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
      res = await go(next, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
    } else {
      res = await go(next);
    }
  }
  throw new Error('authorize: no code after six redirects');
}

/**
 * POSTs `body` (form) to the token endpoint with `headers` (DPoP, Origin);
 * resolves to { status, body, headers }.
 */
export async function tokenRequest(backend, body, headers = {}) {
  const res = await fetch(`${backend.issuer}oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ client_id: backend.clientId, ...body }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** The body of an authorization-code grant for `grant` (from authorize()). */
export const codeGrant = ({ code, verifier, redirectUri }) => ({
  grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri,
});

/** The claims of a JWT (not verified: what the server put in it). */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
