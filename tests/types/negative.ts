// Misuses of zaehlerfreunde-auth/partner that must not compile. Each
// `@ts-expect-error TSnnnn` names the error the next line must give: tsc fails
// on this file if a line compiles, and tsc.test.mjs checks the codes.
import { createPartnerClient } from 'zaehlerfreunde-auth/partner';
import type { ZaehlerfreundeAuth } from 'zaehlerfreunde-auth';

export async function misuse(auth: ZaehlerfreundeAuth): Promise<void> {
  const api = createPartnerClient(auth);
  // @ts-expect-error TS2322 spaceId is a string in the spec, not a number
  await api.GET('/spaces/{spaceId}/devices', { params: { path: { spaceId: 7 } } });
  // @ts-expect-error TS2561 a misspelled query parameter (pagesize for pageSize) next to a correct one
  await api.GET('/spaces', { params: { query: { page: 0, pagesize: 50 } } });
  // @ts-expect-error TS2561 a misspelled query parameter, alone
  await api.GET('/customers', { params: { query: { pagesize: 50 } } });
  // @ts-expect-error TS2820 resolution is one of 15_MIN, 1_HOUR, 1_DAY
  await api.GET('/devices/{deviceId}/readings', { params: { path: { deviceId: 'd' }, query: { startTime: 'a', endTime: 'b', resolution: '5_MIN', measurement: 'POWER' } } });
  // @ts-expect-error TS2554 the path parameters of a templated path are required
  await api.GET('/spaces/{spaceId}/users');
  // @ts-expect-error TS2345 a path the spec does not have
  await api.GET('/spaces/{spaceId}/meters', { params: { path: { spaceId: 's' } } });
  // @ts-expect-error TS2345 a method the path does not have (GET /spaces/{spaceId})
  await api.GET('/spaces/{spaceId}', { params: { path: { spaceId: 's' } } });
  // @ts-expect-error TS2322 a required body field (city) missing
  await api.POST('/spaces', { body: { name: 'n', addressLineOne: 'a', postcode: 'p', category: 'HOUSEHOLD' } });
  // @ts-expect-error TS2339 a response field the schema does not have
  (await api.GET('/spaces')).data?.spaces[0]?.colour;
  // @ts-expect-error TS2345 /partners is not a paged operation
  api.pages('/partners', {});
  // @ts-expect-error TS2561 a misspelled query parameter in pages()
  api.pages('/spaces', { params: { query: { pagesize: 50 } } });
}
