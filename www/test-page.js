// The partner test page: run the authorization code flow step by step against
// the local dev backend or Zählerfreunde production, with every secret masked.
import init, { ZaehlerfreundeAuth } from '/pkg/index.js';
import { createPartnerClient } from '/pkg/partner.js';
import { $, el, hideError, jwtClaims, mask, showError } from '/util.js';

const CONFIG_KEY = 'zaehlerfreunde-test-page:config';
const SECRET_PARAMS = new Set(['code', 'state', 'nonce', 'code_challenge']);

/**
 * Fills the table `id` with [name, value] rows.
 * @param {string} id
 * @param {[string, string | undefined][]} rows
 */
function table(id, rows) {
  $(id).replaceChildren(...rows.map(([k, v]) => {
    const tr = el('tr');
    tr.append(el('th', k), el('td', v ?? '—', { 'data-field': k }));
    return tr;
  }));
}

function savedForm() {
  return JSON.parse(sessionStorage.getItem(CONFIG_KEY) ?? 'null');
}

/**
 * The SDK config from the form's values.
 * @param {Record<string, string>} form
 * @returns {Promise<import('/pkg/index.js').ZaehlerfreundeAuthConfig>}
 */
async function sdkConfig(form) {
  const redirectUri = form.redirectUri || `${location.origin}${location.pathname}`;
  const base = form.env === 'production'
    ? {}
    : await (await fetch('/local-config.json')).json();
  const config = { ...base, redirectUri, tokenRequestFormat: form.tokenRequestFormat || 'form' };
  if (form.clientId) config.clientId = form.clientId;
  return config;
}

/** The stored session of the client (under its key, named after the client id and audience). */
/** @param {string | undefined} clientId */
const sessionOf = (clientId) => {
  const key = Object.keys(sessionStorage).find((k) => k.startsWith(`zaehlerfreunde-auth:${clientId}:`) && k.endsWith(':session'));
  return JSON.parse((key && sessionStorage.getItem(key)) ?? 'null');
};

/** @param {string | undefined} clientId */
function showTokens(clientId) {
  const s = sessionOf(clientId);
  if (!s) return;
  table('token-fields', [
    ['access_token', mask(s.access_token)],
    ['refresh_token', mask(s.refresh_token)],
    ['id_token', mask(s.id_token)],
    ['expires_at', `${new Date(s.expires_at * 1000).toISOString()} (in ${s.expires_at - Math.floor(Date.now() / 1000)} s)`],
    ['scope', s.scope],
    ['audience', s.audience],
  ]);
  const idClaims = s.id_token ? jwtClaims(s.id_token) : null;
  if (idClaims?.nonce) idClaims.nonce = mask(idClaims.nonce); // spent, but a secret of the login
  $('tp-id-claims').textContent = JSON.stringify(idClaims, null, 2);
  $('tp-at-claims').textContent = JSON.stringify(jwtClaims(s.access_token), null, 2);
  for (const id of ['step-tokens', 'step-refresh', 'step-api']) $(id).hidden = false;
  $('step-tokens').classList.add('done');
}

/**
 * `f`, which first hides the error banner and shows what it throws.
 * @template {unknown[]} A
 * @param {(...args: A) => Promise<unknown>} f
 * @returns {(...args: A) => Promise<void>}
 */
const guard = (f) => async (...args) => {
  hideError();
  try {
    await f(...args);
  } catch (e) {
    showError(e);
  }
};

async function main() {
  await init();
  /** @type {HTMLFormElement} */
  const form = $('config-form');
  const saved = savedForm();
  if (saved) for (const [k, v] of Object.entries(saved)) if (form[k]) form[k].value = v;

  // Made from the saved or submitted form. The steps that use the client
  // (cast to it below) show only once it is made.
  /** @type {ZaehlerfreundeAuth | undefined} */
  let auth;
  /** @type {import('/pkg/partner.js').PartnerClient} */
  let api;
  /** @type {string | undefined} */
  let clientId;
  /** @param {Record<string, string>} values */
  const makeAuth = async (values) => {
    const config = await sdkConfig(values);
    auth = new ZaehlerfreundeAuth(config);
    api = createPartnerClient(auth); // the typed partner-API client, over auth.fetch
    clientId = config.clientId;
  };
  if (saved) await guard(makeAuth)(saved);

  form.onsubmit = guard(async (/** @type {SubmitEvent} */ ev) => {
    ev.preventDefault();
    const values = /** @type {Record<string, string>} */ (Object.fromEntries(new FormData(form))); // no file inputs
    sessionStorage.setItem(CONFIG_KEY, JSON.stringify(values));
    await makeAuth(values);
    const url = await /** @type {ZaehlerfreundeAuth} */ (auth).buildAuthorizeUrl();
    $('authorize-url').textContent = `${url.split('?')[0]}?…`;
    table('authorize-params', [...new URL(url).searchParams].map(([k, v]) => [k, SECRET_PARAMS.has(k) ? mask(v) : v]));
    $('step-authorize').hidden = false;
    $('step-config').classList.add('done');
    $('go').onclick = () => location.assign(url);
  });

  if (auth?.isCallback()) {
    const params = new URLSearchParams(location.search.length > 1 ? location.search : location.hash.slice(1));
    table('callback-params', [...params].map(([k, v]) => [k, SECRET_PARAMS.has(k) ? mask(v) : v]));
    $('step-callback').hidden = false;
    $('exchange').onclick = guard(async () => {
      await /** @type {ZaehlerfreundeAuth} */ (auth).handleRedirectCallback();
      $('step-callback').classList.add('done');
      showTokens(clientId);
    });
  } else if (auth?.isAuthenticated()) {
    showTokens(clientId);
  }

  $('refresh').onclick = guard(async () => {
    const before = sessionOf(clientId);
    await /** @type {ZaehlerfreundeAuth} */ (auth).getAccessToken({ forceRefresh: true });
    const after = sessionOf(clientId);
    table('refresh-result', [
      ['new access token', after.access_token !== before.access_token ? 'yes' : 'no'],
      ['refresh token rotated', after.refresh_token !== before.refresh_token ? 'yes' : 'no'],
      ['expires in', `${after.expires_at - Math.floor(Date.now() / 1000)} s`],
    ]);
    $('step-refresh').classList.add('done');
    showTokens(clientId);
  });
  $('call-api').onclick = guard(async () => {
    // The client resolves to { data } on 2xx and { error } (the body as the
    // API sent it) otherwise; the SDK's own failures reject.
    const { data, error, response } = await api.GET('/spaces', { params: { query: { page: 0, pageSize: 3 } } });
    $('api-result').textContent = error === undefined
      ? `HTTP ${response.status}\n${JSON.stringify(data, null, 2)}`
      : `HTTP ${response.status}, error body:\n${JSON.stringify(error, null, 2)}`;
    $('step-api').classList.add('done');
  });
  $('restart').onclick = guard(async () => {
    await /** @type {ZaehlerfreundeAuth} */ (auth).logout({ localOnly: true });
    location.assign(location.pathname);
  });
  document.body.dataset.ready = 'true';
}

main();
