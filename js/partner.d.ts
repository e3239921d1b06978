// Types of zaehlerfreunde-auth/partner. Paths, parameters, bodies and
// responses all come from partner-api.d.ts, generated from the partner API's
// spec; nothing here names a path or a schema.
import type { Client, ClientOptions, FetchResponse, MaybeOptionalInit, MiddlewareCallbackParams } from './openapi-fetch.js';
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
 * openapi-fetch's middleware, for `use` and `eject`. Each callback also gets
 * `options`, the client's options, which are not typed here.
 */
export interface PartnerMiddleware {
  onRequest?(options: MiddlewareParams): void | Request | Response | undefined | Promise<Request | Response | undefined | void>;
  onResponse?(options: MiddlewareParams & { response: Response }): void | Response | undefined | Promise<Response | undefined | void>;
  onError?(options: MiddlewareParams & { error: unknown }): void | Response | Error | Promise<void | Response | Error>;
}

export interface PartnerClient extends Omit<Client<PartnerPaths, `${string}/${string}`>, Methods | 'use' | 'eject'> {
  /** Registers middleware (openapi-fetch's). */
  use(...middleware: PartnerMiddleware[]): void;
  /** Removes middleware registered with `use`. */
  eject(...middleware: PartnerMiddleware[]): void;
  GET: PartnerMethod<'get'>;
  PUT: PartnerMethod<'put'>;
  POST: PartnerMethod<'post'>;
  DELETE: PartnerMethod<'delete'>;
  OPTIONS: PartnerMethod<'options'>;
  HEAD: PartnerMethod<'head'>;
  PATCH: PartnerMethod<'patch'>;
  TRACE: PartnerMethod<'trace'>;

  /**
   * The items of every page of a paged operation, in order, stopping after
   * the page `totalNumPages` says is the last. A failed page throws a
   * `PartnerApiError`.
   */
  pages<P extends PagedPath>(path: P, ...init: InitArgs<PagesInit<P>>): AsyncGenerator<PageItem<P>, void, undefined>;
}

export interface PartnerClientOptions extends Omit<ClientOptions, 'baseUrl' | 'fetch' | 'pathSerializer' | 'bodySerializer'> {
  /** Default: the SDK's `apiBaseUrl` (`auth.apiBaseUrl`); a URL outside it is refused. */
  baseUrl?: string;
  /** Turns a request's `body` into what `fetch` sends. Default: `JSON.stringify`. */
  bodySerializer?: (body: unknown) => XMLHttpRequestBodyInit | ReadableStream<Uint8Array> | null;
}

/** A failed page of `pages()`. */
export class PartnerApiError extends Error {
  /** The error for a non-2xx `response` to `path`, whose body was `error`. */
  constructor(path: string, response: Response, error: PartnerErrorBody);
  readonly status: number;
  readonly error: PartnerErrorBody;
  readonly response: Response;
}

/** A typed client for every operation of the partner API, over `auth.fetch`. */
export function createPartnerClient(auth: Pick<ZaehlerfreundeAuth, 'fetch' | 'apiBaseUrl'>, options?: PartnerClientOptions): PartnerClient;
