// What the partner-API e2e tests share: a logged-in harness page with the
// typed client (pkg/partner.js) for the local stand-in, and the stand-in's
// request log.
import assert from 'node:assert/strict';

import { login, withHarness } from './harness.mjs';

/**
 * `f(page)` on a logged-in harness page with `window.api`, the typed client;
 * `window.call(method, path, init)` answers { status, data, error, retryAfter }
 * or { thrown: { name, error } } when the call rejects; `window.collect(path,
 * init)` the items of `api.pages()`, and what it threw. `overrides`: config
 * options for the page's client (e.g. debug).
 */
export const withPartnerPage = (env, f, overrides = {}) => withHarness(env, overrides, async (page) => {
  assert.ok((await login(page)).ok);
  await page.evaluate(async () => {
    const { createPartnerClient } = await import('/pkg/partner.js');
    // Its base URL is the SDK's apiBaseUrl (here the local stand-in's).
    window.api = createPartnerClient(window.auth);
    window.call = async (method, path, init) => {
      try {
        const { data, error, response } = await window.api[method](path, init);
        return { status: response.status, data, error, retryAfter: response.headers.get('Retry-After') };
      } catch (e) {
        return { thrown: { name: e.name, error: e.error } };
      }
    };
    window.collect = async (path, init) => {
      const items = [];
      try {
        // Any path and init: the tests ask for a path that is not paged too.
        const api = /** @type {{ pages: (path: string, init?: object) => AsyncIterable<unknown> }} */ (/** @type {unknown} */ (window.api));
        for await (const item of api.pages(path, init)) items.push(item);
        return { items };
      } catch (e) {
        return { items, thrown: { name: e.name, status: e.status, error: e.error, message: e.message } };
      }
    };
  });
  await f(page);
});

/** The stand-in's log of partner-API requests (GET /__admin/stats), from entry `from` on. */
export async function apiLog(env, from = 0) {
  const stats = await (await fetch(`${env.backend.appOrigin}/__admin/stats`)).json();
  return stats.apiRequests.slice(from);
}
