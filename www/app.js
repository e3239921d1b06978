// The demo SPA: log in, handle the callback, show the user and the token's
// expiry, list spaces from the partner API, log out.
import init, { ZaehlerfreundeAuth } from '/pkg/zaehlerfreunde_auth.js';

const SETTINGS_KEY = 'zaehlerfreunde-demo:config';
const $ = (id) => document.getElementById(id);

/** The SDK config: local backend by default; production or overrides from Settings. */
async function loadConfig() {
  const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}');
  const { env = 'local', ...overrides } = saved;
  $('env-name').textContent = env === 'production' ? 'Zählerfreunde production' : 'local dev backend';
  const base = env === 'production'
    ? { redirectUri: `${location.origin}/` } // production endpoints are the SDK's defaults
    : await (await fetch('/local-config.json')).json();
  for (const [k, v] of Object.entries(overrides)) if (v !== '' && v !== null) base[k] = v;
  return base;
}

function showError(e) {
  $('error').hidden = false;
  $('error').dataset.error = e?.error ?? 'unexpected';
  $('error-code').textContent = e?.error ?? 'unexpected';
  $('error-description').textContent = e?.error_description ?? String(e);
}

function jwtClaims(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(part));
}

let expiryTimer;
async function showToken(auth) {
  const claims = jwtClaims(await auth.getAccessToken());
  clearInterval(expiryTimer);
  const tick = () => {
    const left = Math.max(0, Math.round(claims.exp - Date.now() / 1000));
    $('token-expiry').textContent = `${left} s`;
    $('token-expiry').dataset.exp = String(claims.exp);
  };
  tick();
  expiryTimer = setInterval(tick, 1000);
}

async function showSpaces(auth) {
  const list = $('spaces');
  list.dataset.state = 'loading';
  const res = await auth.fetch('/spaces?page=0&pageSize=50');
  if (!res.ok) throw Object.assign(new Error(`partner API answered ${res.status}`), { error: 'api_error', error_description: `HTTP ${res.status}` });
  const { spaces } = await res.json();
  list.replaceChildren(...spaces.map((s) => {
    const li = document.createElement('li');
    li.textContent = s.name;
    const small = document.createElement('small');
    small.textContent = `${s.addressLineOne}, ${s.postcode} ${s.city}`;
    li.append(small);
    return li;
  }));
  list.dataset.state = 'loaded';
}

async function render(auth) {
  const signedIn = auth.isAuthenticated();
  $('logged-in').hidden = !signedIn;
  $('logged-out').hidden = signedIn;
  document.body.dataset.auth = signedIn ? 'in' : 'out';
  if (!signedIn) return;
  const user = auth.getUser() ?? {};
  $('user-name').textContent = user.name ?? user.sub ?? '';
  $('user-email').textContent = user.email ?? '';
  if (user.picture) $('user-picture').src = user.picture;
  await showToken(auth);
  await showSpaces(auth);
}

async function main() {
  await init();
  let auth;
  try {
    auth = new ZaehlerfreundeAuth(await loadConfig());
  } catch (e) {
    showError(e);
    return;
  }
  const guarded = (f) => async () => {
    $('error').hidden = true;
    try {
      await f();
    } catch (e) {
      showError(e);
      await render(auth).catch(showError);
    }
  };
  $('login').onclick = guarded(() => auth.loginWithRedirect({ appState: { returnTo: location.pathname } }));
  $('logout').onclick = guarded(() => auth.logout({ returnTo: `${location.origin}/` }));
  $('reload-spaces').onclick = guarded(async () => {
    await showSpaces(auth);
    await showToken(auth); // the call may have refreshed it
  });
  $('refresh-token').onclick = guarded(async () => {
    await auth.getAccessToken({ forceRefresh: true });
    await showToken(auth);
  });
  $('settings-form').onsubmit = (ev) => {
    ev.preventDefault();
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(Object.fromEntries(new FormData(ev.target))));
    location.reload();
  };

  if (auth.isCallback()) {
    try {
      await auth.handleRedirectCallback();
    } catch (e) {
      showError(e);
    }
  }
  await render(auth).catch(showError);
  document.body.dataset.ready = 'true';
}

main();
