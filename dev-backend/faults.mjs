// Fault switches for the dev backend: arm a misbehaviour for the next N
// requests to a route. Used by the end-to-end tests and the demo's fault panel.
import { randomBytes, sign } from 'node:crypto';

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
    endless_body: 'HTTP 200 JSON whose chunked body never ends',
    body_50mb: 'HTTP 200 JSON with Content-Length: 50 MB, its bytes sent',
    hold: 'hold the request until released (faults.release(), or POST /__admin/faults/release), then answer it',
    use_dpop_nonce: 'HTTP 400 use_dpop_nonce with a new DPoP-Nonce every time, whatever the proof (a client that loops shows)',
  },
  jwks: {
    wrong_key: "serve another key under the signing key's kid (signatures fail)",
    stale: 'serve an old key set without the current kid (as before a rotation)',
    endless_body: 'HTTP 200 JSON whose chunked body never ends',
    body_50mb: 'HTTP 200 JSON with Content-Length: 50 MB, its bytes sent',
  },
  api: {
    http_401: 'HTTP 401 invalid_token',
    http_429: 'HTTP 429 with Retry-After: 2',
    http_503: 'HTTP 503 with Retry-After: 1',
    use_dpop_nonce: 'HTTP 401 WWW-Authenticate: DPoP error="use_dpop_nonce" with a new DPoP-Nonce every time, whatever the proof',
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
    /**
     * The bodies the streaming faults sent, oldest first: { target, kind,
     * sent (body bytes written), closed (whether the connection has closed) }.
     */
    streamed: [],
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
    /** How many held responses are still open (their connections not closed). */
    openCount() {
      return hanging.size;
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
      this.streamed = [];
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

/** A fresh DPoP nonce (RFC 9449 §8: NQCHAR; base64url is a subset). */
export function newDpopNonce() {
  return randomBytes(16).toString('base64url');
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
    case 'use_dpop_nonce':
      ctx.status = 400;
      ctx.body = { error: 'use_dpop_nonce', error_description: 'injected fault: a new DPoP nonce every time' };
      ctx.set('DPoP-Nonce', newDpopNonce());
      ctx.set('Access-Control-Expose-Headers', 'DPoP-Nonce, WWW-Authenticate');
      return true;
    default:
      return streamFault('token', kind, ctx, faults);
  }
}

/** The pace of the streaming faults: a chunk of this many bytes … */
const STREAM_CHUNK_BYTES = 8 * 1024;
/** … every this many milliseconds (800 KiB/s): a client that stops reading at a limit is seen to close long before 1 MiB. */
const STREAM_INTERVAL_MS = 10;
const STREAM_50MB = 50 * 1000 * 1000;

/**
 * Answers `ctx` with a streaming fault (`endless_body`, `body_50mb`) for
 * `target`, if `kind` is one: a JSON body (an opening `{"pad":"` and then
 * `x`s) written at a steady pace until it is complete or the client closes
 * the connection, the bytes counted in `faults.streamed`. Whether it applied.
 */
export function streamFault(target, kind, ctx, faults) {
  const length = { endless_body: Infinity, body_50mb: STREAM_50MB }[kind];
  if (!length) return false;
  const res = ctx.res;
  const record = { target, kind, sent: 0, closed: false };
  faults.streamed.push(record);
  ctx.respond = false;
  faults.hang(res);
  res.on('close', () => {
    record.closed = true;
  });
  // After the caller has set its headers (CORS).
  setImmediate(() => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      ...(Number.isFinite(length) ? { 'Content-Length': String(length) } : {}),
    });
    const pump = () => {
      if (record.closed || res.destroyed) return;
      const n = Math.min(STREAM_CHUNK_BYTES, length - record.sent);
      const chunk = Buffer.alloc(n, 'x');
      if (record.sent === 0) chunk.write('{"pad":"');
      record.sent += n;
      if (record.sent >= length) return res.end(chunk);
      res.write(chunk);
      setTimeout(pump, STREAM_INTERVAL_MS);
    };
    pump();
  });
  return true;
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
