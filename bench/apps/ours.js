// zaehlerfreunde-auth (this repository's pkg/).
import init, { ZaehlerfreundeAuth } from '../../pkg/index.js';
import { harness } from './common.js';

harness(async (cfg) => {
  await init({ module_or_path: '/pkg/zaehlerfreunde_auth_bg.wasm' });
  const auth = new ZaehlerfreundeAuth({
    clientId: cfg.clientId,
    redirectUri: cfg.redirectUri,
    authorizeUrl: cfg.authorizeUrl,
    tokenUrl: cfg.tokenUrl,
    audience: cfg.audience,
    apiBaseUrl: cfg.apiBaseUrl,
  });
  return {
    login: () => auth.loginWithRedirect(),
    isCallback: () => auth.isCallback(),
    handle: () => auth.handleRedirectCallback(),
    token: () => auth.getAccessToken(),
    refresh: () => auth.getAccessToken({ forceRefresh: true }),
  };
});
