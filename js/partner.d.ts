// Types of zaehlerfreunde-auth/partner. Paths, parameters, bodies and
// responses all come from partner-api.d.ts, generated from the partner API's
// spec; nothing here names a path or a schema.
import type {
  Client,
  ClientOptions,
  FetchResponse,
  HeadersOptions,
  MaybeOptionalInit,
  MiddlewareCallbackParams,
} from './openapi-fetch.js';
import type { HttpMethod, PathsWithMethod } from './openapi-typescript-helpers.js';
import type { paths } from './partner-api.js';
import type { ZaehlerfreundeAuth } from './index.js';

export type { paths, components, operations } from './partner-api.js';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The body of a non-2xx answer. The spec declares no error responses, so this
 * is only what can be read from one: the parsed JSON, the text when it is not
 * JSON, or null when the body is empty.
 */
export type PartnerErrorBody = JsonValue;

type ErrorResponses = { default: { headers: { [name: string]: unknown }; content: { 'application/json': PartnerErrorBody } } };
type WithErrorBody<Op> = Op extends { responses: infer R }
  ? Omit<Op, 'responses'> & { responses: ([R] extends [never] ? {} : R) & ErrorResponses }
  : Op;

/** The spec's paths, every operation answering `PartnerErrorBody` on failure. */
export type PartnerPaths = { [P in keyof paths]: { [M in keyof paths[P]]: M extends HttpMethod ? WithErrorBody<paths[P][M]> : paths[P][M] } };

type GetOp<P extends keyof paths> = paths[P] extends { get: infer Op } ? Op : never;
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Json200<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;
type IsPaged<Op> = [QueryOf<Op>] extends [never] ? false
  : [Json200<Op>] extends [never] ? false
  : 'page' | 'pageSize' extends keyof QueryOf<Op> ? ('totalNumPages' extends keyof Json200<Op> ? true : false) : false;

/** The paths of the paged operations: GETs with page/pageSize whose response has totalNumPages. */
export type PagedPath = { [P in PathsWithMethod<paths, 'get'>]: IsPaged<GetOp<P>> extends true ? P : never }[PathsWithMethod<paths, 'get'>];

/** The item type of a paged operation: the element of its response's array. */
export type PageItem<P extends PagedPath> = {
  [K in keyof Json200<GetOp<P>>]: Json200<GetOp<P>>[K] extends readonly (infer I)[] ? I : never
}[keyof Json200<GetOp<P>>];

/** What `pages()` takes: the operation's GET options (`page` is where to start, default 0). */
export type PagesInit<P extends PagedPath> = MaybeOptionalInit<PartnerPaths[P], 'get'>;

/** The init argument: required when the operation has required parameters or a required body. */
type InitArgs<I> = undefined extends I ? [init?: I] : [init: I];

/**
 * A call of one HTTP method. Unlike openapi-fetch's own signature, the init is
 * not inferred but typed from the path, so a misspelled parameter is an error
 * (an excess property) even next to correct ones. `data` is the parsed JSON.
 */
type PartnerMethod<M extends HttpMethod> = <P extends PathsWithMethod<PartnerPaths, M>>(
  path: P,
  ...init: InitArgs<MaybeOptionalInit<PartnerPaths[P], M>>
) => Promise<FetchResponse<Extract<PartnerPaths[P][M], Record<string | number, unknown>>, {}, `${string}/${string}`>>;

type Methods = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

type MiddlewareParams = Omit<MiddlewareCallbackParams, 'options'>;

/**
 * openapi-fetch's middleware, for `use` and `eject`: callbacks around each
 * request the client makes (a page of `pages()` included). They run before
 * `auth.fetch` adds the token, so they never see it. Each callback also gets
 * `options`, the client's options, which are not typed here.
 */
