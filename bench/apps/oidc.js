// oidc-client-ts 3.x against the dev backend (discovery from the issuer).
import { UserManager } from 'oidc-client-ts';
import { harness, hasCallbackParams } from './common.js';

harness(async (cfg) => {
  const mgr = new UserManager({
    authority: cfg.issuer,
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    extraQueryParams: { audience: cfg.audience },
    automaticSilentRenew: false,
    loadUserInfo: false,
    monitorSession: false,
  });
  return {
    login: () => mgr.signinRedirect(),
    isCallback: hasCallbackParams,
    handle: () => mgr.signinRedirectCallback(),
    // After the callback, which is when the runner asks, there is a user.
    token: async () => /** @type {import('oidc-client-ts').User} */ (await mgr.getUser()).access_token,
    refresh: async () => /** @type {import('oidc-client-ts').User} */ (await mgr.signinSilent()).access_token,
  };
});
