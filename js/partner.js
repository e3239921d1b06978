// zaehlerfreunde-auth/partner: a client for every operation of the partner
// API, typed from its spec (partner.d.ts), over the SDK's authorized fetch.
//
// openapi-fetch is bundled into pkg/partner.js by esbuild (.ci/build-pkg)
// rather than declared as a dependency: the entry then works as it is in a
// plain <script type="module"> page, without a bundler or an import map, and
// an app that never imports this entry ships none of it.
import createClient, { defaultPathSerializer } from 'openapi-fetch';
import PAGED from './partner-pages.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

/** A failed page of `pages()`: the status, the error body and the response. */
export class PartnerApiError extends Error {
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
 */
export function createPartnerClient(auth, options = {}) {
  const { baseUrl = auth.apiBaseUrl, ...rest } = options;
  const client = createClient({ ...rest, baseUrl, pathSerializer, fetch: (request) => auth.fetch(request) });
  // One error model: a non-2xx answer resolves to { error, response } with
  // `error` the parsed JSON body, its text when it is not JSON, or null when
  // it is empty (openapi-fetch leaves it undefined then).
  const withErrorBody = (result) => (!result.response.ok && result.error === undefined ? { error: null, response: result.response } : result);
  for (const method of METHODS) {
    const call = client[method];
    client[method] = async (path, init) => withErrorBody(await call(path, init));
  }
  const request = client.request;
  client.request = async (method, path, init) => withErrorBody(await request(method, path, init));

  /** Every item of a paged operation, page after page, up to its last page. */
  client.pages = async function* pages(path, init = {}) {
    const items = PAGED[path];
    if (items === undefined) throw new TypeError(`${path} is not a paged operation`);
    for (let page = init.params?.query?.page ?? 0; ; page += 1) {
      const { data, error, response } = await client.GET(path, {
        ...init,
        params: { ...init.params, query: { ...init.params?.query, page } },
      });
      if (!response.ok) throw new PartnerApiError(path, response, error);
      yield* data[items];
      if (page + 1 >= data.totalNumPages || data[items].length === 0) return;
    }
  };
  return client;
}
