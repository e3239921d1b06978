// The demo SPA: log in, handle the callback, show the user and the tokens,
// explore the partner API with the typed client (spaces → their devices and
// users → a device's readings), log out. On the local dev backend it also
// shows the backend's fault panel (fault-panel.js, not SDK usage).
import init, { ZaehlerfreundeAuth } from '/pkg/index.js';
import { PartnerApiError, createPartnerClient } from '/pkg/partner.js';
import { drawChart } from '/chart.js';
import { setUpFaultPanel } from '/fault-panel.js';
import { $, el, hideError, jwtClaims, mask, showError } from '/util.js';

/** @typedef {import('/pkg/partner.js').PartnerClient} PartnerClient */
/** @typedef {import('/pkg/partner.js').components['schemas']} Schemas */

const SETTINGS_KEY = 'zaehlerfreunde-demo:config';

/** The SDK config: local backend by default; production or overrides from Settings. */
async function loadConfig() {
  const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}');
  const { env = 'local', ...overrides } = saved;
  $('env-name').textContent = env === 'production' ? 'Zählerfreunde production' : 'local dev backend';
  const base = env === 'production'
    ? { redirectUri: `${location.origin}/` } // production endpoints are the SDK's defaults
    : await (await fetch('/local-config.json')).json();
  for (const [k, v] of Object.entries(overrides)) if (v !== '' && v !== null) base[k] = v;
  return { env, config: base };
}

/**
 * The data of a GET through the typed client. The client never throws for an
 * HTTP status: a non-2xx answer resolves to { error, response }, with `error`
 * the body as the API sent it. The demo throws that as the client's
 * PartnerApiError, the error `api.pages()` throws for a failed page, and the
 * banner shows both (util.js). The SDK's own failures (invalid_token after a
 * refresh, timeout, …) reject as ZaehlerfreundeAuthError.
 * @template T
 * @param {string} path the GET's path, for the error
 * @param {Promise<{ data?: T, error?: import('/pkg/partner.js').PartnerErrorBody, response: Response }>} call the GET
 * @returns {Promise<T>}
 */
async function get(path, call) {
  const { data, error, response } = await call;
  if (error !== undefined) throw new PartnerApiError(path, response, error);
  return /** @type {T} */ (data);
}

/** @param {number} seconds */
const time = (seconds) => new Date(seconds * 1000).toLocaleTimeString();
/** @param {unknown} id */
const short = (id) => (typeof id === 'string' && id.length > 8 ? `${id.slice(0, 8)}…` : String(id));

/** @type {ReturnType<typeof setInterval> | undefined} */
let expiryTimer;
/** @type {Record<string, any> | undefined} */
let shownClaims;
/**
 * The token panel: expiry countdown, claims, and what changed since the token shown before.
 * @param {ZaehlerfreundeAuth} auth
 */
async function showToken(auth) {
  const token = await auth.getAccessToken(); // the cached token while it is valid
  const claims = jwtClaims(token) ?? {};
  const user = auth.getUser();
  $('at-claims').textContent = JSON.stringify(claims, null, 2);
  // The nonce is spent, but the demo shows no secret of the login whole.
  $('id-claims').textContent = JSON.stringify(user?.nonce ? { ...user, nonce: mask(user.nonce) } : user, null, 2);
  $('token-expires-at').textContent = `(at ${time(claims.exp ?? 0)})`;
  const before = shownClaims;
  shownClaims = claims;
  if (before && before.jti !== claims.jti) {
    const note = $('token-refreshed');
    note.textContent = `Refreshed at ${new Date().toLocaleTimeString()}: a new token, jti ${short(before.jti)} → ${short(claims.jti)}, `
      + `iat ${time(before.iat)} → ${time(claims.iat)}, expiry ${time(before.exp)} → ${time(claims.exp)}.`;
    note.dataset.iat = String(claims.iat);
    note.hidden = false;
    note.classList.remove('flash');
    void note.offsetWidth; // restarts the highlight
    note.classList.add('flash');
  }
  clearInterval(expiryTimer);
  const tick = () => {
    const left = Math.max(0, Math.round((claims.exp ?? 0) - Date.now() / 1000));
    $('token-expiry').textContent = `${left} s`;
    $('token-expiry').dataset.exp = String(claims.exp ?? 0);
  };
  tick();
  expiryTimer = setInterval(tick, 1000);
}

/**
 * @param {HTMLElement} list
 * @param {HTMLElement} item
 */
function select(list, item) {
  for (const li of list.children) li.classList.toggle('selected', li === item);
}

/** @param {PartnerClient} api */
async function showSpaces(api) {
  const list = $('spaces');
  list.dataset.state = 'loading';
  const { spaces } = await get('/spaces', api.GET('/spaces', { params: { query: { page: 0, pageSize: 50 } } }));
  list.replaceChildren(...spaces.map((s) => {
    const li = el('li', s.name, { 'data-id': s.id });
    li.append(el('small', `${s.addressLineOne}, ${s.postcode} ${s.city}`));
    li.onclick = guarded(async () => {
      select(list, li);
      $('devices-panel').hidden = false;
      $('readings-panel').hidden = true;
      $('space-name').textContent = s.name;
      await Promise.all([showDevices(api, s), showUsers(api, s)]);
    });
    return li;
  }));
  list.dataset.state = 'loaded';
}

/**
 * @param {PartnerClient} api
 * @param {Schemas['Space']} space
 */
