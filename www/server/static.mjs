// Serves the demo (www/) at / and the built npm package (pkg/) at /pkg/.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** Production origins the demo and the test page may call (Settings → production). */
const PRODUCTION_ORIGINS = [
  'https://zaehlerfreunde-prod.eu.auth0.com',
  'https://auth.prod.zaehlerfreunde.com',
  'https://external.prod.zaehlerfreunde.com',
];

/**
 * The recommended Content-Security-Policy for an app using the SDK (see
 * SECURITY.md): no inline script, WebAssembly allowed, network access only to
 * the app itself, the authorization server and the partner API.
 */
export function contentSecurityPolicy(connectOrigins) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `connect-src 'self' ${[...new Set([...connectOrigins, ...PRODUCTION_ORIGINS])].join(' ')}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The body as a CDN would send it: brotli where the browser accepts it, else
 * gzip (both at their highest level), else as it is. Compressed once per
 * file content.
 */
const compressed = new Map();
function encode(file, body, acceptEncoding = '') {
  const accepts = (name) => new RegExp(`\\b${name}\\b`).test(acceptEncoding);
  const encoding = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
  if (!encoding || body.length < 1024) return { body };
  const key = `${encoding} ${file}`;
  let entry = compressed.get(key);
  if (!entry || !entry.source.equals(body)) {
    const out = encoding === 'br'
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : gzipSync(body, { level: 9 });
    entry = { source: body, out };
    compressed.set(key, entry);
  }
  return { body: entry.out, encoding };
}

/**
 * @param {object} o
 * @param {string} o.root       repository root
 * @param {() => object} o.localConfig  the SDK config for the local backend, served as /local-config.json
 */
export function createStaticServer({ root, localConfig }) {
  const { authorizeUrl, apiBaseUrl } = localConfig();
  const security = {
    'Content-Security-Policy': contentSecurityPolicy([new URL(authorizeUrl).origin, new URL(apiBaseUrl).origin]),
    // The callback URL carries the code until the SDK removes it: never send it as a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
  // The benchmark's pages (bench/dist) are served without the demo's CSP:
  // peers such as auth0-spa-js start workers from blob: URLs.
  const mounts = [['/pkg/', resolve(root, 'pkg')], ['/bench/', resolve(root, 'bench/dist')], ['/', resolve(root, 'www')]];
  return createServer(async (req, res) => {
    const url = new URL(/** @type {string} */ (req.url), 'http://127.0.0.1'); // a server's request has one
    if (url.pathname === '/local-config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify(localConfig()));
    }
    for (const [prefix, dir] of mounts) {
      if (!url.pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(url.pathname.slice(prefix.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(dir, rel));
      if (!file.startsWith(dir) || file.includes(`${join(dir, 'server')}`)) break;
      try {
        const { body, encoding } = encode(file, await readFile(file), req.headers['accept-encoding']);
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
          Vary: 'Accept-Encoding',
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
          ...(prefix === '/bench/' ? {} : security),
        });
        return res.end(body);
      } catch {
        break;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
}
