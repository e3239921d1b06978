// No `any` in the public API: not in any type a consumer reaches from the
// exports of zaehlerfreunde-auth and zaehlerfreunde-auth/partner (by the
// checker, public-api.mjs), and not written in the package's own .d.ts files.
// wasm-bindgen's internal InitOutput (the raw wasm exports) is not public.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

import { root } from './compile.mjs';
import { anyInPublicApi } from './public-api.mjs';

/** A project directory whose node_modules holds `packages` ({ name: dir }). */
function project(packages) {
  const dir = mkdtempSync(join(tmpdir(), 'zfa-api-'));
  mkdirSync(join(dir, 'node_modules'));
  for (const [name, target] of Object.entries(packages)) symlinkSync(target, join(dir, 'node_modules', name));
  return dir;
}

test('no type reachable from the exports of either entry point is any', () => {
  const dir = project({ 'zaehlerfreunde-auth': join(root, 'pkg') });
  try {
    assert.deepEqual(anyInPublicApi(dir, ['zaehlerfreunde-auth', 'zaehlerfreunde-auth/partner', 'zaehlerfreunde-auth/react', 'zaehlerfreunde-auth/vue']), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the check finds an any however deep, and skips only InitOutput', () => {
  const fake = mkdtempSync(join(tmpdir(), 'zfa-fake-'));
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'fake', type: 'module', types: 'index.d.ts' }));
  writeFileSync(join(fake, 'index.d.ts'), [
    'export interface InitOutput { readonly f: (a: number) => any }',
    'export declare function init(): Promise<InitOutput>;',
    'interface Deep { a: { b: Array<Record<string, any>> } }',
    'export declare class C { m(x: string): Promise<Deep>; p: number }',
    'export interface Options { on?: (e: Event) => any }',
    'export type Alias = { x: any } | string;',
    'export {};',
  ].join('\n'));
  const dir = project({ fake });
  try {
    assert.deepEqual(anyInPublicApi(dir, ['fake']), [
      'fake.Alias:type|1.x',
      'fake.C().m()<0>.a.b<0><>',
      'fake.Options:type.on|1()',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(fake, { recursive: true, force: true });
  }
});

test('the package\'s own .d.ts files do not write any (InitOutput aside)', () => {
  const offenders = [];
  for (const name of ['index.d.ts', 'zaehlerfreunde_auth.d.ts', 'partner.d.ts', 'partner-api.d.ts', 'react.d.ts', 'vue.d.ts', 'vite.d.ts', 'state.d.ts']) {
    let text = readFileSync(join(root, 'pkg', name), 'utf8');
    text = text.replace(/export interface InitOutput \{[^}]*\}/, '');
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
    for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
      if (kind === ts.SyntaxKind.AnyKeyword) offenders.push(`${name}: offset ${scanner.getTokenStart()}`);
    }
  }
  assert.deepEqual(offenders, []);
});