async function showDevices(api, space) {
  const list = $('devices');
  list.dataset.state = 'loading';
  const path = '/spaces/{spaceId}/devices';
  const { devices } = await get(path, api.GET(path, { params: { path: { spaceId: space.id } } }));
  list.replaceChildren(...devices.map((d) => {
    const li = el('li', d.name, { 'data-id': d.id });
    li.append(el('small', `${d.medium} · ${d.providerName} · ${d.status}`));
    li.onclick = () => {
      select(list, li);
      showReadingsForm(api, d);
    };
    return li;
  }));
  list.dataset.state = 'loaded';
}

/**
 * The users of a space, every page of them: pages() follows totalNumPages.
 * @param {PartnerClient} api
 * @param {Schemas['Space']} space
 */
async function showUsers(api, space) {
  const list = $('users');
  list.dataset.state = 'loading';
  const users = [];
  for await (const u of api.pages('/spaces/{spaceId}/users', { params: { path: { spaceId: space.id }, query: { pageSize: 20 } } })) {
    users.push(u);
  }
  list.replaceChildren(...users.map((u) => {
    const li = el('li', u.name, { 'data-id': u.id });
    const role = u.id === space.ownerUserId ? 'owner' : 'member';
    li.append(el('small', u.email), el('small', `${role} · last login ${new Date(u.lastLogin).toLocaleDateString()}`));
    return li;
  }));
  list.dataset.state = 'loaded';
}

/** @param {Date} d */
const toLocalInput = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

/**
 * @param {PartnerClient} api
 * @param {Schemas['Device']} device
 */
function showReadingsForm(api, device) {
  $('readings-panel').hidden = false;
  $('readings-device').textContent = device.name;
  /** @type {HTMLFormElement} */
  const form = $('readings-form');
  const now = new Date();
  now.setMinutes(0, 0, 0);
  if (!form.startTime.value) {
    form.startTime.value = toLocalInput(new Date(now.getTime() - 24 * 3600 * 1000));
    form.endTime.value = toLocalInput(now);
  }
  form.onsubmit = guarded(async (ev) => {
    ev?.preventDefault();
    const path = '/devices/{deviceId}/readings';
    const readings = await get(path, api.GET(path, {
      params: {
        path: { deviceId: device.id },
        query: {
          startTime: new Date(form.startTime.value).toISOString(),
          endTime: new Date(form.endTime.value).toISOString(),
          resolution: form.resolution.value,
          measurement: form.measurement.value,
        },
      },
    }));
    $('readings-summary').textContent = readings.length
      ? `${readings.length} readings, ${readings[0].measurement} in ${readings[0].unit}`
      : 'No readings in this range.';
    drawChart($('chart'), readings);
  });
  $('chart').replaceChildren();
  $('readings-summary').textContent = '';
}

/**
 * An event handler that first hides the error banner and shows what it throws
 * (main() makes it so, once the client is there).
 * @type {(f: (ev?: Event) => unknown) => (ev?: Event) => unknown}
 */
let guarded = (f) => f;

/**
 * @param {ZaehlerfreundeAuth} auth
 * @param {PartnerClient} api
 */
async function render(auth, api) {
  const signedIn = auth.isAuthenticated();
  $('logged-in').hidden = !signedIn;
  $('logged-out').hidden = signedIn;
  document.body.dataset.auth = signedIn ? 'in' : 'out';
  if (!signedIn) return;
  /** @type {Partial<import('/pkg/index.js').User>} */
  const user = auth.getUser() ?? {};
  $('user-name').textContent = user.name ?? user.sub ?? '';
  $('user-email').textContent = user.email ?? '';
  if (user.picture) /** @type {HTMLImageElement} */ ($('user-picture')).src = user.picture;
  await showToken(auth);
  await showSpaces(api);
}

async function main() {
  await init();
  /** @type {ZaehlerfreundeAuth} */
  let auth;
  /** @type {PartnerClient} */
  let api;
  /** @type {string} */
  let env;
  try {
    let config;
    ({ env, config } = await loadConfig());
    auth = new ZaehlerfreundeAuth(config);
    // The typed partner-API client: every request goes through auth.fetch.
    api = createPartnerClient(auth);
  } catch (e) {
    showError(e);
    return;
  }
  guarded = (f) => async (...args) => {
    hideError();
    try {
      await f(...args);
    } catch (e) {
      showError(e);
      await render(auth, api).catch(() => {});
    }
  };
  $('login').onclick = guarded(() => auth.loginWithRedirect({ appState: { returnTo: location.pathname } }));
  $('logout').onclick = guarded(() => auth.logout({ returnTo: `${location.origin}/` }));
  $('reload-spaces').onclick = guarded(async () => {
    await showSpaces(api);
    await showToken(auth); // the call may have refreshed it
  });
  $('refresh-token').onclick = guarded(async () => {
    await auth.getAccessToken({ forceRefresh: true });
    await showToken(auth);
  });
  $('settings-form').onsubmit = (ev) => {
    ev.preventDefault();
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(Object.fromEntries(new FormData(/** @type {HTMLFormElement} */ (ev.target)))));
    location.reload();
  };
  if (env === 'local') await setUpFaultPanel().catch(() => {}); // without an admin endpoint: no panel

  if (auth.isCallback()) {
    try {
      await auth.handleRedirectCallback();
    } catch (e) {
      showError(e);
    }
  }
  try {
    await render(auth, api);
  } catch (e) {
    showError(e);
  }
  document.body.dataset.ready = 'true';
}

main();
