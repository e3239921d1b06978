// The partner-API stand-in's data: spaces, devices, users, customers and
// readings, seeded deterministically and changed by the API's write
// operations. Ids follow the spec's formats (UUIDs where it says uuid).

const uuid = (group, n) => `00000000-0000-4000-${group}-${String(n).padStart(12, '0')}`;
/** The seeded spaces are 1…7; created ones count on from 8. */
export const spaceId = (n) => uuid('9000', n);
/** Device `d` of space number `s`: …-8000-SSSSSSDDDDDD. */
export const deviceId = (s, d) => `00000000-0000-4000-8000-${String(s).padStart(6, '0')}${String(d).padStart(6, '0')}`;

const SPACE_NAMES = ['Zuhause', 'Büro', 'Ferienhaus', 'Werkstatt', 'Laden', 'Garage', 'Praxis'];

const USERS = [
  ['anna', 'Anna Zähler'], ['ben', 'Ben Strom'], ['clara', 'Clara Gas'], ['dora', 'Dora Wärme'], ['emil', 'Emil Wasser'],
].map(([id, name], i) => ({
  id,
  name,
  email: `${id}@example.com`,
  partnerId: 'zaehlerfreunde-local',
  lastLogin: `2026-11-${String(20 + i).padStart(2, '0')}T08:00:00Z`,
  phoneNumber: `+49 30 1234567${i}`,
  createdAt: '2024-01-01T00:00:00Z',
  loginCount: 10 + i,
  picture: '',
}));

const DEVICE_KINDS = [
  { name: 'Stromzähler', deviceType: 'SMART_METER', medium: 'ELECTRICITY', provider: 'DISCOVERGY', providerName: 'inexogy', directions: ['IN', 'OUT'], unit: 'W' },
  { name: 'Gaszähler', deviceType: 'GAS_METER', medium: 'GAS', provider: 'LOBARO', providerName: 'Lobaro', directions: ['IN'], unit: 'm³' },
  { name: 'Wallbox', deviceType: 'WALLBOX', medium: 'ELECTRICITY', provider: 'EASEE', providerName: 'Easee', directions: ['IN'], unit: 'W' },
];
const UNITS = { ELECTRICITY: 'W', GAS: 'm³', WATER: 'm³', HEATING: 'W' };

/** The provider a device registered through each operation gets. */
export const REGISTRATION_PROVIDERS = {
  registerExternalDevice: ['EXTERNAL', 'External'],
  registerInexogyDevice: ['DISCOVERGY', 'inexogy'],
  registerBluemeteringDevice: ['BLUEMETERING', 'BlueMetering'],
  registerEsaDevice: ['EXTERNAL', 'ESA'],
  registerNonSmartMeter: ['NON_SMART_METER_PROVIDER', 'Non-smart meter'],
};

const RESOLUTION_SECONDS = { '15_MIN': 900, '1_HOUR': 3600, '1_DAY': 86400 };
const MAX_READINGS = 5000;

/** What a stored reading's OBIS code measures: `x.8.0` meter reading, `x.9.0`/`x.29.0` energy; channel 2 is OUT. */
function obis(code) {
  const m = /^(?:\d+-\d+:)?(\d+)\.(\d+)\.\d+(?: [A-Z]\.\d+)?$/.exec(code);
  if (!m) return undefined;
  const [, channel, kind] = m;
  const measurement = kind === '9' || kind === '29' ? 'ENERGY' : 'METER_READING';
  return { measurement, direction: channel === '2' ? 'OUT' : 'IN' };
}

const publicDevice = ({ unit, seeded, ...d }) => d;
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

export class NotFound extends Error {}
export class BadRequest extends Error {}

