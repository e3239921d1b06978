// @auth0/auth0-spa-js 2.x against the Auth0-like dev backend.
import { Auth0Client } from '@auth0/auth0-spa-js';
import { harness, hasCallbackParams } from './common.js';

harness(async (cfg) => {
  const auth0 = new Auth0Client({
    domain: cfg.issuer.replace(/\/$/, ''),
    clientId: cfg.clientId,
    useRefreshTokens: true,
    authorizationParams: {
      redirect_uri: cfg.redirectUri,
      audience: cfg.audience,
      scope: 'openid profile email offline_access',
    },
  });
  return {
    login: () => auth0.loginWithRedirect(),
    isCallback: hasCallbackParams,
    handle: () => auth0.handleRedirectCallback(),
    token: () => auth0.getTokenSilently(),
    refresh: () => auth0.getTokenSilently({ cacheMode: 'off' }),
  };
});
