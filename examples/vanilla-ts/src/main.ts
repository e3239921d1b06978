// Log in, then list the user's spaces from the partner API. Run against the
// local dev backend (npx zaehlerfreunde-dev-backend); for production, drop
// the four URLs and use your own clientId.
import { createZaehlerfreundeAuth, isZaehlerfreundeAuthError } from 'zaehlerfreunde-auth';

const issuer = import.meta.env.VITE_ZFA_ISSUER ?? 'http://127.0.0.1:4400/';
const $ = (id: string) => document.getElementById(id)!;

async function main(): Promise<void> {
  const auth = await createZaehlerfreundeAuth({
    clientId: 'zaehlerfreunde-local-demo',
    redirectUri: `${location.origin}/`,
    authorizeUrl: `${issuer}authorize`,
    tokenUrl: `${issuer}oauth/token`,
    logoutUrl: `${issuer}v2/logout`,
    apiBaseUrl: import.meta.env.VITE_ZFA_API_BASE_URL ?? 'http://127.0.0.1:4401/partner',
  });
  if (auth.isCallback()) await auth.handleRedirectCallback();
  else if (!(await auth.checkSession())) return auth.loginWithRedirect();

  const token = await auth.getAccessToken();
  document.body.dataset.tokenParts = String(token.split('.').length);
  $('user').textContent = `Logged in as ${auth.getUser()?.email}`;
  const res = await auth.fetch('/spaces?page=0&pageSize=20');
  const { spaces } = (await res.json()) as { spaces: { name: string }[] };
  $('spaces').replaceChildren(...spaces.map((s) => Object.assign(document.createElement('li'), { textContent: s.name })));
  const logout = $('logout');
  logout.hidden = false;
  logout.onclick = () => auth.logout({ returnTo: `${location.origin}/` });
  document.body.dataset.state = 'in';
}

main().catch((e: unknown) => {
  $('error').textContent = isZaehlerfreundeAuthError(e) ? `${e.error}: ${e.error_description}` : String(e);
  document.body.dataset.state = 'error';
});
