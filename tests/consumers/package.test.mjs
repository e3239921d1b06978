// Package hygiene: publint and arethetypeswrong (ESM-only profile) clean on
// pkg/ (and publint on dev-backend/), the tarball holds exactly what a user
// needs, with the licences and the short README for npm users, and `npm
// publish --dry-run` of both packages publishes exactly that, with no
// warning but the one for not being logged in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { root, run } from './helpers.mjs';

const bin = (name) => join(root, 'node_modules/.bin', name);

test('publint: pkg/ and dev-backend/ are clean', async () => {
  for (const dir of ['pkg', 'dev-backend']) {
    const out = await run(bin('publint'), ['--strict', dir], { cwd: root });
    assert.match(out, /All good!/, `${dir}: ${out}`);
  }
});

test('arethetypeswrong, ESM-only profile: no problem in any entry point', async () => {
  const out = await run(bin('attw'), ['--pack', 'pkg', '--profile', 'esm-only', '--format', 'json'], { cwd: root });
  const { analysis } = JSON.parse(out);
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), ['.', './partner', './react', './vite', './vue', './zaehlerfreunde_auth_bg.wasm']);
  const problems = analysis.problems.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
  assert.deepEqual(problems, []);
});

test('npm pack lists only what a user needs', async () => {
  const [pack] = JSON.parse(await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(root, 'pkg') }));
  assert.deepEqual(pack.files.map((f) => f.path).sort(), [
    'CHANGELOG.md', 'LICENSE-APACHE', 'LICENSE-MIT', 'LICENSE.openapi-fetch', 'README.md',
    'index.d.ts', 'index.js', 'openapi-fetch.d.ts', 'openapi-typescript-helpers.d.ts', 'package.json',
    'partner-api.d.ts', 'partner.d.ts', 'partner.js', 'react.d.ts', 'react.js', 'state.d.ts', 'vite.d.ts', 'vite.js', 'vue.d.ts', 'vue.js',
    'zaehlerfreunde_auth.d.ts', 'zaehlerfreunde_auth.js', 'zaehlerfreunde_auth_bg.wasm', 'zaehlerfreunde_auth_bg.wasm.d.ts',
  ]);
  const readme = readFileSync(join(root, 'pkg/README.md'), 'utf8');
  assert.equal(readme, readFileSync(join(root, 'js/README.md'), 'utf8'));
  // No link to a file of the repository, which the package does not have.
  assert.deepEqual([...readme.matchAll(/\]\((?!https:)([^)]*)\)/g)].map((m) => m[1]), []);
  assert.match(readFileSync(join(root, 'pkg/LICENSE-MIT'), 'utf8'), /^MIT License/);
  assert.match(readFileSync(join(root, 'pkg/LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
});

test('npm publish --dry-run: both packages, exactly their files, no warning but the login one', () => {
  const dry = (dir) => {
    const r = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(root, dir), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => /warn/i.test(l) && !/requires you to be logged in/.test(l));
    assert.deepEqual(warnings, [], `${dir}: ${r.stderr}`);
    const [[name, pack]] = Object.entries(JSON.parse(r.stdout));
    return { name, version: pack.version, files: pack.files.map((f) => f.path).sort() };
  };
  const sdk = dry('pkg');
  assert.equal(sdk.name, 'zaehlerfreunde-auth');
  assert.deepEqual(sdk.files, [
    'CHANGELOG.md', 'LICENSE-APACHE', 'LICENSE-MIT', 'LICENSE.openapi-fetch', 'README.md',
    'index.d.ts', 'index.js', 'openapi-fetch.d.ts', 'openapi-typescript-helpers.d.ts', 'package.json',
    'partner-api.d.ts', 'partner.d.ts', 'partner.js', 'react.d.ts', 'react.js', 'state.d.ts', 'vite.d.ts', 'vite.js', 'vue.d.ts', 'vue.js',
    'zaehlerfreunde_auth.d.ts', 'zaehlerfreunde_auth.js', 'zaehlerfreunde_auth_bg.wasm', 'zaehlerfreunde_auth_bg.wasm.d.ts',
  ]);
  const backend = dry('dev-backend');
  assert.equal(backend.name, 'zaehlerfreunde-dev-backend');
  assert.deepEqual(backend.files, [
    'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'bin.mjs', 'dpop-check.mjs', 'error-page.mjs', 'faults.mjs', 'index.mjs', 'options.mjs',
    'package.json', 'partner-api.mjs', 'partner-openapi.yaml', 'partner-store.mjs', 'provider.mjs', 'spec.mjs',
  ]);
  // One version source: Cargo.toml's, in both.
  const version = /** @type {RegExpMatchArray} */ (readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"/m))[1];
  assert.deepEqual([sdk.version, backend.version], [version, version]);
});
