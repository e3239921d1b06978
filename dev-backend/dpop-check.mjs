// The partner-API stand-in's check of sender-constrained access tokens (DPoP,
// RFC 9449 §7): the Authorization scheme, the access token, and the DPoP proof
// (§4.3), with jose. Each refusal names one reason (REASONS), recorded in
// stats.dpop with what the request was, so tests assert what the server saw.
import { createHash } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose';

import { newDpopNonce } from './faults.mjs';

/** The proof algorithms accepted: asymmetric ones only (§4.3 point 5). */
export const PROOF_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'Ed25519', 'EdDSA'];

/** The longest DPoP header read (a P-521 or RSA-4096 proof is well under it). */
const PROOF_LIMIT = 8 * 1024;
/** At most this many proof jtis are remembered (the oldest are dropped first). */
const JTI_LIMIT = 100_000;

/** Each reason a request is refused, and the error it is answered with. */
export const REASONS = {
  token_invalid: 'invalid_token', // the access token does not verify (detail: jose's code)
  token_expired: 'invalid_token',
  dpop_required: 'invalid_token', // a Bearer token where only DPoP is accepted ('required' mode)
  bound_token_as_bearer: 'invalid_token', // a token with cnf.jkt sent as Bearer (§7.2)
  unbound_token: 'invalid_token', // a token without cnf.jkt sent as DPoP
  jkt_mismatch: 'invalid_token', // the proof's key is not the one the token is bound to
  proof_missing: 'invalid_dpop_proof',
  proof_multiple: 'invalid_dpop_proof',
  proof_too_long: 'invalid_dpop_proof',
  proof_malformed: 'invalid_dpop_proof',
  typ: 'invalid_dpop_proof',
  alg: 'invalid_dpop_proof',
  jwk_missing: 'invalid_dpop_proof',
  jwk_private: 'invalid_dpop_proof',
  signature: 'invalid_dpop_proof',
  jti_missing: 'invalid_dpop_proof',
  iat_missing: 'invalid_dpop_proof',
  htm: 'invalid_dpop_proof',
  htu: 'invalid_dpop_proof',
  ath: 'invalid_dpop_proof',
  jti_replay: 'invalid_dpop_proof',
  nonce_missing: 'use_dpop_nonce', // a nonce is demanded (dpopNonce) and the proof has none
  nonce_stale: 'use_dpop_nonce', // the proof's nonce is not the current one
  iat_window: 'use_dpop_nonce', // iat is off by more than the window and no current nonce vouches for the proof
  fault: 'use_dpop_nonce', // the use_dpop_nonce fault switch
};

/** A refused request: its 401's WWW-Authenticate and DPoP-Nonce. */
export class Refusal extends Error {
  constructor(scheme, reason, detail) {
    super(reason);
    this.scheme = scheme;
    this.reason = reason;
    this.error = REASONS[reason];
    this.detail = detail;
  }

  /** The response headers of the 401; `nonce`, the current nonce, goes with use_dpop_nonce. */
  headers(nonce) {
    const description = this.detail ? `${this.reason}: ${this.detail}` : this.reason;
    const challenge = this.scheme === 'Bearer'
      ? `Bearer error="${this.error}", error_description="${description}"`
      : `DPoP error="${this.error}", error_description="${description}", algs="${PROOF_ALGS.join(' ')}"`;
    return {
      'WWW-Authenticate': challenge,
      ...(this.error === 'use_dpop_nonce' ? { 'DPoP-Nonce': nonce } : {}),
    };
  }
}

const sha256 = (text) => createHash('sha256').update(text).digest('base64url');

/**
 * @param {object} o
 * @param {string} o.mode              'on' or 'required' ('off' does not use this)
 * @param {object} o.settings          the provider's settings: dpopNonce demands a nonce
 * @param {number} o.iatWindow         seconds
 * @param {object} o.stats             stats.dpop gets an entry per request
 * @param {(token: string) => Promise<object>} o.verifyToken  the access token's claims, or throws jose's error
 */
