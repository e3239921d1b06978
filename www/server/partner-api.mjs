// A stand-in for the Zählerfreunde partner API on loopback, following
// shared/reference/partner-openapi.yaml for the endpoints the demo uses. Every
// request must carry a bearer JWT that verifies against the provider's JWKS,
// for the API audience, unexpired; otherwise 401.
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const SPACES = Array.from({ length: 7 }, (_, i) => ({
  id: `space-${i + 1}`,
  name: ['Zuhause', 'Büro', 'Ferienhaus', 'Werkstatt', 'Laden', 'Garage', 'Praxis'][i],
  addressLineOne: `Musterstraße ${i + 1}`,
  postcode: `1011${i}`,
  city: 'Berlin',
  ownerUserId: 'anna',
  category: i === 1 ? 'office' : 'home',
  categoryIcon: i === 1 ? 'mdi-office-building' : 'mdi-home',
  associatedUsersId: ['anna'],
  country: 'DE',
  isParticipatingInLttProject: i % 2 === 0,
}));

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** An OpenAPI int32 query parameter with a minimum; `undefined` when invalid. */
function intParam(url, name, fallback, minimum) {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= minimum && n <= 2 ** 31 - 1 ? n : undefined;
}

/**
 * @param {object} o
 * @param {string} o.issuer, o.jwksUrl, o.audience
 * @param {string[]} o.appOrigins
 * @param {object} o.stats
 */
export function createPartnerApi({ issuer, jwksUrl, audience, appOrigins, stats }) {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));

  return createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const origin = req.headers.origin;
    const cors = origin && appOrigins.includes(origin)
      ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'WWW-Authenticate, Retry-After' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    stats.count(`api ${req.method} ${url.pathname}`);

    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256'] }));
    } catch (e) {
      stats.apiRejected.push(e.code ?? 'invalid_token');
      return send(res, 401, { message: 'unauthorized' }, {
        ...cors,
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${e.code ?? 'missing token'}"`,
      });
    }

    if (req.method === 'GET' && url.pathname === '/partner/spaces') {
      const page = intParam(url, 'page', 0, 0);
      const pageSize = intParam(url, 'pageSize', 100, 1);
      if (page === undefined || pageSize === undefined) {
        return send(res, 400, { message: 'page must be an integer >= 0 and pageSize an integer >= 1' }, cors);
      }
      const visible = SPACES;
      return send(res, 200, {
        spaces: visible.slice(page * pageSize, (page + 1) * pageSize),
        totalNumPages: Math.ceil(visible.length / pageSize),
      }, cors);
    }
    return send(res, 404, { message: 'not found' }, cors);
  });
}
