// A stand-in for the Zählerfreunde partner API on loopback, driven by the
// vendored spec (partner-openapi.yaml, through openapi-backend): it routes
// every operation of the spec and validates each request against it (400
// naming the bad parameter). Spaces, devices, users, customers and readings
// are kept in a store (partner-store.mjs); every other operation answers a
// response mocked from the spec's schema. Operations with the spec's bearer
// security need a JWT that verifies against the provider's JWKS, for the API
// audience, unexpired; otherwise 401. In a DPoP mode, dpop-check.mjs checks
// the scheme, the token's binding and the DPoP proof, and can demand a nonce.
// Every request is logged in stats.apiRequests: { method, path, query,
// operation, status, time, error? }.
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

import { Refusal, createDpopCheck } from './dpop-check.mjs';
import { pagedOperations, partnerBackend } from './spec.mjs';
import { BadRequest, NotFound, REGISTRATION_PROVIDERS, createPartnerStore } from './partner-store.mjs';

/** At most this many entries are kept in stats.apiRequests (oldest dropped). */
const LOG_LIMIT = 2000;

/**
 * The store's handler for each stateful operation: (store, request, subject) → response body.
 * @type {Record<string, (store: ReturnType<typeof createPartnerStore>, request: { params: any, query: any, body: any }, sub?: string) => unknown>}
 */
const STATEFUL = {
  getSpaces: (s, { query }) => s.listSpaces(query),
  createSpace: (s, { body }, sub) => s.createSpace(body, sub),
  updateSpace: (s, { params, body }) => s.updateSpace(params.spaceId, body),
  deleteSpace: (s, { params }) => s.deleteSpace(params.spaceId),
  getUsersInSpace: (s, { params, query }) => s.listUsers(params.spaceId, query),
  addUserToSpace: (s, { params }) => s.addUser(params.spaceId, params.userId),
  removeUserFromSpace: (s, { params }) => s.removeUser(params.spaceId, params.userId),
  removeAllUsersFromSpace: (s, { params }) => s.removeAllUsers(params.spaceId),
  getDevicesInSpace: (s, { params, query }) => s.listDevices(params.spaceId, query),
  ...Object.fromEntries(Object.keys(REGISTRATION_PROVIDERS).map((op) => [
    op, (s, { params, body }, sub) => s.registerDevice(params.spaceId, op, body, sub),
  ])),
  updateDeviceDetails: (s, { params, body }) => s.updateDevice(params.spaceId, params.deviceId, body),
  addDeviceToSpace: (s, { params, body }) => s.linkDevice(params.spaceId, params.deviceId, body ?? {}),
  removeDeviceFromSpace: (s, { params }) => s.unlinkDevice(params.spaceId, params.deviceId),
  deleteDevice: (s, { params }) => s.deleteDevice(params.deviceId),
  storeReadings: (s, { body }) => s.storeReadings(body),
  getReadingsByDevice: (s, { params, query }) => s.readings(params.deviceId, query),
  getReadingsBySpace: (s, { params, query }) => s.spaceReadings(params.spaceId, query),
  getCustomers: (s, { query }) => s.listCustomers(query),
  addUpdateCustomer: (s, { body }) => s.upsertCustomer(body),
  // The Partner schema is recursive (subPartners), which the schema mock cannot follow.
  getPartners: () => [{ id: 'zaehlerfreunde-local', name: 'Zählerfreunde (local)', subPartners: [{ id: 'zaehlerfreunde-local-sub', name: 'Sub-partner', subPartners: [] }] }],
};

/** "query parameter page must be >= 0", "requestBody must have city", … from openapi-backend's Ajv errors. */
function describeValidation(errors) {
  return errors.map((e) => {
    const [where, ...rest] = e.instancePath.split('/').filter(Boolean);
    const missing = e.keyword === 'required' ? e.params.missingProperty : undefined;
    const problem = e.keyword === 'enum' ? `must be one of ${e.params.allowedValues.join(', ')}` : e.message;
    if (where === 'query' || where === 'path' || where === 'headers') {
      const subject = `${where === 'headers' ? 'header' : where} parameter ${[...rest, ...(missing ? [missing] : [])].join('.')}`;
      return missing ? `${subject} is required` : `${subject} ${problem}`;
    }
    const subject = ['requestBody', ...rest].join('/');
    return missing ? `${subject} must have ${missing}` : `${subject} ${problem}`;
  }).join('; ');
}

/**
 * An operation's 200 response; the document is dereferenced (no $ref left).
 * @param {import('openapi-backend').Operation} op
 */
const ok200 = (op) => /** @type {{ content?: object } | undefined} */ (op.responses?.['200']);

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {object} o
 * @param {string} o.issuer
 * @param {string} o.jwksUrl
 * @param {string} o.audience
 * @param {string[]} o.appOrigins
 * @param {object} o.stats
 * @param {object} o.faults
 * @param {object} [o.settings]       the provider's (dpopNonce)
 * @param {string} [o.dpop]           'off' (default), 'on', 'required'
 * @param {number} [o.dpopIatWindow]  seconds
 */
