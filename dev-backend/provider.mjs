// The authorization server of the local dev backend: npm `oidc-provider` (a
// certified OpenID provider) configured to look like Auth0 to the SDK.
//
// Auth0 traits reproduced here:
//   - issuer with a trailing slash; routes /authorize, /oauth/token,
//     /.well-known/jwks.json, /userinfo, /oauth/revoke, /v2/logout, and the
//     standard ones: /.well-known/openid-configuration (OpenID Connect
//     Discovery) and /oidc/logout (RP-Initiated Logout 1.0, its
//     end_session_endpoint), which signs out without a confirmation page
//   - the `audience` parameter selects the API (mapped to RFC 8707 `resource`)
//     whose access tokens are RS256 JWTs
//   - refresh tokens when offline_access is asked, rotated on every use, with
//     reuse detection (a spent refresh token revokes the grant)
//   - the token endpoint accepts JSON bodies as well as form bodies
//   - ID tokens carry the profile/email claims
//   - DPoP (RFC 9449) when asked for (`dpop`): proof-bound access and refresh
//     tokens, `dpop_jkt` on /authorize, nonces (see DPOP_MODES)
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as querystring from 'node:querystring';
import Provider, { errors } from 'oidc-provider';

import { renderError } from './error-page.mjs';
import { padIdToken, streamFault, tokenFaultResponse } from './faults.mjs';

export const DEFAULT_AUDIENCE = 'https://api.prod.zaehlerfreunde.com';

/**
 * The dev backend's DPoP modes: 'off' (oidc-provider's DPoP feature, on by
 * default in oidc-provider 9, is switched off: a DPoP header is ignored and
 * every token is Bearer), 'on' (a token request with a valid proof gets a
 * DPoP-bound token, one without gets Bearer), 'required' (the client is
 * registered with dpop_bound_access_tokens: a token request without a proof
 * is refused, and the partner API takes DPoP-bound tokens only).
 */
export const DPOP_MODES = ['off', 'on', 'required'];

/** oidc-provider's DPoP feature for `mode`; the provider demands a nonce while `settings.dpopNonce`. */
function dpopFeature(mode, settings) {
  if (mode === 'off') return { enabled: false };
  return {
    enabled: true,
    // Nonces are available in both modes (a proof whose iat is off by more
    // than 300 s is then answered use_dpop_nonce), demanded while the setting is on.
    nonceSecret: randomBytes(32),
    requireNonce: () => settings.dpopNonce,
  };
}

const USERS = {
  // Any login name works with the dev login form; these get richer profiles.
  anna: { name: 'Anna Zähler', email: 'anna@example.com' },
};

function account(id, picture) {
  const known = USERS[id] ?? {};
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        name: known.name ?? id,
        nickname: id,
        email: known.email ?? `${id}@example.com`,
        email_verified: true,
        ...(picture ? { picture } : {}),
        updated_at: 1_700_000_000,
      };
    },
  };
}

export function sha256(value) {
  return createHash('sha256').update(value).digest('hex');
}