export interface PartnerMiddleware {
  /**
   * Called before each request: return a `Request` to send instead, a
   * `Response` to answer without sending, or nothing to send it as it is.
   *
   * @example
   * ```ts
   * api.use({
   *   onRequest({ request }) {
   *     request.headers.set('X-Request-Id', crypto.randomUUID());
   *     return request;
   *   },
   * });
   * ```
   */
  onRequest?(options: MiddlewareParams): void | Request | Response | undefined | Promise<Request | Response | undefined | void>;
  /**
   * Called with each response (whatever its status): return a `Response` to
   * use instead, or nothing to keep it.
   *
   * @example
   * ```ts
   * api.use({
   *   onResponse({ request, response }) {
   *     if (!response.ok) console.warn(request.method, request.url, response.status);
   *   },
   * });
   * ```
   */
  onResponse?(options: MiddlewareParams & { response: Response }): void | Response | undefined | Promise<Response | undefined | void>;
  /**
   * Called when the request failed without a response: `error` is what
   * `auth.fetch` rejected with (a `ZaehlerfreundeAuthError`: `login_required`,
   * `timeout`, `network_error`, …). Return a `Response` to resolve with
   * instead, an `Error` to throw instead, or nothing to throw `error`.
   *
   * @example
   * ```ts
   * api.use({
   *   onError({ error }) {
   *     if (isZaehlerfreundeAuthError(error) && error.error === 'login_required') void auth.loginWithRedirect();
   *   },
   * });
   * ```
   */
  onError?(options: MiddlewareParams & { error: unknown }): void | Response | Error | Promise<void | Response | Error>;
}

/**
 * The typed partner-API client of {@link createPartnerClient}: openapi-fetch's
 * client, its requests made with `auth.fetch`, typed from the partner API's
 * spec (`paths`). Each method takes a path of the spec and its options
 * (`params.path`, `params.query`, `body`, `headers`, `signal`, …), typed from
 * the operation, and resolves to `{ data, error, response }` whatever the
 * status: `data` the parsed JSON of a 2xx answer (`undefined` without a
 * body), else `error` the body of the answer ({@link PartnerErrorBody}: its
 * JSON, its text, or `null` when it is empty).
 *
 * A call rejects with what `auth.fetch` rejects with (a
 * `ZaehlerfreundeAuthError`: `login_required`, `invalid_token`, `timeout`,
 * `network_error`, `aborted`, `invalid_request` for a URL outside
 * `apiBaseUrl`, …), and with a `TypeError` for a path parameter that is not a
 * string or a number, or that is `.` or `..`.
 */
export interface PartnerClient extends Omit<Client<PartnerPaths, `${string}/${string}`>, Methods | 'use' | 'eject'> {
  /**
   * Registers middleware (openapi-fetch's), which then runs for every request
   * of this client: `onRequest` in the order registered, `onResponse` and
   * `onError` in the reverse order.
   *
   * @example
   * ```ts
   * const timing: PartnerMiddleware = {
   *   onResponse({ request, response }) {
   *     console.debug(request.method, new URL(request.url).pathname, response.status);
   *   },
   * };
   * api.use(timing);
   * ```
   */
  use(...middleware: PartnerMiddleware[]): void;
  /**
   * Removes middleware registered with `use` (the same objects).
   *
   * @example
   * ```ts
   * api.eject(timing);
   * ```
   */
  eject(...middleware: PartnerMiddleware[]): void;
  /**
   * Any operation by its method, given at run time (openapi-fetch's
   * `request`): `api.request('get', path, init)` is `api.GET(path, init)`.
   * Errors as for the other methods.
   */
  request: Client<PartnerPaths, `${string}/${string}`>['request'];
  /**
   * A `GET` of a path of the spec. Rejects as the client's calls do (see
   * {@link PartnerClient}).
   *
   * @example
   * ```ts
   * const { data, error, response } = await api.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } });
   * if (error !== undefined) console.error(response.status, error);
   * else console.log(data.spaces);
   * ```
   */
  GET: PartnerMethod<'get'>;
  /** A `PUT` of a path of the spec (see `GET`). */
  PUT: PartnerMethod<'put'>;
  /** A `POST` of a path of the spec (see `GET`): `body` typed from the operation. */
  POST: PartnerMethod<'post'>;
  /** A `DELETE` of a path of the spec (see `GET`). */
  DELETE: PartnerMethod<'delete'>;
  /** An `OPTIONS` request (see `GET`); the spec has none. */
  OPTIONS: PartnerMethod<'options'>;
  /** A `HEAD` request (see `GET`); the spec has none. */
  HEAD: PartnerMethod<'head'>;
  /** A `PATCH` request (see `GET`); the spec has none. */
  PATCH: PartnerMethod<'patch'>;
  /** A `TRACE` request (see `GET`); the spec has none. */
  TRACE: PartnerMethod<'trace'>;