export function createPartnerApi({
  issuer, jwksUrl, audience, appOrigins, stats, faults, settings = {}, dpop = 'off', dpopIatWindow = 60,
}) {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const verifyToken = async (token) => (await jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256'] })).payload;
  const dpopCheck = dpop === 'off' ? undefined : createDpopCheck({
    mode: dpop, settings, iatWindow: dpopIatWindow, stats, verifyToken,
  });
  let store = createPartnerStore();
  stats.apiRequests ??= [];
  const backend = partnerBackend().then((api) => {
    const pagedIds = new Set(pagedOperations(api).map((p) => p.operationId));
    api.registerSecurityHandler('bearerAuth', async (c, dpop) => {
      if (dpopCheck) return dpopCheck.authorize(dpop);
      const auth = c.request.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      return verifyToken(token);
    });
    api.register({
      unauthorizedHandler: (c) => {
        const refusal = c.security.bearerAuth?.error;
        if (refusal instanceof Refusal) {
          // As in the Bearer-only mode: jose's code for a token that does not verify.
          stats.apiRejected.push(refusal.reason.startsWith('token_') ? refusal.detail : refusal.reason);
          // Refusals come from the DPoP check only.
          return [401, { message: 'unauthorized' }, refusal.headers(/** @type {NonNullable<typeof dpopCheck>} */ (dpopCheck).nonce)];
        }
        const code = c.security.bearerAuth?.error?.code ?? 'invalid_token';
        stats.apiRejected.push(code);
        return [401, { message: 'unauthorized' }, {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${code}"`,
        }];
      },
      validationFail: (c) => [400, { message: describeValidation(c.validation.errors) }],
      notFound: () => [404, { message: 'not found' }],
      // As HTTP wants it: the methods the path has, and no body.
      methodNotAllowed: (c) => [405, undefined, {
        Allow: ['get', 'put', 'post', 'delete'].filter((method) => api.router.matchOperation(
          // Matching reads the method and the path only.
          /** @type {import('openapi-backend').Request} */ ({ method, path: c.request.path }),
        )).join(', ').toUpperCase(),
      }],
      notImplemented: (c) => {
        const op = c.operation;
        if (!ok200(op)?.content) return [200, undefined];
        const { status, mock } = api.mockResponseForOperation(/** @type {string} */ (op.operationId)); // every operation of the spec has one
        // A mocked page is the only page.
        if (pagedIds.has(op.operationId)) mock.totalNumPages = 1;
        return [status, mock];
      },
      ...Object.fromEntries(Object.entries(STATEFUL).map(([op, handle]) => [op, (c) => {
        const body = handle(store, { params: c.request.params, query: c.request.query, body: c.request.requestBody }, c.security.bearerAuth?.sub);
        return [200, ok200(c.operation)?.content ? body : undefined];
      }])),
    });
    return api;
  });

  const server = createServer(async (req, res) => {
    const url = new URL(/** @type {string} */ (req.url), 'http://127.0.0.1'); // a server's request has one
    const origin = req.headers.origin;
    const cors = origin && appOrigins.includes(origin)
      ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': dpopCheck ? 'WWW-Authenticate, Retry-After, DPoP-Nonce' : 'WWW-Authenticate, Retry-After' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': dpopCheck ? 'Authorization, Content-Type, DPoP' : 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    stats.count(`api ${req.method} ${url.pathname}`);
    /** @type {{ method?: string, path: string, query: string, operation: string | null, status: number, time: number, error?: string }} */
    const entry = { method: req.method, path: url.pathname, query: url.search, operation: null, status: 0, time: Date.now() };
    stats.apiRequests.push(entry);
    if (stats.apiRequests.length > LOG_LIMIT) stats.apiRequests.shift();
    const send = (status, body, headers = {}) => {
      entry.status = status;
      if (status === 400) entry.error = body.message;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        ...(text ? { 'Content-Type': 'application/json' } : {}),
        'Content-Length': Buffer.byteLength(text),
        ...cors,
        ...headers,
      });
      res.end(text);
    };

    const fault = faults.take('api');
    if (fault === 'http_401') {
      stats.apiRejected.push('injected');
      return send(401, { message: 'unauthorized' }, {
        'WWW-Authenticate': 'Bearer error="invalid_token", error_description="injected fault"',
      });
    }
    if (fault === 'http_429') return send(429, { message: 'too many requests' }, { 'Retry-After': '2' });
    if (fault === 'http_503') return send(503, { message: 'service unavailable' }, { 'Retry-After': '1' });
    if (fault === 'use_dpop_nonce') {
      stats.apiRejected.push('fault');
      const refusal = dpopCheck?.fault(req.method, url.pathname) ?? new Refusal('DPoP', 'fault');
      return send(401, { message: 'unauthorized' }, refusal.headers(dpopCheck?.nonce ?? 'no-dpop'));
    }

    const api = await backend;
    const raw = await readBody(req);
    let body;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, { message: 'requestBody is not JSON' });
      }
    }
    /** @type {import('openapi-backend').Request} */
    const request = { method: /** @type {string} */ (req.method), path: url.pathname, query: url.search.slice(1), headers: /** @type {Record<string, string | string[]>} */ (req.headers), body };
    // For the DPoP check: the URL as the client addressed it (its htu), without query.
    const dpop = { method: req.method, url: new URL(url.pathname, `http://${req.headers.host}`).href, path: url.pathname, headers: req.headers };
    entry.operation = api.router.matchOperation(request)?.operationId ?? null;
    let status, out, headers;
    try {
      [status, out, headers] = await api.handleRequest(request, dpop);
    } catch (e) {
      if (e instanceof NotFound) [status, out] = [404, { message: e.message }];
      else if (e instanceof BadRequest) [status, out] = [400, { message: e.message }];
      else [status, out] = [500, { message: `stand-in error: ${e.message}` }];
    }
    return send(status, out, headers);
  });
  return Object.assign(server, {
    /** Back to the seed data (the backend's reset). */
    resetData() {
      store = createPartnerStore();
      dpopCheck?.rotateNonce();
    },
  });
}