async function readRaw(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {object} o
 * @param {string} o.issuer          e.g. http://127.0.0.1:3000/ (trailing slash, like Auth0)
 * @param {string[]} o.appOrigins    origins allowed by CORS
 * @param {object[]} o.clients       public clients: { client_id, redirect_uris, post_logout_redirect_uris }
 * @param {string} [o.audience]
 * @param {number} [o.accessTokenTtl] seconds
 * @param {object} o.stats           shared request log (see backend.mjs)
 * @param {object} o.faults          fault switches (see faults.mjs)
 * @param {string} [o.picture]       the users' picture claim (none if unset)
 * @param {object} [o.errorPage]     { settings, log } of the error pages (error-page.mjs)
 * @param {string} [o.dpop]          one of DPOP_MODES (default 'off')
 * @param {boolean} [o.dpopNonce]    demand a DPoP nonce on the token endpoint (settings.dpopNonce)
 */
export function createProvider({
  issuer, appOrigins, clients, audience = DEFAULT_AUDIENCE, accessTokenTtl = 300, stats, faults, picture, errorPage = {},
  dpop = 'off', dpopNonce = false,
}) {
  if (!DPOP_MODES.includes(dpop)) throw new TypeError(`dpop must be one of ${DPOP_MODES.join(', ')}, not ${dpop}`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'dev-rs256', alg: 'RS256', use: 'sig' };
  // A key that signs nothing: served by the jwks fault switches.
  const { publicKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherPublic = { ...otherKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' };

  // Changeable at run time (admin endpoint): rotation off behaves like an
  // Auth0 API without rotation: the refresh response carries no refresh token.
  const settings = { accessTokenTtl, rotateRefreshTokens: true, ...(dpop === 'off' ? {} : { dpopNonce }) };
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...(dpop === 'required' ? { dpop_bound_access_tokens: true } : {}),
      ...c,
    })),
    jwks: { keys: [signingKey] },
    findAccount: (_ctx, id) => account(id, picture),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'nickname', 'picture', 'updated_at'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    conformIdTokenClaims: false, // Auth0 puts the scope's claims into the ID token
    cookies: { keys: ['zaehlerfreunde-dev-backend-only'] },
    routes: {
      authorization: '/authorize',
      token: '/oauth/token',
      jwks: '/.well-known/jwks.json',
      userinfo: '/userinfo',
      revocation: '/oauth/revoke',
      end_session: '/oidc/logout',
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true }, // the provider's own login and consent pages
      dPoP: dpopFeature(dpop, settings),
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Like Auth0's /oidc/logout: no "do you want to sign out?" page; the
        // provider's own form is confirmed as it loads.
        async logoutSource(ctx, form) {
          const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
          ctx.body = `<!DOCTYPE html><html><head><title>Signing out</title></head><body>${confirmed}
            <script>document.forms[0].submit()</script></body></html>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? audience,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource) {
          if (resource !== audience) throw new errors.InvalidTarget();
          return {
            scope: 'openid profile email offline_access',
            audience,
            accessTokenTTL: settings.accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: () => settings.rotateRefreshTokens,
    ttl: {
      AccessToken: () => settings.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      Interaction: 3600,
    },
    clientBasedCORS: (_ctx, origin) => appOrigins.includes(origin),
    renderError: renderError({ clients, ...errorPage }),
  });
  provider.proxy = false;
  // The token endpoint's reason for an error it does not show (invalid_grant
  // says only "grant request is invalid"), for stats.dpop.
  const grantErrorDetail = new WeakMap();
  provider.on('grant.error', (ctx, err) => grantErrorDetail.set(ctx, err.error_detail));

  // Auth0 compatibility and observation, in front of the provider's routes.
  provider.use(async (ctx, next) => {
    const route = ctx.path;
    stats.count(`provider ${ctx.method} ${route}`);

    if (route === '/authorize' && ctx.method === 'GET') {
      const q = { ...ctx.query };
      if (q.audience && !q.resource) q.resource = q.audience; // Auth0's audience = RFC 8707 resource
      delete q.audience;
      // oidc-provider drops offline_access unless prompt=consent (OIDC Core §11);
      // Auth0 does not require it.
      if (String(q.scope ?? '').split(' ').includes('offline_access') && !q.prompt) q.prompt = 'consent';
      ctx.querystring = querystring.stringify(q);
    }

    if (route === '/oauth/token' && ctx.method === 'POST') {
      const raw = await readRaw(ctx.req);
      let body;
      if (ctx.is('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          ctx.status = 400;
          ctx.body = { error: 'invalid_request', error_description: 'the JSON body is not an object' };
          return;
        }
        body = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
      } else {
        body = querystring.parse(raw);
      }
      stats.token.push({
        grant_type: body.grant_type,
        format: ctx.is('application/json') ? 'json' : 'form',
        refresh_token_sha256: body.refresh_token ? sha256(String(body.refresh_token)) : undefined,
      });
      // What the token endpoint answered a request in a DPoP mode, for the tests.
      const noteDpop = () => {
        if (dpop === 'off') return;
        stats.dpop.push({
          server: 'provider',
          grant_type: body.grant_type,
          proof: Boolean(ctx.get('dpop')),
          ok: ctx.status === 200,
          status: ctx.status,
          token_type: ctx.body?.token_type,
          error: ctx.body?.error,
          reason: ctx.body?.error_description,
          detail: grantErrorDetail.get(ctx),
          nonce: Boolean(ctx.response.get('dpop-nonce')),
        });
      };
      const fault = faults.take('token');
      if (fault === 'hold') await faults.hold();
      if (fault && tokenFaultResponse(fault, ctx, faults)) {
        // Like a real server's error pages: readable by the app's origin.
        const origin = ctx.get('origin');
        if (appOrigins.includes(origin)) ctx.set('Access-Control-Allow-Origin', origin);
        noteDpop();
        return;
      }
      if (body.grant_type === 'refresh_token' && body.refresh_token) {
        const presented = await provider.RefreshToken.find(String(body.refresh_token)).catch(() => undefined);
        if (presented?.consumed) stats.reuseDetected += 1; // the provider now revokes the grant
        if (fault === 'revoke' && presented) {
          const grant = await provider.Grant.find(presented.grantId);
          await Promise.all([presented.destroy(), grant?.destroy()]);
        }
      }
      ctx.req.body = body;
      ctx.request.body = body;
      ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
      await next();
      noteDpop();
      if (ctx.status === 400 && ctx.body?.error === 'invalid_grant') stats.invalidGrants += 1;
      if (ctx.status === 200 && fault && padIdToken(fault, ctx.body, privateKey)) {
        // The page may then time the download and read its size (Resource Timing).
        ctx.set('Timing-Allow-Origin', ctx.get('origin') || '*');
      }
      if (ctx.status === 200 && body.grant_type === 'refresh_token' && !settings.rotateRefreshTokens) {
        delete ctx.body.refresh_token;
      }
      if (ctx.status === 200 && ctx.body?.refresh_token) {
        stats.issuedRefreshTokens.push(sha256(ctx.body.refresh_token));
      }
      return;
    }

    if (route === '/oauth/revoke' && ctx.method === 'POST') {
      // Which refresh tokens were revoked (by hash), for the tests.
      const raw = await readRaw(ctx.req);
      const body = querystring.parse(raw);
      if (body.token) stats.revokedRefreshTokens.push(sha256(String(body.token)));
      ctx.req.body = body;
      ctx.request.body = body;
    }

    if (route === '/.well-known/jwks.json' && ctx.method === 'GET' && ctx.get('origin')) {
      // Browser fetches (the SDK's) are counted apart from the partner API's.
      stats.count('browser GET /.well-known/jwks.json');
      const fault = faults.take('jwks');
      if (fault) {
        const origin = ctx.get('origin');
        if (appOrigins.includes(origin)) ctx.set('Access-Control-Allow-Origin', origin);
        if (streamFault('jwks', fault, ctx, faults)) return;
        ctx.type = 'application/json';
        ctx.body = { keys: [{ ...otherPublic, kid: fault === 'wrong_key' ? signingKey.kid : 'retired-key' }] };
        return;
      }
    }

    if (route === '/v2/logout' && ctx.method === 'GET') {
      // Auth0's logout: end the provider session, then go to returnTo if the
      // client allows it.
      const session = await provider.Session.get(ctx).catch(() => undefined);
      if (session) await session.destroy();
      ctx.cookies.set('_session', null);
      ctx.cookies.set('_session.sig', null);
      const { client_id: clientId, returnTo } = ctx.query;
      const client = clientId ? await provider.Client.find(String(clientId)) : undefined;
      if (returnTo && client?.postLogoutRedirectUris?.includes(String(returnTo))) {
        ctx.redirect(String(returnTo));
      } else {
        ctx.type = 'text/plain';
        ctx.body = 'You are logged out.';
      }
      return;
    }
    await next();
  });

  return { provider, settings, signingKey };
}