/** A fresh store with the seed data. */
export function createPartnerStore() {
  const spaces = new Map(); // id -> space
  const devices = new Map(); // id -> device
  const spaceDevices = new Map(); // space id -> Set of device ids
  const spaceUsers = new Map(); // space id -> Set of user ids
  const stored = new Map(); // device id -> readings added with storeReadings
  const customers = new Map(); // external_id -> customer
  let nextSpace = SPACE_NAMES.length + 1;
  let nextDevice = 1;

  const space = (id) => {
    const s = spaces.get(id);
    if (!s) throw new NotFound(`space ${id} not found`);
    return s;
  };
  const device = (id) => {
    const d = devices.get(id);
    if (!d) throw new NotFound(`device ${id} not found`);
    return d;
  };
  const user = (id) => {
    const u = USERS.find((x) => x.id === id);
    if (!u) throw new NotFound(`user ${id} not found`);
    return u;
  };
  const withUsers = (s) => ({ ...s, associatedUsersId: [...spaceUsers.get(s.id)] });
  const addDevice = (spaceIdValue, d) => {
    devices.set(d.id, d);
    spaceDevices.get(spaceIdValue).add(d.id);
    return d.id;
  };

  function addSpace(fields, n, owner) {
    const id = spaceId(n);
    spaces.set(id, {
      id,
      name: fields.name,
      addressLineOne: fields.addressLineOne,
      ...(fields.addressLineTwo ? { addressLineTwo: fields.addressLineTwo } : {}),
      postcode: fields.postcode,
      city: fields.city,
      ownerUserId: owner,
      category: fields.category,
      categoryIcon: /OFFICE/.test(fields.category) ? 'mdi-office-building' : 'mdi-home',
      country: 'DE',
      ...(fields.parentSpaceId ? { parentSpaceId: fields.parentSpaceId } : {}),
      isParticipatingInLttProject: Boolean(fields.isParticipatingInLttProject),
    });
    spaceDevices.set(id, new Set());
    spaceUsers.set(id, new Set([owner]));
    return id;
  }

  SPACE_NAMES.forEach((name, i) => {
    const id = addSpace({
      name, addressLineOne: `Musterstraße ${i + 1}`, postcode: `1011${i}`, city: 'Berlin', category: i === 1 ? 'OFFICE' : 'HOUSEHOLD',
    }, i + 1, 'anna');
    // ben is in every second space, clara in every third.
    if (i % 2 === 0) spaceUsers.get(id).add('ben');
    if (i % 3 === 0) spaceUsers.get(id).add('clara');
    DEVICE_KINDS.slice(0, 1 + (i % DEVICE_KINDS.length)).forEach((k, di) => addDevice(id, {
      id: deviceId(i + 1, di + 1),
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
      ownerUserId: 'anna',
      provider: k.provider,
      providerName: k.providerName,
      providerDescription: k.providerName,
      providerLogoUrl: '',
      metaData: [{ label: 'Zählernummer', value: `1ESY${1000 + i * 10 + di}` }],
      latestReadingTime: '2026-11-30T00:00:00Z',
      firstReadingTime: '2024-01-01T00:00:00Z',
      directions: k.directions,
      unit: k.unit,
      seeded: true,
    }));
  });
  [['K-1001', 'Anna Zähler'], ['K-1002', 'Ben Strom'], ['K-1003', 'Clara Gas']].forEach(([external_id, name], i) => {
    customers.set(external_id, { id: `customer-${i + 1}`, external_id, name, email: `${name.split(' ')[0].toLowerCase()}@example.com` });
  });

  /** A deterministic daily load curve for a seeded device. */
  function curve(d, start, end, step, measurement) {
    const out = [];
    const seed = [...d.id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 9973, 7);
    let meter = 10_000 + seed;
    for (let t = Math.ceil(start / step) * step; t < end && out.length < MAX_READINGS; t += step) {
      const hour = (t % 86400) / 3600;
      const power = Math.round(300 + 900 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + (seed % 200));
      const energy = Math.round((power * step) / 3600) / 1000; // kWh in the interval
      meter += energy;
      const value = measurement === 'POWER' ? power : measurement === 'ENERGY' ? energy : Math.round(meter * 1000) / 1000;
      out.push({ t, value, direction: 'IN' });
    }
    return out;
  }

  function reading(d, { t, value, direction }, measurement) {
    return {
      deviceId: d.id,
      timeStamp: iso(t),
      measurement,
      value,
      unit: measurement === 'POWER' ? d.unit : d.medium === 'GAS' ? 'm³' : 'kWh',
      label: d.name,
      deviceType: d.deviceType,
      deviceProvider: d.provider,
      medium: d.medium,
      direction,
    };
  }

  function paged(list, { page = 0, pageSize = 100 }) {
    return { items: list.slice(page * pageSize, (page + 1) * pageSize), totalNumPages: Math.ceil(list.length / pageSize) };
  }

  return {
    listSpaces(q) {
      const { items, totalNumPages } = paged([...spaces.values()].map(withUsers), q);
      return { spaces: items, totalNumPages };
    },
    createSpace(fields, owner) {
      if (fields.parentSpaceId) space(fields.parentSpaceId);
      return { spaceId: addSpace(fields, nextSpace++, owner) };
    },
    updateSpace(id, fields) {
      const s = space(id);
      for (const [k, v] of Object.entries(fields)) {
        if (v === null) delete s[k];
        else s[k] = v;
      }
      return { spaceId: id };
    },
    deleteSpace(id) {
      space(id);
      for (const d of spaceDevices.get(id)) {
        devices.delete(d);
        stored.delete(d);
      }
      spaces.delete(id);
      spaceDevices.delete(id);
      spaceUsers.delete(id);
    },

    listUsers(id, q) {
      space(id);
      const { items, totalNumPages } = paged([...spaceUsers.get(id)].map(user), q);
      return { users: items, totalNumPages };
    },
    addUser(id, userId) {
      space(id);
      spaceUsers.get(id).add(user(userId).id);
    },
    removeUser(id, userId) {
      space(id);
      if (!spaceUsers.get(id).delete(userId)) throw new NotFound(`user ${userId} is not in space ${id}`);
    },
    removeAllUsers(id) {
      space(id);
      spaceUsers.get(id).clear();
      return { spaceId: id };
    },

    listDevices(id, q) {
      space(id);
      const { items, totalNumPages } = paged([...spaceDevices.get(id)].map((d) => publicDevice(devices.get(d))), q);
      return { devices: items, totalNumPages };
    },
    /** A device registered in a space through `operationId` (one of REGISTRATION_PROVIDERS). */
    registerDevice(id, operationId, fields, owner) {
      const s = space(id);
      const [provider, providerName] = REGISTRATION_PROVIDERS[operationId];
      const n = nextDevice++;
      const external = [fields.externalDeviceId, fields.melo, fields.malo, fields.meteringLocationId].filter(Boolean);
      return {
        deviceId: addDevice(s.id, {
          id: deviceId(0, n),
          name: fields.deviceName,
          status: 'CONNECTING',
          deviceType: fields.deviceType,
          deviceTypeDescription: fields.deviceType,
          deviceTypeImageUrl: '',
          deviceTypeIcon: 'mdi-meter-electric',
          isMainDevice: fields.isMainDevice,
          isMainDeviceAllowed: true,
          createdAt: '2026-12-01T00:00:00Z',
          medium: fields.deviceMedium,
          imageUrl: '',
          ownerUserId: owner,
          provider,
          providerName,
          providerDescription: providerName,
          providerLogoUrl: '',
          metaData: fields.serialNumber ? [{ label: 'Seriennummer', value: fields.serialNumber }] : [],
          latestReadingTime: '',
          firstReadingTime: '',
          directions: fields.isBidirectional ? ['IN', 'OUT'] : ['IN'],
          ...(external.length ? { externalDeviceIds: external } : {}),
          unit: UNITS[fields.deviceMedium],
        }),
      };
    },
    updateDevice(id, deviceIdValue, fields) {
      space(id);
      const d = device(deviceIdValue);
      if (!spaceDevices.get(id).has(d.id)) throw new NotFound(`device ${d.id} is not in space ${id}`);
      if (fields.deviceName !== undefined) d.name = fields.deviceName;
      if (fields.isMainDevice !== undefined) d.isMainDevice = fields.isMainDevice;
      if (fields.externalDeviceId !== undefined) d.externalDeviceIds = [fields.externalDeviceId];
      if (fields.serialNumber !== undefined) d.metaData = [{ label: 'Seriennummer', value: fields.serialNumber }];
    },
    /**
     * @param {string} id
     * @param {string} deviceIdValue
     * @param {{ isMainDevice?: boolean }} [link]
     */
    linkDevice(id, deviceIdValue, { isMainDevice } = {}) {
      space(id);
      const d = device(deviceIdValue);
      spaceDevices.get(id).add(d.id);
      if (isMainDevice !== undefined) d.isMainDevice = isMainDevice;
    },
    unlinkDevice(id, deviceIdValue) {
      space(id);
      if (!spaceDevices.get(id).delete(device(deviceIdValue).id)) throw new NotFound(`device ${deviceIdValue} is not in space ${id}`);
    },
    deleteDevice(id) {
      device(id);
      devices.delete(id);
      stored.delete(id);
      for (const set of spaceDevices.values()) set.delete(id);
    },

    /** Adds readings (NewDeviceReading[]); every entry names a known device, every OBIS code is accepted. */
    storeReadings(batches) {
      const adds = batches.map((b, i) => {
        const d = b.deviceId !== undefined
          ? devices.get(b.deviceId)
          : [...devices.values()].find((x) => x.externalDeviceIds?.includes(b.externalDeviceId));
        if (!d) throw new BadRequest(`body[${i}]: no device with ${b.deviceId !== undefined ? `deviceId ${b.deviceId}` : `externalDeviceId ${b.externalDeviceId}`}`);
        return [d, b.readings.map((r, j) => {
          const kind = obis(r.obisCode);
          if (!kind) throw new BadRequest(`body[${i}].readings[${j}].obisCode ${r.obisCode} is not an accepted OBIS code`);
          return { t: r.timestamp, value: r.value, ...kind };
        })];
      });
      for (const [d, list] of adds) stored.set(d.id, [...(stored.get(d.id) ?? []), ...list]);
    },
    /** A device's readings in [startTime, endTime): the seeded curve, plus the stored readings of the measurement. */
    readings(deviceIdValue, { startTime, endTime, resolution, measurement }) {
      const d = device(deviceIdValue);
      const [start, end] = [Date.parse(startTime) / 1000, Date.parse(endTime) / 1000];
      if (!(end > start)) throw new BadRequest('endTime must be after startTime');
      const own = (stored.get(d.id) ?? []).filter((r) => r.measurement === measurement && r.t >= start && r.t < end);
      const generated = d.seeded ? curve(d, start, end, RESOLUTION_SECONDS[resolution], measurement) : [];
      return [...generated, ...own].sort((a, b) => a.t - b.t).map((r) => reading(d, r, measurement));
    },
    /** The readings of the space's main device of `medium` ([] when it has none). */
    spaceReadings(id, query) {
      space(id);
      const main = [...spaceDevices.get(id)].map((d) => devices.get(d)).find((d) => d.isMainDevice && d.medium === query.medium);
      return main ? this.readings(main.id, query) : [];
    },

    listCustomers(q) {
      const { items, totalNumPages } = paged([...customers.values()], q);
      return { customers: items, totalNumPages };
    },
    /** Creates or updates the customer with this external_id. */
    upsertCustomer(fields) {
      const key = fields.external_id ?? `external-${customers.size + 1}`;
      const c = customers.get(key) ?? { id: `customer-${customers.size + 1}`, external_id: key };
      for (const k of ['email', 'name']) if (fields[k] !== undefined) c[k] = fields[k];
      customers.set(key, c);
      return { customer_id: c.id };
    },
  };
}
