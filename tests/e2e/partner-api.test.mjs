// The typed partner-API client (pkg/partner.js) in Chromium, after a real
// login, against the spec-driven stand-in: every operation of the spec
// called, each response validated against the spec in Node, pagination, path
// encoding, the error model. Retries: partner-retry.test.mjs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';

import { suiteEnv } from './harness.mjs';
import { apiLog as apiLogOf, withPartnerPage as withPartnerPageOf } from './partner-harness.mjs';
import { operationKey, pagedOperations, partnerBackend } from '../../dev-backend/spec.mjs';
import { deviceId, spaceId } from '../../dev-backend/partner-store.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });
let spec;
before(async () => {
  spec = await partnerBackend();
});
const withPartnerPage = (f) => withPartnerPageOf(env, f);
const apiLog = (from) => apiLogOf(env, from);
const logLength = async () => (await apiLog()).length;

/** A caller that checks each 2xx answer against the spec and records the operations called. */
function caller(page) {
  const called = new Set();
  const call = async (method, path, init) => {
    const op = spec.getOperations().find((o) => o.method === method.toLowerCase() && o.path === path);
    assert.ok(op, `${method} ${path} is an operation of the spec`);
    const result = await page.evaluate(([m, p, i]) => window.call(m, p, i), [method, path, init]);
    assert.equal(result.status, 200, `${method} ${path}: HTTP ${result.status} ${JSON.stringify(result.error)}`);
    if (op.responses?.['200']?.content) {
      const { errors } = spec.validateResponse(result.data, op.operationId, 200);
      assert.equal(errors, null, `${method} ${path}: response not valid per the spec: ${JSON.stringify(errors)}`);
    } else {
      assert.equal(result.data, undefined, `${method} ${path}: the spec declares no response body`);
    }
    called.add(operationKey(op));
    return result.data;
  };
  return { call, called };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('every operation of the spec through the typed client: valid requests, responses valid per the spec', () => withPartnerPage(async (page) => {
  const { call, called } = caller(page);
  const from = await logLength();
  const path = (p) => ({ params: { path: p } });

  // Auth (the spec's one operation without bearer security).
  await call('POST', '/auth/token', { body: { clientId: 'partner-client', clientSecret: 'not-a-real-secret' } });

  // Spaces.
  const seeded = await call('GET', '/spaces');
  assert.deepEqual(seeded.spaces.map((s) => s.name), ['Zuhause', 'Büro', 'Ferienhaus', 'Werkstatt', 'Laden', 'Garage', 'Praxis']);
  const { spaceId: space } = await call('POST', '/spaces', {
    body: { name: 'Neubau', addressLineOne: 'Bauweg 1', postcode: '10115', city: 'Berlin', category: 'SINGLE_FAMILY_HOME' },
  });
  assert.equal(space, spaceId(8));
  assert.deepEqual(await call('PUT', '/spaces/{spaceId}', { ...path({ spaceId: space }), body: { name: 'Neubau Ost', addressLineTwo: 'Hinterhaus' } }), { spaceId: space });
  await call('POST', '/spaces/{spaceId}/invites', { ...path({ spaceId: space }), body: { sendInviteEmail: false, userEmail: 'dora@example.com' } });
  await call('GET', '/access-roles');
  const { id: role } = await call('POST', '/access-roles', { body: { name: 'Leser', permissionIds: ['VIEW'] } });
  await call('PUT', '/access-roles/{accessRoleId}', { ...path({ accessRoleId: role }), body: { name: 'Leserin', permissionIds: ['VIEW', 'VIEW_DATA_FULL'] } });
  await call('DELETE', '/access-roles/{accessRoleId}', path({ accessRoleId: role }));

  // Users of the new space.
  await call('POST', '/spaces/{spaceId}/users/{userId}', { ...path({ spaceId: space, userId: 'ben' }), body: { accessRoleId: role } });
  const users = await call('GET', '/spaces/{spaceId}/users', path({ spaceId: space }));
  assert.deepEqual(users.users.map((u) => u.id), ['anna', 'ben']);
  await call('DELETE', '/spaces/{spaceId}/users/{userId}', path({ spaceId: space, userId: 'ben' }));
  assert.deepEqual(await call('DELETE', '/spaces/{spaceId}/users', path({ spaceId: space })), { spaceId: space });

  // Devices.
  assert.deepEqual(await call('GET', '/spaces/{spaceId}/devices', path({ spaceId: space })), { devices: [], totalNumPages: 0 });
  const device = { deviceName: 'Hauptzähler', isMainDevice: true, deviceType: 'SMART_METER', deviceMedium: 'ELECTRICITY' };
  const { deviceId: external } = await call('POST', '/spaces/{spaceId}/devices', { ...path({ spaceId: space }), body: { ...device, externalDeviceId: 'MELO-DE0001' } });
  /** @type {[string, object][]} */
  const registered = [
    ['/spaces/{spaceId}/devices/inexogy', { serialNumber: '1ESY1161234567' }],
    ['/spaces/{spaceId}/devices/bluemetering', { meteringLocationId: 'DE0001', bluemeteringApiKey: 'key-1' }],
    ['/spaces/{spaceId}/devices/esa', { bdewCode: '9900000000000', customerName: 'Dora Wärme', declarationOfConsent: 'JVBERi0=', sendInviteOnSuccessTo: 'dora@example.com' }],
    ['/spaces/{spaceId}/devices/nonSmartMeter', { deviceType: 'NON_SMART_METER', readingMeasurementTime: 1764460800, readingUnit: 'KILO_WATT_HOUR', consumptionReadingValue: 1234.5 }],
  ];
  const others = [];
  for (const [p, fields] of registered) {
    others.push((await call('POST', p, { ...path({ spaceId: space }), body: { ...device, isMainDevice: false, ...fields } })).deviceId);
  }
  assert.ok([external, ...others].every((id) => UUID.test(id)) && new Set([external, ...others]).size === 5);
  await call('POST', '/spaces/{spaceId}/devices/{deviceId}/details', { ...path({ spaceId: space, deviceId: others[0] }), body: { deviceName: 'Zähler Keller' } });
  await call('POST', '/spaces/{spaceId}/devices/{deviceId}', { ...path({ spaceId: space, deviceId: deviceId(1, 1) }), body: { isMainDevice: false } });
  const listed = await call('GET', '/spaces/{spaceId}/devices', path({ spaceId: space }));
  assert.deepEqual(listed.devices.map((d) => d.id), [external, ...others, deviceId(1, 1)]);
  assert.equal(listed.devices[1].name, 'Zähler Keller');
  await call('DELETE', '/spaces/{spaceId}/devices/{deviceId}', path({ spaceId: space, deviceId: deviceId(1, 1) }));
  await call('DELETE', '/devices/{deviceId}', path({ deviceId: others[3] }));
  assert.equal((await call('GET', '/spaces/{spaceId}/devices', path({ spaceId: space }))).devices.length, 4);

  // Readings: POST /devices/readings adds what GET …/readings then returns.
  await call('POST', '/devices/readings', {
    body: [
      { externalDeviceId: 'MELO-DE0001', readings: [{ obisCode: '1.8.0', timestamp: 1764460800, value: 100.5 }, { obisCode: '1-1:1.8.0', timestamp: 1764464400, value: 101.25 }] },
      { deviceId: external, readings: [{ obisCode: '1.29.0', timestamp: 1764460800, value: 0.75, status: 'REAL', meteringInterval: 900 }] },
    ],
  });
  const day = { startTime: '2025-11-30T00:00:00Z', endTime: '2025-12-01T00:00:00Z', resolution: '1_HOUR' };
  const meter = await call('GET', '/devices/{deviceId}/readings', { params: { path: { deviceId: external }, query: { ...day, measurement: 'METER_READING' } } });
  assert.deepEqual(meter.map((r) => [r.timeStamp, r.value, r.unit, r.direction]), [['2025-11-30T00:00:00Z', 100.5, 'kWh', 'IN'], ['2025-11-30T01:00:00Z', 101.25, 'kWh', 'IN']]);
  const energy = await call('GET', '/spaces/{spaceId}/readings', { params: { path: { spaceId: space }, query: { ...day, measurement: 'ENERGY', medium: 'ELECTRICITY' } } });
  assert.deepEqual(energy.map((r) => [r.deviceId, r.value]), [[external, 0.75]], 'the space reads its main device');
  await call('POST', '/energy-prices', { body: [{ validFrom: '2026-01-01T00:00:00Z', validTo: '2026-01-01T01:00:00Z', price: 91.3 }] });

  // Customers.
  const { customer_id: customer } = await call('POST', '/customers', { body: { external_id: 'K-2001', name: 'Dora Wärme', email: 'dora@example.com' } });
  assert.equal(customer, 'customer-4');
  assert.deepEqual((await call('GET', '/customers')).customers.map((c) => c.external_id), ['K-1001', 'K-1002', 'K-1003', 'K-2001']);
  const { contract_id: contract } = await call('POST', '/customers/{customerId}/contracts', {
    ...path({ customerId: 'K-2001' }), body: { external_id: 'V-1', address_line_one: 'Bauweg 1', city: 'Berlin', postcode: '10115', start_date: '2026-01-15' },
  });
  await call('PUT', '/customers/{customerId}/contracts/{contractId}/time-window', { ...path({ customerId: 'K-2001', contractId: contract }), body: { externalDeviceId: 'MELO-DE0001', timeWindowStart: 1764460800 } });
  await call('GET', '/customers/{customerId}/support-contact', path({ customerId: 'K-2001' }));
  await call('POST', '/customers/{customerId}/contracts/{contractId}/documents', { ...path({ customerId: 'K-2001', contractId: contract }), body: { file_name: 'Rechnung.pdf', content: 'JVBERi0=', date: '2026-01-15' } });

  // Tariffs.
  const { tariffId: tariff } = await call('POST', '/tariffs', { body: { name: 'Ökostrom', supplier: 'Stadtwerke', medium: 'ELECTRICITY', isGreen: true, direction: 'IN' } });
  const tp = (extra = {}) => path({ tariffId: tariff, ...extra });
  await call('GET', '/tariffs/{tariffId}', tp());
  await call('PUT', '/tariffs/{tariffId}', { ...tp(), body: { isGreen: false } });
  await call('POST', '/tariffs/{tariffId}/price-components', { ...tp(), body: { name: 'Arbeitspreis', unit: 'CENT_PER_KILO_WATT_HOUR', type: 'STATIC_PRICE', prices: [{ value: 31.5, start_date: '2026-01-01' }] } });
  await call('PUT', '/tariffs/{tariffId}/price-components/{priceComponentId}', { ...tp({ priceComponentId: 'pc-1' }), body: { name: 'Grundpreis', unit: 'EURO_PER_MONTH' } });
  await call('DELETE', '/tariffs/{tariffId}/price-components/{priceComponentId}', tp({ priceComponentId: 'pc-1' }));
  await call('GET', '/tariffs/{tariffId}/contracts', { ...tp(), params: { ...tp().params, query: { pageSize: 10 } } });
  const { contractId: tariffContract } = await call('POST', '/tariffs/{tariffId}/contracts', { ...tp(), body: { spaceId: space, start_date: '2026-01-15' } });
  await call('PUT', '/tariffs/{tariffId}/contracts/{contractId}', { ...tp({ contractId: tariffContract }), body: { spaceId: space, end_date: '2026-12-31' } });
  await call('DELETE', '/tariffs/{tariffId}/contracts/{contractId}', tp({ contractId: tariffContract }));
  await call('DELETE', '/tariffs/{tariffId}', tp());

  // Partners.
  const partners = await call('GET', '/partners');
  assert.deepEqual(partners.map((p) => p.subPartners.length), [1]);
  const { id: partner } = await call('GET', '/partners/current');
  await call('POST', '/partners/{partnerId}/credentials', { ...path({ partnerId: partner }), body: { name: 'CI' } });
  await call('GET', '/partners/{partnerId}/credentials', path({ partnerId: partner }));
  await call('DELETE', '/partners/{partnerId}/credentials/{credentialsId}', path({ partnerId: partner, credentialsId: '00000000-0000-4000-b000-000000000001' }));
  await call('POST', '/partners', { body: { id: 'sub-2', name: 'Sub-partner 2', isDemoPartner: true } });
  await call('GET', '/partners/current/subdomain');
  await call('PUT', '/partners/current/subdomain', { body: { subdomain: 'stadtwerke' } });
  await call('DELETE', '/partners/current');

  // The new space goes, with its devices.
  await call('DELETE', '/spaces/{spaceId}', path({ spaceId: space }));
  assert.equal((await call('GET', '/spaces')).spaces.length, 7);
  const gone = await page.evaluate(([id]) => window.call('GET', '/devices/{deviceId}/readings', {
    params: { path: { deviceId: id }, query: { startTime: '2025-11-30T00:00:00Z', endTime: '2025-12-01T00:00:00Z', resolution: '1_HOUR', measurement: 'POWER' } },
  }), [external]);
  assert.equal(gone.status, 404);

  // Coverage: every operation of the spec was called, and the stand-in saw each answered 2xx, none refused.
  const operations = spec.getOperations().map(operationKey).sort();
  assert.equal(operations.length, 54);
  assert.deepEqual([...called].sort(), operations, 'operations of the spec without a call in this test');
  const log = (await apiLog(from)).filter((e) => e.operation);
  assert.deepEqual(log.filter((e) => e.status === 400), [], 'request-validation failures');
  const seen = new Set(log.filter((e) => e.status === 200).map((e) => e.operation));
  assert.deepEqual(spec.getOperations().filter((o) => !seen.has(o.operationId)).map((o) => o.operationId), []);
  assert.equal(env.backend.stats.apiRejected.length, 0);
}));

test('pages(): every item of every paged operation, with the pages the stand-in saw requested', (t) => withPartnerPage(async (page) => {
  const paged = pagedOperations(spec).map((p) => p.path).sort();
  /** @type {[string, { params: { path?: object, query?: object } } | undefined, string[], (number | null)[][]][]} */
  const cases = [
    ['/spaces', { params: { query: { pageSize: 3 } } }, [1, 2, 3, 4, 5, 6, 7].map(spaceId), [[0, 3], [1, 3], [2, 3]]],
    ['/spaces', { params: { query: { page: 1, pageSize: 3 } } }, [4, 5, 6, 7].map(spaceId), [[1, 3], [2, 3]]],
    ['/spaces', undefined, [1, 2, 3, 4, 5, 6, 7].map(spaceId), [[0, null]]],
    ['/spaces/{spaceId}/users', { params: { path: { spaceId: spaceId(1) }, query: { pageSize: 1 } } }, ['anna', 'ben', 'clara'], [[0, 1], [1, 1], [2, 1]]],
    ['/spaces/{spaceId}/devices', { params: { path: { spaceId: spaceId(3) }, query: { pageSize: 2 } } }, [deviceId(3, 1), deviceId(3, 2), deviceId(3, 3)], [[0, 2], [1, 2]]],
    ['/customers', { params: { query: { pageSize: 2 } } }, ['customer-1', 'customer-2', 'customer-3'], [[0, 2], [1, 2]]],
    ['/tariffs/{tariffId}/contracts', { params: { path: { tariffId: 'tariff-1' } } }, ['string'], [[0, null]]],
  ];
  assert.deepEqual([...new Set(cases.map(([p]) => p))].sort(), paged, 'a case for every paged operation');
  for (const [path, init, ids, pages] of cases) {
    const from = await logLength();
    const { items, thrown } = await page.evaluate(([p, i]) => window.collect(p, i), [path, init]);
    assert.equal(thrown, undefined);
    const op = spec.getOperations().find((o) => o.method === 'get' && o.path === path);
    const itemSchema = op.responses['200'].content['application/json'].schema.properties[pagedOperations(spec).find((x) => x.path === path).items].items;
    for (const item of items) assert.equal(spec.validator.getAjv().validate(itemSchema, item), true, `${path}: item valid per the spec`);
    assert.deepEqual(items.map((x) => x.id), ids, path);
    const requested = (await apiLog(from)).map((e) => {
      const q = new URLSearchParams(e.query);
      return [Number(q.get('page')), q.has('pageSize') ? Number(q.get('pageSize')) : null];
    });
    assert.deepEqual(requested, pages, `${path} ${JSON.stringify(init)}: pages requested`);
    t.diagnostic(`${path} ${JSON.stringify(init?.params?.query ?? {})}: ${items.length} items in ${requested.length} requests`);
  }

  // A page the API refuses ends the iteration with a PartnerApiError.
  const from = await logLength();
  const refused = await page.evaluate(() => window.collect('/spaces', { params: { query: { pageSize: 0 } } }));
  assert.deepEqual(refused, {
    items: [],
    thrown: {
      name: 'PartnerApiError', status: 400, error: { message: 'query parameter pageSize must be >= 1' },
      message: 'partner API: /spaces answered HTTP 400',
    },
  });
  assert.equal((await apiLog(from)).length, 1);
  const notPaged = await page.evaluate(() => window.collect('/partners'));
  assert.deepEqual(notPaged.thrown.name, 'TypeError');
}));

test('errors: { error, response } with the body the API sent; 400s name the parameter; path parameters percent-encoded', () => withPartnerPage(async (page) => {
  const call = (...args) => page.evaluate(([m, p, i]) => window.call(m, p, i), args);

  assert.deepEqual(await call('GET', '/spaces', { params: { query: { pageSize: 0 } } }), {
    status: 400, data: undefined, error: { message: 'query parameter pageSize must be >= 1' }, retryAfter: null,
  });
  const body = await call('POST', '/spaces', { body: { name: 'n', addressLineOne: 'a', postcode: 'p', category: 'HOUSEHOLD' } });
  assert.deepEqual([body.status, body.error], [400, { message: 'requestBody must have city' }]);
  const enumValue = await call('GET', '/devices/{deviceId}/readings', {
    params: { path: { deviceId: deviceId(1, 1) }, query: { startTime: '2026-11-29T00:00:00Z', endTime: '2026-11-30T00:00:00Z', resolution: '5_MIN', measurement: 'POWER' } },
  });
  assert.deepEqual([enumValue.status, enumValue.error.message], [400, 'query parameter resolution must be one of 15_MIN, 1_HOUR, 1_DAY']);

  // An empty error body is null (openapi-fetch alone would leave `error` undefined).
  const noBody = await call('GET', '/spaces/{spaceId}', { params: { path: { spaceId: spaceId(1) } } });
  assert.deepEqual(noBody, { status: 405, data: undefined, error: null, retryAfter: null });

  // Reserved characters in a path parameter stay inside their segment.
  const from = await logLength();
  const odd = await call('GET', '/spaces/{spaceId}/devices', { params: { path: { spaceId: 'a/b c?d#e' } } });
  assert.deepEqual([odd.status, odd.error], [404, { message: 'space a/b c?d#e not found' }]);
  const [entry] = await apiLog(from);
  assert.deepEqual([entry.path, entry.query, entry.operation], ['/partner/spaces/a%2Fb%20c%3Fd%23e/devices', '', 'getDevicesInSpace']);
  // Dot segments would be resolved away by URL parsing: refused before any request.
  for (const dots of ['..', '.']) {
    const refused = await page.evaluate((id) => window.api.DELETE('/spaces/{spaceId}/users/{userId}', { params: { path: { spaceId: 'x', userId: id } } })
      .then(() => 'sent', (e) => `${e.name}: ${e.message}`), dots);
    assert.equal(refused, `TypeError: path parameter userId must not be "${dots}"`);
  }
  // An object's keys would be written unencoded: the case would call
  // DELETE …/partner/partners/current#,/users/u1. Only strings and numbers pass.
  for (const spaceId of [{ 'x/../../partners/current#': '' }, ['a', 'b'], true, null]) {
    const refused = await page.evaluate((id) => window.api.DELETE('/spaces/{spaceId}/users/{userId}', { params: { path: { spaceId: id, userId: 'u1' } } })
      .then(() => 'sent', (e) => `${e.name}: ${e.message}`), spaceId);
    assert.equal(refused, 'TypeError: path parameter spaceId must be a string or a number', JSON.stringify(spaceId));
  }
  assert.equal((await apiLog(from)).length, 1, 'no request for a dot segment or a value that is not a string or a number');
}));