  /**
   * The items of every page of a paged operation (a GET with `page` and
   * `pageSize` whose response has `totalNumPages`), in order, from
   * `params.query.page` (default 0), stopping after the page `totalNumPages`
   * says is the last, or at an empty page.
   *
   * @throws {@link PartnerApiError} for a page the API answered with a
   *   non-2xx status; a `TypeError` for a path that is not a paged operation;
   *   and what the client's calls reject with (see {@link PartnerClient}).
   *
   * @example
   * ```ts
   * for await (const space of api.pages('/spaces', { params: { query: { pageSize: 100 } } })) {
   *   console.log(space.name);
   * }
   * ```
   */
  pages<P extends PagedPath>(path: P, ...init: InitArgs<PagesInit<P>>): AsyncGenerator<PageItem<P>, void, undefined>;
}

/**
 * The options of {@link createPartnerClient}: openapi-fetch's client
 * options, less those the SDK sets (`fetch`: `auth.fetch`; `pathSerializer`:
 * one that refuses unsafe path parameters). Besides those below, any
 * `RequestInit` option (e.g. `cache`) applies to every request.
 */
export interface PartnerClientOptions extends Omit<ClientOptions, 'baseUrl' | 'fetch' | 'pathSerializer' | 'bodySerializer'> {
  /** Default: the SDK's `apiBaseUrl` (`auth.apiBaseUrl`); a URL outside it is refused. */
  baseUrl?: string;
  /** Turns a request's `body` into what `fetch` sends. Default: `JSON.stringify`. */
  bodySerializer?: (body: unknown) => XMLHttpRequestBodyInit | ReadableStream<Uint8Array> | null;
  /** Headers sent with every request; a call's own `headers` add to them. The SDK sets
   *  `Authorization` (and, with `dpop: true`, `DPoP`) itself. Default: none. */
  headers?: HeadersOptions;
}

/**
 * A failed page of `pages()`: the API answered with a non-2xx status. Its
 * `message` names the path and the status.
 *
 * @example
 * ```ts
 * try {
 *   for await (const device of api.pages('/spaces/{spaceId}/devices', { params: { path: { spaceId } } })) show(device);
 * } catch (e) {
 *   if (e instanceof PartnerApiError && e.status === 404) showNotFound();
 *   else throw e;
 * }
 * ```
 */
export class PartnerApiError extends Error {
  /**
   * The error for a non-2xx `response` to `path`, whose body was `error`.
   *
   * @example
   * ```ts
   * throw new PartnerApiError('/spaces', response, await response.json());
   * ```
   */
  constructor(path: string, response: Response, error: PartnerErrorBody);
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The body of the answer: its JSON, its text when it is not JSON, or `null` when it is empty. */
  readonly error: PartnerErrorBody;
  /** The answer itself (its body already read). */
  readonly response: Response;
}

/**
 * A typed client for every operation of the partner API, over `auth.fetch`
 * (the token, one refresh and retry on 401, retries on 429 and 503, the
 * timeout, and only `apiBaseUrl`). `auth` is the SDK's client (or anything
 * with its `fetch` and `apiBaseUrl`). Creating it makes no request and
 * throws nothing; see {@link PartnerClient} for what its calls reject with.
 *
 * @example
 * ```ts
 * import { createPartnerClient } from 'zaehlerfreunde-auth/partner';
 *
 * const api = createPartnerClient(auth);
 * const { data, error } = await api.GET('/spaces', { params: { query: { page: 0, pageSize: 20 } } });
 * ```
 */
export function createPartnerClient(auth: Pick<ZaehlerfreundeAuth, 'fetch' | 'apiBaseUrl'>, options?: PartnerClientOptions): PartnerClient;
