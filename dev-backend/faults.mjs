// Fault switches for the dev backend: arm a misbehaviour for the next N
// requests to a route. Used by the end-to-end tests and the demo's fault panel.
import { sign } from 'node:crypto';

/** What can be armed, per target. */
export const FAULT_KINDS = {
  token: {
    http_500: 'HTTP 500 with an OAuth error body (server_error)',
    http_502_html: 'HTTP 502 with an HTML body',
    invalid_json: 'HTTP 200 with a body that is not JSON',
    missing_fields: 'HTTP 200 without access_token and expires_in',
    hang: 'never answer (past the SDK timeout)',
    revoke: 'revoke the presented refresh token at the provider first (real invalid_grant)',
    http_429: 'HTTP 429 with Retry-After: 2 and a text body',
    id_token_2mb: "the provider's answer with its ID token padded to 2 MB, validly signed",
    id_token_20kb: "the provider's answer with its ID token padded to 20 KB, validly signed",
    hold: 'hold the request until released (faults.release(), or POST /__admin/faults/release), then answer it',
  },
  jwks: {
    wrong_key: "serve another key under the signing key's kid (signatures fail)",
    stale: 'serve an old key set without the current kid (as before a rotation)',
  },
  api: {
    http_401: 'HTTP 401 invalid_token',
    http_429: 'HTTP 429 with Retry-After: 2',
    http_503: 'HTTP 503 with Retry-After: 1',
  },
};

export function createFaults() {
  const armed = new Map(); // target -> { kind, remaining }
  const hanging = new Set();
  // Requests held by a `hold` fault, each its release function; and who
  // waits for the next one to be held.
  let held = [];
  let onHeld = [];
  return {
    /** Holds the caller until release(); tells whoever waits that it is held. */
    hold() {
      const released = new Promise((resolve) => held.push(resolve));
      for (const notify of onHeld) notify();
      onHeld = [];
      return released;
    },
    /** Resolves when a request is held (at once if one is). */
    whenHeld() {
      return held.length ? Promise.resolve() : new Promise((resolve) => onHeld.push(resolve));
    },
    /** Lets every held request go on. */
    release() {
      for (const go of held) go();
      held = [];
    },
    arm(target, kind, count = 1) {
      if (!FAULT_KINDS[target]?.[kind]) throw new Error(`unknown fault ${target}/${kind}`);
      if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
      armed.set(target, { kind, remaining: count });
    },
    /** The fault for this request to `target`, if one is armed (and counts it down). */
    take(target) {
      const f = armed.get(target);
      if (!f) return undefined;
      if (--f.remaining <= 0) armed.delete(target);
      return f.kind;
    },
    /** Holds a response open until reset() or closeHanging(). */
    hang(res) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    },
    reset() {
      armed.clear();
      this.release();
      this.closeHanging();
    },
    closeHanging() {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    list() {
      return Object.fromEntries(armed);
    },
  };
}

/** Answers a token request according to `kind` (all but `revoke`, which the provider handles). */
export function tokenFaultResponse(kind, ctx, faults) {
  switch (kind) {
    case 'http_500':
      ctx.status = 500;
      ctx.body = { error: 'server_error', error_description: 'injected fault: internal error' };
      return true;
    case 'http_502_html':
      ctx.status = 502;
      ctx.type = 'text/html';
      ctx.body = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      return true;
    case 'invalid_json':
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = '{"access_token": "abc", ';
      return true;
    case 'missing_fields':
      ctx.status = 200;
      ctx.body = { token_type: 'Bearer', scope: 'openid' };
      return true;
    case 'hang':
      ctx.respond = false;
      faults.hang(ctx.res);
      return true;
    case 'http_429':
      ctx.status = 429;
      ctx.type = 'text/plain';
      ctx.body = 'Too Many Requests';
      ctx.set('Retry-After', '2');
      ctx.set('Access-Control-Expose-Headers', 'Retry-After');
      return true;
    default:
      return false;
  }
}

/** The size of the ID token that a padding fault makes, in bytes (about). */
const PADDED_ID_TOKEN_BYTES = { id_token_2mb: 2 * 1024 * 1024, id_token_20kb: 20 * 1024 };

/**
 * Applies a padding fault (`kind`) to the provider's successful token
 * response `body`: its ID token gets a `pad` claim that brings it to the
 * kind's size, and is signed again with the provider's `privateKey` (its
 * KeyObject), so that only its size is wrong. Whether it applied.
 */
export function padIdToken(kind, body, privateKey) {
  const bytes = PADDED_ID_TOKEN_BYTES[kind];
  if (!bytes || typeof body?.id_token !== 'string') return false;
  const [header, payload] = body.id_token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims.pad = 'x'.repeat(Math.ceil((bytes * 3) / 4));
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  body.id_token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  return true;
}