export function createDpopCheck({ mode, settings, iatWindow, stats, verifyToken }) {
  let nonce = newDpopNonce();
  const seen = new Map(); // jti -> true, oldest first

  /** The proof's claims after every check of §4.3 and §7.1 but the nonce, iat window and replay. */
  async function verifyProof(headers, { method, url, token, jkt }) {
    const proof = headers.dpop;
    if (typeof proof !== 'string' || !proof) throw new Refusal('DPoP', 'proof_missing');
    if (proof.length > PROOF_LIMIT) throw new Refusal('DPoP', 'proof_too_long');
    if (proof.includes(',')) throw new Refusal('DPoP', 'proof_multiple'); // Node joins repeated headers with ", "
    let header;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      throw new Refusal('DPoP', 'proof_malformed');
    }
    if (header.typ !== 'dpop+jwt') throw new Refusal('DPoP', 'typ');
    if (!PROOF_ALGS.includes(header.alg ?? '')) throw new Refusal('DPoP', 'alg');
    if (!header.jwk || typeof header.jwk !== 'object' || Array.isArray(header.jwk)) throw new Refusal('DPoP', 'jwk_missing');
    if ('d' in header.jwk || 'k' in header.jwk || header.jwk.kty === 'oct') throw new Refusal('DPoP', 'jwk_private');
    let payload;
    try {
      ({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: PROOF_ALGS }));
    } catch (e) {
      throw new Refusal('DPoP', 'signature', e.code);
    }
    if (typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 256) throw new Refusal('DPoP', 'jti_missing');
    if (typeof payload.iat !== 'number') throw new Refusal('DPoP', 'iat_missing');
    if (payload.htm !== method) throw new Refusal('DPoP', 'htm');
    const htu = typeof payload.htu === 'string' ? URL.parse(payload.htu) : null;
    if (htu) {
      htu.search = '';
      htu.hash = '';
    }
    if (htu?.href !== url) throw new Refusal('DPoP', 'htu');
    if (payload.ath !== sha256(token)) throw new Refusal('DPoP', 'ath');
    if (await calculateJwkThumbprint(header.jwk) !== jkt) throw new Refusal('DPoP', 'jkt_mismatch');
    if (seen.has(payload.jti)) throw new Refusal('DPoP', 'jti_replay');
    const current = payload.nonce === nonce;
    if (settings.dpopNonce && !current) throw new Refusal('DPoP', payload.nonce === undefined ? 'nonce_missing' : 'nonce_stale');
    // A current nonce vouches for the proof's freshness (§11.1: clocks may be off).
    if (!current && Math.abs(Date.now() / 1000 - payload.iat) > iatWindow) throw new Refusal('DPoP', 'iat_window');
    return payload;
  }

  function remember(jti) {
    seen.set(jti, true);
    if (seen.size > JTI_LIMIT) seen.delete(seen.keys().next().value);
  }

  async function claims(token, scheme) {
    try {
      return await verifyToken(token);
    } catch (e) {
      throw new Refusal(scheme, e.code === 'ERR_JWT_EXPIRED' ? 'token_expired' : 'token_invalid', e.code);
    }
  }

  return {
    /** The current nonce (what a use_dpop_nonce answer sends). */
    get nonce() {
      return nonce;
    },
    /** A new nonce; the old one is refused from now on. */
    rotateNonce() {
      nonce = newDpopNonce();
      return nonce;
    },
    /**
     * The access token's claims for a request (`method`, `url`: origin and
     * path as the client addressed it, `headers`), or throws a Refusal.
     * Records the outcome in stats.dpop.
     */
    async authorize({ method, url, path, headers }) {
      /** @type {{ server: string, method: string, path: string, scheme: 'DPoP' | 'Bearer' | null, ok: boolean, nonce?: boolean }} */
      const entry = { server: 'api', method, path, scheme: null, ok: false };
      try {
        const [, word = '', token = ''] = /^(\S+) +(\S+)$/.exec(headers.authorization ?? '') ?? [];
        entry.scheme = word.toLowerCase() === 'dpop' ? 'DPoP' : word.toLowerCase() === 'bearer' ? 'Bearer' : null;
        const scheme = entry.scheme ?? (mode === 'required' ? 'DPoP' : 'Bearer');
        const payload = await claims(token, scheme);
        const jkt = payload.cnf?.jkt;
        if (entry.scheme !== 'DPoP') {
          if (jkt) throw new Refusal('DPoP', 'bound_token_as_bearer');
          if (mode === 'required') throw new Refusal('DPoP', 'dpop_required');
        } else {
          if (typeof jkt !== 'string') throw new Refusal('DPoP', 'unbound_token');
          const proof = await verifyProof(headers, { method, url, token, jkt });
          remember(proof.jti);
          entry.nonce = proof.nonce !== undefined;
        }
        entry.ok = true;
        return payload;
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        Object.assign(entry, { error: e.error, reason: e.reason, ...(e.detail ? { detail: e.detail } : {}) });
        throw e;
      } finally {
        stats.dpop.push(entry);
      }
    },
    /** The use_dpop_nonce fault: a new nonce, and the refusal that sends it. */
    fault(method, path) {
      this.rotateNonce();
      stats.dpop.push({ server: 'api', method, path, scheme: null, ok: false, error: 'use_dpop_nonce', reason: 'fault' });
      return new Refusal('DPoP', 'fault');
    },
  };
}
