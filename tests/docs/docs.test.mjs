// The guides' code and links (make test-docs):
//
// - Every fenced code block of README.md and docs/*.md is checked or
//   explicitly skipped. ```ts, ```tsx, ```js, ```jsx and ```vue (its <script>)
//   blocks are type-checked with tsc --strict --noEmit (TypeScript 5.9, js
//   with checkJs) against the built pkg/ as the module `zaehlerfreunde-auth`
//   (`paths` in a generated tsconfig, in a temp dir). A block of another
//   language (shell, output) fails unless marked. The marker is an HTML
//   comment on the last non-blank line before the block (alone, or at the
//   end of that line), `<!-- snippet: directive; directive -->`:
//     skip (why)          not checked; the summary lists how many and why
//     same as PATH        the block is the file PATH (from the repository's
//                         root) verbatim, e.g. an example's file
//     as NAME             compiled as NAME (e.g. src/App.tsx) in the
//                         directory of its document's blocks, so that
//                         another block of that document may import it
//     given NAME, …       compiled where these exist (GIVEN below), for a
//                         fragment that uses the `auth` the text speaks of
//     node                compiled for Node.js (@types/node; the DOM's types
//                         too, for a browser test tool's)
//   A marker with no block after it fails.
// - Every relative link of README.md, CONTRIBUTING.md, SECURITY.md,
//   docs/*.md, dev-backend/README.md and examples/README.md points to a
//   file or directory that exists, and every #anchor to a heading of its
//   document (GitHub's slugs).
// - The README has at most 250 lines.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const read = (file) => readFileSync(join(root, file), 'utf8');

const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
/** The documents whose code blocks are checked. */
const SNIPPET_DOCS = ['README.md', ...guides];
/** The documents whose links are checked. */
const LINK_DOCS = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...guides, 'dev-backend/README.md', 'examples/README.md'];

/** The file extension a block of each checked language is compiled as. */
const EXTENSIONS = { ts: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx', vue: 'vue' };

/** What `given` may name: each a type, declared as a constant before the block. */
const GIVEN = {
  auth: "import('zaehlerfreunde-auth').ZaehlerfreundeAuth",
  api: "import('zaehlerfreunde-auth/partner').PartnerClient",
};

/**
 * The types of the modules the guides import that the repository does not
 * install (React's DOM renderer, Vue's router, Vue's single-file
 * components), as far as the guides use them: their real signatures, cut
 * down. The examples that use them are compiled with the real packages by
 * tests/consumers/.
 */
const SHIMS = `declare module '*.vue' {
  const component: import('vue').Component;
  export default component;
}
declare module 'react-dom/client' {
  export interface Root {
    render(children: import('react').ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
declare module 'vue-router' {
  export interface RouteLocationNormalized { fullPath: string; path: string }
  export type NavigationGuard = (to: RouteLocationNormalized, from: RouteLocationNormalized) => unknown;
  export interface RouteRecordRaw { path: string; component: import('vue').Component; beforeEnter?: NavigationGuard }
  export interface RouterHistory { readonly base: string }
  export function createWebHistory(base?: string): RouterHistory;
  export function createRouter(options: { history: RouterHistory; routes: RouteRecordRaw[] }): import('vue').Plugin;
}
`;

/**
 * A Markdown document's fenced code blocks (with the marker before each,
 * if any) and its headings, outside the blocks.
 */
export function parse(text) {
  const lines = text.split('\n');
  const blocks = [];
  const headings = [];
  const prose = []; // [line number, text] outside code blocks
  /** @type {{ fence: string, lang: string, line: number, body: string[], marker: string | null } | null} */
  let open = null;
  /** @type {[number, string] | null} */
  let lastText = null; // the last non-blank line outside a block: [number, text]
  /** @type {Set<number>} */
  const markersUsed = new Set(); // the lines whose marker a block took
  lines.forEach((line, i) => {
    const n = i + 1;
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        blocks.push({ ...open, body: open.body.join('\n') + (open.body.length ? '\n' : '') });
        open = null;
      } else {
        open.body.push(line);
      }
      return;
    }
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/.exec(line);
    if (fence) {
      const marker = lastText && /<!--\s*snippet:\s*([\s\S]*?)\s*-->\s*$/.exec(lastText[1]);
      open = { fence: fence[1], lang: fence[2].toLowerCase(), line: n, body: [], marker: marker ? marker[1] : null };
      if (marker && lastText) markersUsed.add(lastText[0]);
      lastText = null;
      return;
    }
    prose.push([n, line]);
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) headings.push(heading[2]);
    if (line.trim()) lastText = [n, line];
  });
  // (set in the callback above, which the type check does not follow)
  const unclosed = /** @type {{ line: number } | null} */ (open);
  assert.equal(unclosed, null, `a code block opened on line ${unclosed?.line} is not closed`);
  // A marker that no block follows (a typo, or prose in between) would be lost.
  const strayMarkers = prose.filter(([n, line]) => line.includes('<!-- snippet:') && !markersUsed.has(n)).map(([n]) => n);
  return { blocks, headings, prose, strayMarkers };
}

