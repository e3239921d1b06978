// The vendored partner-API spec, loaded for the type generator, the dev
// backend's stand-in and the tests (see api/README.md in the repository).
import { fileURLToPath } from 'node:url';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';
import { parse } from 'openapi-backend/refparser.js';

export const SPEC_PATH = fileURLToPath(new URL('./partner-openapi.yaml', import.meta.url));

/**
 * An initialised openapi-backend for the spec: routing under the spec's
 * server URL (`/partner`), request and response validation with the OpenAPI
 * formats (uuid, date-time, email, …) checked and query and path parameters
 * coerced to their types. `quick` skips the validation of the document
 * itself, which upstream's file does not pass (api/README.md).
 */
export async function partnerBackend(options = {}) {
  // The vendored spec names its server (partner-openapi.yaml).
  const { servers } = /** @type {{ servers: { url: string }[] }} */ (await parse(SPEC_PATH));
  const api = new OpenAPIBackend({
    definition: SPEC_PATH,
    apiRoot: servers[0].url,
    quick: true,
    coerceTypes: true,
    // Upstream's Device schema lists `deviceType` twice in `required`, which
    // Ajv's meta-schema check refuses: schemas are used as they are.
    ajvOpts: { validateSchema: false },
    // The package's types describe an ES module's default export; Node's
    // default import of this CommonJS module is its module.exports, the same plugin.
    customizeAjv: (ajv) => /** @type {typeof addFormats.default} */ (/** @type {unknown} */ (addFormats))(ajv),
    ...options,
  });
  return api.init();
}

/** "METHOD /path" of an operation, as the tests and the stand-in's log name it. */
export const operationKey = (op) => `${op.method.toUpperCase()} ${op.path}`;

/** The JSON schema of an operation's 200 response, if it has one. */
const json200 = (op) => op.responses?.['200']?.content?.['application/json']?.schema;

/**
 * The paged operations: GETs with `page` and `pageSize` query parameters whose
 * 200 response has `totalNumPages`, each with the property holding its items
 * (the response's one array property).
 */
export function pagedOperations(api) {
  return api.getOperations().flatMap((op) => {
    const query = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    const props = json200(op)?.properties ?? {};
    if (op.method !== 'get' || !query.has('page') || !query.has('pageSize') || !('totalNumPages' in props)) return [];
    const arrays = Object.keys(props).filter((k) => props[k].type === 'array');
    if (arrays.length !== 1) throw new Error(`${operationKey(op)}: expected one item array, found ${arrays.join(', ') || 'none'}`);
    return [{ path: op.path, operationId: op.operationId, items: arrays[0] }];
  });
}
