// The generated client files are those the vendored spec gives today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('js/partner-api.d.ts and js/partner-pages.js are up to date with dev-backend/partner-openapi.yaml', async () => {
  const script = fileURLToPath(new URL('../../api/generate.mjs', import.meta.url));
  const { code, stderr } = await new Promise((ok) => {
    execFile(process.execPath, [script, '--check'], (error, _stdout, err) => ok({ code: error ? error.code : 0, stderr: err }));
  });
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
