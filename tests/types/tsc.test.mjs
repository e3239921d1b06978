// The shipped types of zaehlerfreunde-auth/partner (pkg/, resolved through
// its package.json exports) under tsc --strict: a consumer compiles, and
// each misuse in negative.ts is the type error its comment names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');

/** Runs tsc on `files` in a project whose node_modules/zaehlerfreunde-auth is pkg/. */
function compile(files) {
  const dir = mkdtempSync(join(tmpdir(), 'partner-tsc-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'pkg'), join(dir, 'node_modules/zaehlerfreunde-auth'));
  const config = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8'));
  const names = Object.keys(files);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, files: names }));
  return new Promise((ok) => {
    execFile(tsc, ['-p', dir], { cwd: dir }, (error, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      ok({ code: error ? error.code : 0, output: stdout });
    });
  });
}

const source = (name) => readFileSync(join(here, name), 'utf8');

test('a consumer of the client compiles with tsc --strict, as do the misuses marked @ts-expect-error', async () => {
  const { code, output } = await compile({ 'consumer.ts': source('consumer.ts'), 'negative.ts': source('negative.ts') });
  assert.equal(output, '');
  assert.equal(code, 0);
});

test('without @ts-expect-error each misuse is exactly the type error named', async () => {
  const lines = source('negative.ts').split('\n');
  const expected = [];
  const stripped = lines.map((line, i) => {
    const m = /\/\/ @ts-expect-error (TS\d+) /.exec(line);
    if (!m) return line;
    expected.push(`${i + 2} ${m[1]}`); // the next line, 1-based
    return '';
  });
  assert.ok(expected.length >= 10, `${expected.length} misuses`);
  const { code, output } = await compile({ 'negative.ts': stripped.join('\n') });
  assert.notEqual(code, 0);
  const found = [...output.matchAll(/^negative\.ts\((\d+),\d+\): error (TS\d+):/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(found, expected);
});
