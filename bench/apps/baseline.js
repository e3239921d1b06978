// NOT AN SDK: the floor. About 80 lines of plain JS doing PKCE and fetch by
// hand, with none of an SDK's validation, storage versioning or error
// handling. Any SDK's timings are measured against this.
import { harness, hasCallbackParams } from './common.js';

/** @param {ArrayBuffer | Uint8Array} buf */
const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

harness(async (cfg) => {
  let session = JSON.parse(sessionStorage.getItem('baseline:session') ?? 'null');

  /** @param {Record<string, string>} params */
  async function tokenRequest(params) {
    const res = await fetch(cfg.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: cfg.clientId, ...params }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error);
    session = {
      access_token: body.access_token,
      refresh_token: body.refresh_token ?? session?.refresh_token,
      expires_at: Date.now() / 1000 + body.expires_in,
    };
    sessionStorage.setItem('baseline:session', JSON.stringify(session));
    return session.access_token;
  }

  return {
    async login() {
      const verifier = random();
      const state = random();
      const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      sessionStorage.setItem('baseline:tx', JSON.stringify({ verifier, state }));
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: cfg.clientId,
        redirect_uri: cfg.redirectUri,
        scope: 'openid profile email offline_access',
        audience: cfg.audience,
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      location.assign(`${cfg.authorizeUrl}?${q}`);
    },
    isCallback: hasCallbackParams,
    async handle() {
      const q = new URLSearchParams(location.search);
      const tx = JSON.parse(sessionStorage.getItem('baseline:tx') ?? 'null');
      sessionStorage.removeItem('baseline:tx');
      if (!tx || q.get('state') !== tx.state) throw new Error('state_mismatch');
      await tokenRequest({
        grant_type: 'authorization_code',
        code: /** @type {string} */ (q.get('code')), // none after an error: "null", which the server refuses
        redirect_uri: cfg.redirectUri,
        code_verifier: tx.verifier,
      });
      history.replaceState(null, '', location.pathname);
    },
    token: async () => session.access_token,
    refresh: () => tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refresh_token }),
  };
});
