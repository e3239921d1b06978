// tsc on test files in a project whose node_modules/zaehlerfreunde-auth is
// pkg/ (resolved through its package.json exports), with tsconfig.json here:
// --strict, --lib es2022,dom, no skipLibCheck. Both compilers the package
// supports: TypeScript 5.9 and 7 (the native one, installed as typescript7).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = fileURLToPath(new URL('.', import.meta.url));
export const root = join(here, '../..');

export const COMPILERS = {
  'TypeScript 5.9': join(root, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7': join(root, 'node_modules/typescript7/bin/tsc'),
};

/** Runs `tsc` on `files` ({ name: text }); resolves to { code, output }. */
export function compile(tsc, files) {
  const dir = mkdtempSync(join(tmpdir(), 'zfa-tsc-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'pkg'), join(dir, 'node_modules/zaehlerfreunde-auth'));
  // React's and Vue's types, for the framework entries' consumers.
  mkdirSync(join(dir, 'node_modules/@types'));
  symlinkSync(join(root, 'node_modules/@types/react'), join(dir, 'node_modules/@types/react'));
  symlinkSync(join(root, 'node_modules/vue'), join(dir, 'node_modules/vue'));
  const config = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8'));
  const names = Object.keys(files);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, files: names }));
  return new Promise((ok) => {
    execFile(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { cwd: dir }, (error, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      ok({ code: error ? error.code : 0, output: stdout });
    });
  });
}

export const source = (name) => readFileSync(join(here, name), 'utf8');

/**
 * `name` with each `// @ts-expect-error TSnnnn …` line blanked, and the
 * errors those lines announce: "<line of the next line> TSnnnn". Where the
 * compilers word one misuse differently, the comment names both codes,
 * `TSnnnn/TSmmmm`, and either is that error.
 */
export function withoutExpectations(name) {
  const expected = [];
  const text = source(name).split('\n').map((line, i) => {
    const m = /\/\/ @ts-expect-error (TS\d+(?:\/TS\d+)?) /.exec(line);
    if (!m) return line;
    expected.push(`${i + 2} ${m[1]}`);
    return '';
  }).join('\n');
  return { text, expected };
}

/**
 * The "<line> TSnnnn" of each error tsc reported for `name`; a code that is
 * one of the alternatives `expected` names for its line is given as those.
 */
export function errorsIn(name, output, expected = []) {
  const pattern = new RegExp(`^${name.replace('.', '\\.')}\\((\\d+),\\d+\\): error (TS\\d+):`, 'gm');
  return [...output.matchAll(pattern)].map(([, line, code]) => {
    const named = expected.find((e) => e.split(' ')[0] === line && e.split(' ')[1].split('/').includes(code));
    return named ?? `${line} ${code}`;
  });
}
