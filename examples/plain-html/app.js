import { createZaehlerfreundeAuth, isZaehlerfreundeAuthError } from './zaehlerfreunde-auth/index.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const backend = await (await fetch('./config.json')).json();
  const auth = await createZaehlerfreundeAuth({ ...backend, redirectUri: `${location.origin}/` });
  if (auth.isCallback()) await auth.handleRedirectCallback();
  else if (!(await auth.checkSession())) return auth.loginWithRedirect();

  const token = await auth.getAccessToken();
  document.body.dataset.tokenParts = String(token.split('.').length);
  $('user').textContent = `Logged in as ${auth.getUser()?.email}`;
  const { spaces } = await (await auth.fetch('/spaces?page=0&pageSize=20')).json();
  $('spaces').replaceChildren(...spaces.map((s) => Object.assign(document.createElement('li'), { textContent: s.name })));
  document.body.dataset.state = 'in';
}

main().catch((e) => {
  $('error').textContent = isZaehlerfreundeAuthError(e) ? `${e.error}: ${e.error_description}` : String(e);
  document.body.dataset.state = 'error';
});
