// A consumer of zaehlerfreunde-auth/partner: must compile with tsc --strict.
import init, { ZaehlerfreundeAuth } from 'zaehlerfreunde-auth';
import { createPartnerClient, PartnerApiError, type PageItem, type components } from 'zaehlerfreunde-auth/partner';

type Space = components['schemas']['Space'];

export async function main(): Promise<void> {
  await init();
  const auth = new ZaehlerfreundeAuth({ clientId: 'c', redirectUri: 'https://app.example/' });
  const api = createPartnerClient(auth);

  const { data, error, response } = await api.GET('/spaces', { params: { query: { page: 0, pageSize: 50 } } });
  if (error !== undefined) {
    const status: number = response.status;
    console.log(status, typeof error === 'object' && error !== null && !Array.isArray(error) ? error.message : error);
    return;
  }
  const first: Space | undefined = data.spaces[0];
  const pages: number = data.totalNumPages;
  if (!first) return;
  const spaceId: string = first.id;

  const devices = await api.GET('/spaces/{spaceId}/devices', { params: { path: { spaceId } } });
  const deviceIds: string[] = devices.data?.devices.map((d) => d.id) ?? [];

  const readings = await api.GET('/devices/{deviceId}/readings', {
    params: {
      path: { deviceId: deviceIds[0] ?? '' },
      query: { startTime: '2026-11-29T00:00:00Z', endTime: '2026-11-30T00:00:00Z', resolution: '1_HOUR', measurement: 'POWER' },
    },
  });
  const values: number[] = readings.data?.map((r) => r.value) ?? [];

  const created = await api.POST('/spaces', {
    body: { name: 'Neu', addressLineOne: 'Weg 1', postcode: '10115', city: 'Berlin', category: 'HOUSEHOLD' },
  });
  const newId: string | undefined = created.data?.spaceId;

  await api.POST('/devices/readings', {
    body: [{ deviceId: deviceIds[0], readings: [{ obisCode: '1.8.0', timestamp: 1764460800, value: 1.5 }] }],
  });
  const tariff = await api.GET('/tariffs/{tariffId}', { params: { path: { tariffId: 't' } } });
  const green: boolean | undefined = tariff.data?.isGreen;
  const customers = await api.GET('/customers', { params: { query: { pageSize: 10 } } });
  const externalIds: string[] = customers.data?.customers.map((c) => c.external_id) ?? [];

  for await (const space of api.pages('/spaces', { params: { query: { pageSize: 50 } } })) {
    const s: Space = space;
    console.log(s.name);
  }
  for await (const user of api.pages('/spaces/{spaceId}/users', { params: { path: { spaceId } } })) {
    const email: string = user.email;
    console.log(email);
  }
  const contract: PageItem<'/tariffs/{tariffId}/contracts'> | undefined = undefined;
  try {
    for await (const c of api.pages('/customers')) console.log(c.id);
  } catch (e) {
    if (e instanceof PartnerApiError) console.log(e.status, e.error);
  }
  console.log(pages, values, newId, green, externalIds, contract);
}
