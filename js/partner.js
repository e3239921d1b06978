// zaehlerfreunde-auth/partner: a client for every operation of the partner
// API, typed from its spec (partner.d.ts), over the SDK's authorized fetch.
//
// openapi-fetch is bundled into pkg/partner.js by esbuild (.ci/build-pkg)
// rather than declared as a dependency: the entry then works as it is in a
// plain <script type="module"> page, without a bundler or an import map, and
// an app that never imports this entry ships none of it.
import createClient, { defaultPathSerializer } from 'openapi-fetch';
import PAGED from './partner-pages.js';

const METHODS = /** @type {const} */ (['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** @typedef {import('./partner.js').PartnerClient} PartnerClient */
/**
 * What openapi-fetch's calls resolve to, as this file reads it.
 * @typedef {{ data?: unknown, error?: unknown, response: Response }} Answer
 */
/**
 * openapi-fetch's client as this file wraps it: by name, without the types
 * per path that PartnerClient (partner.d.ts) gives the result.
 * @typedef {Record<typeof METHODS[number], (path: string, init?: object) => Promise<Answer>> & {
 *   request: (method: string, path: string, init?: object) => Promise<Answer>,
 *   pages?: (path: string, init?: PagesInit) => AsyncGenerator<unknown, void, undefined>,
 * }} Client
 */
/** @typedef {{ params?: { query?: { page?: number } } }} PagesInit */

/** A failed page of `pages()`: the status, the error body and the response. */
export class PartnerApiError extends Error {
  /**
   * @param {string} path
   * @param {Response} response
   * @param {unknown} error the parsed body
   */
  constructor(path, response, error) {
    super(`partner API: ${path} answered HTTP ${response.status}`);
    this.name = 'PartnerApiError';
    this.status = response.status;
    this.error = error;
    this.response = response;
  }
}

/**
 * Path parameters are strings or numbers, percent-encoded (openapi-fetch's
 * serializer, which uses encodeURIComponent). Anything else is refused: an
 * object's or array's members would be written unencoded (a `/` or `#` in a
 * key leaves the segment). So are `.` and `..`, which the serializer leaves as
 * they are: URL parsing would resolve them as dot segments and call another path.
 * @param {string} pathname
 * @param {Record<string, unknown>} params
 */
function pathSerializer(pathname, params) {
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`path parameter ${name} must be a string or a number`);
    if (/^\.\.?$/.test(String(value))) throw new TypeError(`path parameter ${name} must not be "${value}"`);
  }
  return defaultPathSerializer(pathname, params);
}

/**
 * A typed client for the partner API whose requests, as openapi-fetch builds
 * them, go through `auth.fetch` (bearer token, one refresh and retry on 401,
 * timeout combined with the caller's signal, confined to the SDK's
 * `apiBaseUrl`). `options.baseUrl` defaults to that `apiBaseUrl`, and a URL
 * outside it is refused by auth.fetch. Other options are openapi-fetch's.
 * @param {Pick<import('./index.js').ZaehlerfreundeAuth, 'fetch' | 'apiBaseUrl'>} auth
 * @param {import('./partner.js').PartnerClientOptions} [options]
 * @returns {PartnerClient}
 */
export function createPartnerClient(auth, options = {}) {
  const { baseUrl = auth.apiBaseUrl, ...rest } = options;
  const client = /** @type {Client} */ (/** @type {unknown} */ (
    createClient({ ...rest, baseUrl, pathSerializer, fetch: (request) => auth.fetch(request) })
  ));
  // One error model: a non-2xx answer resolves to { error, response } with
  // `error` the parsed JSON body, its text when it is not JSON, or null when
  // it is empty (openapi-fetch leaves it undefined then).
  /** @param {Answer} result */
  const withErrorBody = (result) => (!result.response.ok && result.error === undefined ? { error: null, response: result.response } : result);
  for (const method of METHODS) {
    const call = client[method];
    client[method] = async (path, init) => withErrorBody(await call(path, init));
  }
  const request = client.request;
  client.request = async (method, path, init) => withErrorBody(await request(method, path, init));

  /** Every item of a paged operation, page after page, up to its last page. */
  client.pages = async function* pages(path, init = {}) {
    const items = /** @type {Record<string, string | undefined>} */ (PAGED)[path];
    if (items === undefined) throw new TypeError(`${path} is not a paged operation`);
    for (let page = init.params?.query?.page ?? 0; ; page += 1) {
      // A paged operation's answer (the spec's): its items, and how many pages there are.
      const { data, error, response } = /** @type {Answer & { data: { totalNumPages: number } & { [items: string]: unknown[] } }} */ (
        await client.GET(path, {
          ...init,
          params: { ...init.params, query: { ...init.params?.query, page } },
        })
      );
      if (!response.ok) throw new PartnerApiError(path, response, error);
      yield* data[items];
      if (page + 1 >= data.totalNumPages || data[items].length === 0) return;
    }
  };
  return /** @type {PartnerClient} */ (/** @type {unknown} */ (client));
}
