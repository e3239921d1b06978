// Generates the client's files from the spec (npm run gen:partner-types):
//   js/partner-api.d.ts   request and response types (openapi-typescript), each
//                         top-level export with the doc comment of DOCS below
//   js/partner-pages.js   the paged operations and the property of their items
// With --check, generates into a temporary directory instead and fails when a
// committed file differs (a test runs this).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SPEC_PATH, pagedOperations, partnerBackend } from '../dev-backend/spec.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES = { types: 'js/partner-api.d.ts', pages: 'js/partner-pages.js' };

// The API reference (make docs) wants a doc comment on every export; in the
// generated types, on the top-level exports only (CONTRIBUTING.md, API
// reference): openapi-typescript writes none there, so they are added here.
// Below them, members carry what the spec says (summary, description).
const DOCS = {
  paths: [
    "The partner API's paths, from its OpenAPI spec: for each path, its",
    'operations by HTTP method (`never` for a method it does not have), each',
    'one of `operations`. `createPartnerClient` types its calls from these.',
  ],
  webhooks: ["The spec's webhooks: it declares none."],
  components: [
    "The spec's reusable definitions: `schemas`, the types of the request and",
    "response bodies by name, e.g. `components['schemas']['Space']`.",
  ],
  $defs: ["openapi-typescript's `$defs`: none in this spec."],
  operations: [
    "Each operation of the spec by its `operationId`: its `parameters` (`path`,",
    '`query`, `header`, `cookie`), its `requestBody`, and its `responses` by',
    'status, each with its content types.',
  ],
};

/** Puts DOCS before each top-level export of openapi-typescript's output. */
function documentExports(text) {
  const seen = new Set();
  const out = text.replace(/^export (?:interface|type) ([\w$]+)/gm, (line, name) => {
    if (!Object.hasOwn(DOCS, name)) throw new Error(`${FILES.types}: no doc comment for the export ${name} (api/generate.mjs, DOCS)`);
    seen.add(name);
    return ['/**', ...DOCS[name].map((l) => ` * ${l}`), ' */', line].join('\n');
  });
  const unused = Object.keys(DOCS).filter((name) => !seen.has(name));
  if (unused.length) throw new Error(`${FILES.types}: no export ${unused.join(', ')} (api/generate.mjs, DOCS)`);
  return out;
}

async function generate(dir) {
  const bin = join(root, 'node_modules/.bin/openapi-typescript');
  const types = join(dir, FILES.types);
  execFileSync(bin, [relative(root, SPEC_PATH), '-o', types], { cwd: root, stdio: 'pipe' });
  writeFileSync(types, documentExports(readFileSync(types, 'utf8')));
  const paged = pagedOperations(await partnerBackend());
  writeFileSync(join(dir, FILES.pages), [
    `// Generated from ${relative(root, SPEC_PATH)} by api/generate.mjs: do not edit.`,
    '// Each paged operation (GET with page/pageSize, totalNumPages in the',
    '// response) and the property of its response that holds the items.',
    `export default ${JSON.stringify(Object.fromEntries(paged.map((p) => [p.path, p.items])), null, 2)};`,
    '',
  ].join('\n'));
}

if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'partner-gen-'));
  try {
    mkdirSync(join(dir, 'js'));
    await generate(dir);
    const stale = Object.values(FILES).filter((f) => readFileSync(join(dir, f), 'utf8') !== readFileSync(join(root, f), 'utf8'));
    if (stale.length) {
      console.error(`stale against ${relative(root, SPEC_PATH)}: ${stale.join(', ')} (run npm run gen:partner-types)`);
      process.exit(1);
    }
    console.log(`up to date with ${relative(root, SPEC_PATH)}: ${Object.values(FILES).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  await generate(root);
}
