// Generates the client's files from the spec (npm run gen:partner-types):
//   js/partner-api.d.ts   request and response types (openapi-typescript)
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

async function generate(dir) {
  const bin = join(root, 'node_modules/.bin/openapi-typescript');
  execFileSync(bin, [relative(root, SPEC_PATH), '-o', join(dir, FILES.types)], { cwd: root, stdio: 'pipe' });
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
