// Shortens the names between pkg/'s wasm and its JS glue: wasm-bindgen names
// every import `__wbg_<name>_<hash>` under the module "./<crate>_bg.js" and
// keeps Rust's export names, about 8 KB of text in the wasm alone. binaryen's
// --minify-imports-and-exports-and-modules renames them all and prints the
// map; this script applies that map to the glue (the import object's keys,
// its module key, and every `wasm.<export>`) and to the raw exports' types
// (InitOutput), so both sides agree. Run by .ci/build-pkg after wasm-opt.
//   node .ci/minify-names.mjs pkg zaehlerfreunde_auth
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [dir, name] = process.argv.slice(2);
const wasm = `${dir}/${name}_bg.wasm`;
const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue']
  .map((f) => `--enable-${f}`);
const printed = execFileSync('wasm-opt', [...features, '--minify-imports-and-exports-and-modules', wasm, '-o', wasm], { encoding: 'utf8' });
const map = JSON.parse(printed.slice(printed.indexOf('{')));

const moduleName = `./${name}_bg.js`;
const imports = new Map();
let newModule;
for (const [module, base, renamed] of map.imports) {
  if (module !== moduleName) throw new Error(`minify-names: an import of another module: ${module}`);
  imports.set(base, renamed);
}
const exports = new Map(map.exports);
// The module's new name, as the minified wasm declares it (binaryen names
// modules in order; with one module it is the first name).
newModule = JSON.parse(execFileSync('node', ['-e', `
  const m = new WebAssembly.Module(require('fs').readFileSync(${JSON.stringify(wasm)}));
  console.log(JSON.stringify([...new Set(WebAssembly.Module.imports(m).map((i) => i.module))]));
`], { encoding: 'utf8' }));
if (newModule.length !== 1) throw new Error(`minify-names: expected one import module, found ${newModule}`);
[newModule] = newModule;

const rename = (table, old, what) => {
  const renamed = table.get(old);
  if (renamed === undefined) throw new Error(`minify-names: no new name for ${what} ${old}`);
  return renamed;
};

const glue = `${dir}/${name}.js`;
let js = readFileSync(glue, 'utf8');
let seenImports = 0;
js = js.replace(/^(\s+)((?:__wbg_|__wbindgen_)[\w$]+): function/gm, (_, indent, old) => {
  seenImports++;
  return `${indent}${JSON.stringify(rename(imports, old, 'import'))}: function`;
});
if (seenImports !== imports.size) throw new Error(`minify-names: ${seenImports} imports in the glue, ${imports.size} in the wasm`);
if (!js.includes(`${JSON.stringify(moduleName)}: import0`)) throw new Error('minify-names: no import module key in the glue');
js = js.replace(`${JSON.stringify(moduleName)}: import0`, `${JSON.stringify(newModule)}: import0`);
js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, old) => `wasm.${rename(exports, old, 'export')}`);
writeFileSync(glue, js);

// The raw exports' types: `readonly <export>: …` in InitOutput.
for (const types of [`${dir}/${name}.d.ts`, `${dir}/${name}_bg.wasm.d.ts`]) {
  let dts = readFileSync(types, 'utf8');
  dts = dts.replace(/^(\s*(?:readonly |export const ))([A-Za-z_$][\w$]*)(:)/gm, (line, head, old, colon) => (exports.has(old) ? `${head}${JSON.stringify(exports.get(old)).slice(1, -1)}${colon}` : line));
  writeFileSync(types, dts);
}
console.log(`minify-names: ${imports.size} imports, ${exports.size} exports renamed`);
