// Configured URLs are compared the way the browser reports the page's own
// address: a default port and an unencoded path in redirectUri still match
// the callback, through the browser's URL parser and the real token endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suiteEnv, withHarness } from './harness.mjs';

const env = suiteEnv();

for (const [configured, normalized] of [
  ['https://app.example:443/cb', 'https://app.example/cb'],
  ['https://APP.example/café', 'https://app.example/caf%C3%A9'],
]) {
  test(`redirectUri ${configured} is sent and matched as ${normalized}`, () => withHarness(env, {}, async (page) => {
    const tokenRequests = env.backend.stats.token.length;
    const outcome = await page.evaluate(async ([redirectUri, callbackBase]) => {
      const auth = window.makeAuth({ redirectUri });
      const authorize = new URL(await auth.buildAuthorizeUrl());
      const state = authorize.searchParams.get('state');
      // The authorization server sends the browser back to the registered
      // (normalized) URL, as the browser writes it in location.href.
      const callback = `${callbackBase}?code=not-a-real-code&state=${encodeURIComponent(/** @type {string} */ (state))}`;
      const result = await window.settle(() => auth.handleRedirectCallback(callback));
      return { sent: authorize.searchParams.get('redirect_uri'), result };
    }, [configured, normalized]);
    assert.equal(outcome.sent, normalized, 'the authorize request carries the normalized redirect_uri');
    // Past the redirect_uri check: the code reached the token endpoint, which
    // refused the made-up code (before the fix: invalid_request here, and no
    // token request at all).
    assert.equal(outcome.result.error, 'invalid_grant', JSON.stringify(outcome.result));
    assert.equal(env.backend.stats.token.length, tokenRequests + 1);
    assert.equal(env.backend.stats.token.at(-1).grant_type, 'authorization_code');
  }));
}
