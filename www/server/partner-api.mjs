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

const DEVICE_KINDS = [
  { name: 'Stromzähler', deviceType: 'SMART_METER', medium: 'ELECTRICITY', provider: 'DISCOVERGY', providerName: 'inexogy', directions: ['IN', 'OUT'], unit: 'W' },
  { name: 'Gaszähler', deviceType: 'GAS_METER', medium: 'GAS', provider: 'LOBARO', providerName: 'Lobaro', directions: ['IN'], unit: 'm³' },
  { name: 'Wallbox', deviceType: 'WALLBOX', medium: 'ELECTRICITY', provider: 'EASEE', providerName: 'Easee', directions: ['IN'], unit: 'W' },
];

/** Deterministic device ids: a UUID per (space, device). */
const deviceId = (space, d) => `00000000-0000-4000-8000-${String(space).padStart(6, '0')}${String(d).padStart(6, '0')}`;

const DEVICES = new Map(); // id -> device
const DEVICES_BY_SPACE = new Map(); // space id -> devices
SPACES.forEach((space, si) => {
  const list = DEVICE_KINDS.slice(0, 1 + (si % DEVICE_KINDS.length)).map((k, di) => ({
    id: deviceId(si + 1, di + 1),
    name: k.name,
    status: 'CONNECTED',
    deviceType: k.deviceType,
    deviceTypeDescription: k.name,
    deviceTypeImageUrl: '',
    deviceTypeIcon: 'mdi-meter-electric',
    isMainDevice: di === 0,
    isMainDeviceAllowed: true,
    createdAt: '2024-01-01T00:00:00Z',
    medium: k.medium,
    imageUrl: '',
    ownerUserId: space.ownerUserId,
    provider: k.provider,
    providerName: k.providerName,
    providerDescription: k.providerName,
    providerLogoUrl: '',
    metaData: [{ label: 'Zählernummer', value: `1ESY${1000 + si * 10 + di}` }],
    latestReadingTime: '2026-11-30T00:00:00Z',
    firstReadingTime: '2024-01-01T00:00:00Z',
    directions: k.directions,
    unit: k.unit,
  }));
  DEVICES_BY_SPACE.set(space.id, list);
  for (const d of list) DEVICES.set(d.id, d);
});

const RESOLUTION_SECONDS = { '15_MIN': 900, '1_HOUR': 3600, '1_DAY': 86400 };
const MEASUREMENTS = ['POWER', 'ENERGY', 'METER_READING'];
const MAX_READINGS = 5000;

/** Deterministic readings: a daily load curve, the same for the same inputs. */
function readings(device, start, end, resolution, measurement) {
  const step = RESOLUTION_SECONDS[resolution];
  const out = [];
  const seed = [...device.id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 9973, 7);
  let meter = 10_000 + seed;
  for (let t = Math.ceil(start / step) * step; t < end && out.length < MAX_READINGS; t += step) {
    const hour = (t % 86400) / 3600;
    const power = Math.round(300 + 900 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + (seed % 200));
    const energy = Math.round((power * step) / 3600) / 1000; // kWh in the interval
    meter += energy;
    const value = measurement === 'POWER' ? power : measurement === 'ENERGY' ? energy : Math.round(meter * 1000) / 1000;
    out.push({
      deviceId: device.id,
      timeStamp: new Date(t * 1000).toISOString().replace('.000Z', 'Z'),
      measurement,
      value,
      unit: measurement === 'POWER' ? device.unit : device.medium === 'GAS' ? 'm³' : 'kWh',
      label: device.name,
      deviceType: device.deviceType,
      deviceProvider: device.provider,
      medium: device.medium,
      direction: 'IN',
    });
  }
  return out;
}

const publicDevice = ({ unit, ...d }) => d;

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
 * @param {object} o.faults
 */
export function createPartnerApi({ issuer, jwksUrl, audience, appOrigins, stats, faults }) {
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
    const fault = faults.take('api');
    if (fault === 'http_401') {
      stats.apiRejected.push('injected');
      return send(res, 401, { message: 'unauthorized' }, {
        ...cors, 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="injected fault"',
      });
    }
    if (fault === 'http_429') {
      return send(res, 429, { message: 'too many requests' }, { ...cors, 'Retry-After': '2' });
    }

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
    const devicesPath = url.pathname.match(/^\/partner\/spaces\/([^/]+)\/devices$/);
    if (req.method === 'GET' && devicesPath) {
      const list = DEVICES_BY_SPACE.get(decodeURIComponent(devicesPath[1]));
      if (!list) return send(res, 404, { message: 'space not found' }, cors);
      const page = intParam(url, 'page', 0, 0);
      const pageSize = intParam(url, 'pageSize', 100, 1);
      if (page === undefined || pageSize === undefined) {
        return send(res, 400, { message: 'page must be an integer >= 0 and pageSize an integer >= 1' }, cors);
      }
      return send(res, 200, {
        devices: list.slice(page * pageSize, (page + 1) * pageSize).map(publicDevice),
        totalNumPages: Math.ceil(list.length / pageSize),
      }, cors);
    }
    const readingsPath = url.pathname.match(/^\/partner\/devices\/([^/]+)\/readings$/);
    if (req.method === 'GET' && readingsPath) {
      const id = decodeURIComponent(readingsPath[1]);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        return send(res, 400, { message: 'deviceId must be a UUID' }, cors);
      }
      const device = DEVICES.get(id);
      if (!device) return send(res, 404, { message: 'device not found' }, cors);
      const p = Object.fromEntries(url.searchParams);
      const problems = [];
      const time = (name) => {
        const v = p[name];
        const ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
        const t = ok ? Date.parse(v) / 1000 : NaN;
        if (Number.isNaN(t)) problems.push(`${name} must be an RFC 3339 date-time`);
        return t;
      };
      const start = time('startTime');
      const end = time('endTime');
      if (!RESOLUTION_SECONDS[p.resolution]) problems.push('resolution must be one of 15_MIN, 1_HOUR, 1_DAY');
      if (!MEASUREMENTS.includes(p.measurement)) problems.push('measurement must be one of POWER, ENERGY, METER_READING');
      if (!problems.length && !(end > start)) problems.push('endTime must be after startTime');
      if (problems.length) return send(res, 400, { message: problems.join('; ') }, cors);
      return send(res, 200, readings(device, start, end, p.resolution, p.measurement), cors);
    }
    return send(res, 404, { message: 'not found' }, cors);
  });
}