/** A block's marker as directives: { skip, same, as, given, node }; throws on one it does not know. */
export function directives(marker) {
  /** @type {{ given: string[], skip?: string, same?: string, as?: string, node?: boolean }} */
  const d = { given: [] };
  if (marker === null) return d;
  // Directives are separated by `;` (not one inside a skip's parentheses).
  for (const part of marker.split(/;(?![^()]*\))/).map((p) => p.trim()).filter(Boolean)) {
    let m;
    if ((m = /^skip \((.+)\)$/.exec(part))) d.skip = m[1];
    else if ((m = /^same as (\S+)$/.exec(part))) d.same = m[1];
    else if ((m = /^as (\S+)$/.exec(part))) d.as = m[1];
    else if ((m = /^given (.+)$/.exec(part))) d.given.push(...m[1].split(',').map((g) => g.trim()));
    else if (part === 'node') d.node = true;
    else throw new Error(`unknown snippet directive "${part}" (skip (why), same as PATH, as NAME, given NAME, node)`);
  }
  return d;
}

/** GitHub's anchor of a heading: its text as rendered, lower-cased, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // HTML tags
    .replace(/`/g, '')
    .replace(/\*+/g, '')
    .replace(/(^|\s)_+([^_]+)_+(?=\s|$)/g, '$1$2'); // _emphasis_
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors of a document's headings, a repeated one numbered as GitHub does (-1, -2, …). */
export function anchors(headings) {
  const seen = new Map();
  return new Set(headings.map((h) => {
    const base = slug(h);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}-${count}` : base;
  }));
}

/** The link targets on a line of prose (inline code spans dropped): [text](target), ![…](…), <a href>, [ref]: target. */
export function linksIn(line) {
  const text = line.replace(/(`+)[^`]*?\1/g, '');
  const out = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/\b(?:href|src)="([^"]*)"/g)) out.push(m[1]);
  const ref = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$/.exec(text);
  if (ref) out.push(ref[1]);
  return out;
}

/** tsc -p on `files` ({ path: text }) in a new directory with `compilerOptions`; resolves to its output. */
function compile(files, compilerOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'zfa-docs-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files) }, null, 2));
  return new Promise((ok) => {
    execFile(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { cwd: dir, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      ok({ code: error ? error.code : 0, output: stdout + stderr });
    });
  });
}

const COMMON = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  moduleDetection: 'force', // every block is a module: its own names, top-level await
  allowImportingTsExtensions: true,
  skipLibCheck: false,
  allowJs: true, // js blocks are checked by their `// @ts-check` (the dev backend's JS is read, not checked)
  jsx: 'react-jsx',
  paths: {
    'zaehlerfreunde-auth': [join(root, 'pkg/index.d.ts')],
    'zaehlerfreunde-auth/*': [join(root, 'pkg/*')],
    'zaehlerfreunde-dev-backend': [join(root, 'dev-backend/index.mjs')],
    // playwright's types are playwright-core's (its index.d.ts re-exports them).
    playwright: [join(root, 'node_modules/playwright-core')],
    // React's, Vue's and Vite's types, and Node's for `node` blocks: the repository's.
    '*': [join(root, 'node_modules/*'), join(root, 'node_modules/@types/*')],
  },
};
const ENVIRONMENTS = {
  browser: { ...COMMON, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
  // Node.js, and the DOM's types for a browser test tool's (page.evaluate runs in the page).
  node: { ...COMMON, lib: ['ES2022', 'DOM'], types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
};

/** The text compiled for a block, and how many lines precede the block's own (for error positions). */
function source(block, d, ext) {
  let body = block.body;
  let offset = 0; // lines of the block before `body` (a vue block's template)
  if (ext === 'vue') {
    const script = /(<script\b[^>]*>\n?)([\s\S]*?)<\/script>/.exec(body);
    if (!script) throw new Error(`${block.doc}:${block.line}: a vue block without <script>: mark it skip`);
    offset = (body.slice(0, script.index) + script[1]).split('\n').length - 1;
    body = script[2];
  }
  const js = ext === 'js' || ext === 'jsx' || (ext === 'vue' && !/<script\b[^>]*lang="ts"/.test(block.body));
  const declarations = d.given.map((name) => {
    const type = GIVEN[name];
    if (!type) throw new Error(`${block.doc}:${block.line}: given ${name}: not one of ${Object.keys(GIVEN).join(', ')}`);
    return js ? `const ${name} = /** @type {${type}} */ (/** @type {unknown} */ (undefined));` : `declare const ${name}: ${type};`;
  });
  // JS is checked by its pragma, which must come first.
  const prelude = [...(js ? ['// @ts-check'] : []), declarations.join(' ')];
  return { text: `${prelude.join('\n')}\n${body}`, lines: offset - prelude.length, js };
}

const documents = Object.fromEntries([...new Set([...SNIPPET_DOCS, ...LINK_DOCS])].map((doc) => [doc, parse(read(doc))]));

test('every code block of README.md and docs/*.md type-checks against pkg/, is an example file verbatim, or is marked skip', async (t) => {
  assert.ok(existsSync(join(root, 'pkg/index.d.ts')), 'pkg/ is built (make pkg)');
  const problems = [];
  const skipped = [];
  const same = [];
  const files = { browser: {}, node: {} };
  const where = {}; // compiled file -> { doc, line, offset }
  for (const doc of SNIPPET_DOCS) {
    const folder = doc.replace(/\.md$/, '').replace(/[^\w]+/g, '_');
    for (const n of documents[doc].strayMarkers) problems.push(`${doc}:${n}: a snippet marker with no code block after it`);
    for (const block of documents[doc].blocks) {
      block.doc = doc;
      let d;
      try {
        d = directives(block.marker);
      } catch (e) {
        problems.push(`${doc}:${block.line}: ${e.message}`);
        continue;
      }
      if (d.skip) {
        skipped.push(`${doc}:${block.line} (${block.lang || 'no language'}): ${d.skip}`);
        continue;
      }
      if (d.same) {
        const path = join(root, d.same);
        if (!existsSync(path)) problems.push(`${doc}:${block.line}: same as ${d.same}: no such file`);
        else if (readFileSync(path, 'utf8') !== block.body) problems.push(`${doc}:${block.line}: differs from ${d.same}`);
        else same.push(`${doc}:${block.line} = ${d.same}`);
        continue;
      }
      const ext = EXTENSIONS[block.lang];
      if (!ext) {
        problems.push(`${doc}:${block.line}: a \`\`\`${block.lang || ''} block is neither checked nor marked: add <!-- snippet: skip (why) --> before it`);
        continue;
      }
      let compiled;
      try {
        compiled = source(block, d, ext);
      } catch (e) {
        problems.push(e.message);
        continue;
      }
      const { text, lines, js } = compiled;
      // A vue block's script as its own file, beside the name `import` resolves (the shim's).
      const base = ext === 'vue' ? `${d.as ?? `L${block.line}.vue`}.script.${js ? 'js' : 'ts'}` : d.as ?? `L${block.line}.${ext}`;
      const name = posix.join(folder, base);
      const env = d.node ? 'node' : 'browser';
      files[env][name] = text;
      where[name] = { doc, line: block.line + lines };
    }
  }
  for (const [env, set] of Object.entries(files)) {
    if (!Object.keys(set).length) continue;
    if (env === 'browser') set['shims.d.ts'] = SHIMS;
    const { code, output } = await compile(set, ENVIRONMENTS[env]);
    // Each error at its line of the Markdown document.
    const errors = output.split('\n').filter(Boolean).map((line) => {
      const m = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
      const at = m && where[m[1].replace(/\\/g, '/')];
      return at ? `${at.doc}:${at.line + Number(m[2])}:${m[3]}: ${m[4]}` : line;
    });
    problems.push(...errors);
    if (code !== 0 && !errors.length) problems.push(`tsc (${env}) exited ${code}`);
  }
  const checked = Object.keys(where).length;
  t.diagnostic(`${checked} blocks type-checked (${Object.keys(files.node).length} for Node), ${same.length} identical to their file, ${skipped.length} skipped:`);
  for (const s of same) t.diagnostic(`  same: ${s}`);
  for (const s of skipped) t.diagnostic(`  skipped: ${s}`);
  assert.deepEqual(problems, []);
  assert.ok(checked >= 10, `${checked} blocks checked`);
});

test('every relative link points to an existing file, and every #anchor to a heading of its document', (t) => {
  const problems = [];
  let count = 0;
  const anchorsOf = (doc) => anchors((documents[doc] ??= parse(read(doc))).headings);
  for (const doc of LINK_DOCS) {
    for (const [n, line] of documents[doc].prose) {
      for (const target of linksIn(line)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        count += 1;
        const [path, anchor] = target.split('#');
        const file = path ? posix.normalize(posix.join(posix.dirname(doc), decodeURIComponent(path))) : doc;
        if (file.startsWith('../') || !existsSync(join(root, file))) {
          problems.push(`${doc}:${n}: ${target}: no such file (${file})`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!file.endsWith('.md')) problems.push(`${doc}:${n}: ${target}: an anchor into a file that is not Markdown`);
        else if (!anchorsOf(file).has(decodeURIComponent(anchor))) {
          problems.push(`${doc}:${n}: ${target}: ${file} has no heading "#${anchor}" (it has: ${[...anchorsOf(file)].join(', ')})`);
        }
      }
    }
  }
  t.diagnostic(`${count} relative links checked in ${LINK_DOCS.length} documents`);
  assert.deepEqual(problems, []);
  assert.ok(count >= 20, `${count} links`);
});

test('the markers, slugs and links are read as intended', () => {
  const doc = parse('<!-- snippet: skip (a) -->\n\ntext\n\n```sh\nls\n```\n\nthe end: <!-- snippet: given auth -->\n\n~~~ts\nauth;\n~~~\n');
  assert.deepEqual(doc.strayMarkers, [1]);
  assert.deepEqual(doc.blocks.map((b) => [b.line, b.lang, b.marker, b.body]), [[5, 'sh', null, 'ls\n'], [11, 'ts', 'given auth', 'auth;\n']]);
  assert.deepEqual(directives('skip (one; two); node'), { given: [], skip: 'one; two', node: true });
  assert.equal(slug('The partner API (`zaehlerfreunde-auth/partner`)'), 'the-partner-api-zaehlerfreunde-authpartner');
  assert.equal(slug('1. What you need'), '1-what-you-need');
  assert.equal(slug('React, Vue, Next.js'), 'react-vue-nextjs');
  assert.equal(slug('`login_required`'), 'login_required');
  assert.equal(slug('Zählerfreunde — *the* [API](x.md)'), 'zählerfreunde--the-api');
  assert.deepEqual([...anchors(['Errors', 'Errors', 'Errors'])], ['errors', 'errors-1', 'errors-2']);
  assert.deepEqual(linksIn('see [a](b.md#c) and `[x](y.md)`, <a href="d/">d</a>'), ['b.md#c', 'd/']);
});

test('the README is for users: at most 250 lines (maintainers\' material is in CONTRIBUTING.md and docs/)', () => {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n').length - 1;
  assert.ok(lines <= 250, `README.md has ${lines} lines`);
});
