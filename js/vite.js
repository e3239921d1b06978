// zaehlerfreunde-auth/vite (pkg/vite.js): a Vite plugin that announces the
// .wasm in the built index.html, so the browser downloads it while the JS is
// still loading instead of after it has run (the cold start's biggest wait on
// a real network).
//
// The SDK finds its wasm as new URL('zaehlerfreunde_auth_bg.wasm',
// import.meta.url), which Vite's build emits as a hashed asset; the plugin
// puts that asset's URL in a <link rel="preload" as="fetch" crossorigin> at
// the top of <head>. init() then fetches the same URL in the same mode (CORS,
// same-origin credentials), so the browser reuses the preload: one download.
// A preload without crossorigin, or as="script", would not match the fetch
// and the wasm would be downloaded twice.
//
// In `vite dev` nothing is injected: Vite serves the module unhashed and
// uncompressed from its dependency cache, and what costs there is not the
// network.

const WASM = 'zaehlerfreunde_auth_bg.wasm';

/** The emitted asset of the SDK's wasm in a build's output, if any. */
function wasmAsset(bundle) {
  const assets = Object.values(bundle).filter((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
  return (
    assets.find((f) => f.names?.includes(WASM) || f.originalFileNames?.some((n) => n.endsWith(WASM)) || f.name === WASM)
    ?? assets.find((f) => f.fileName.includes('zaehlerfreunde_auth_bg'))
  );
}

/**
 * The plugin: `plugins: [zaehlerfreundeAuth()]` in vite.config.
 * @returns {import('vite').Plugin}
 */
export function zaehlerfreundeAuth() {
  let base = '/';
  return {
    name: 'zaehlerfreunde-auth',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const asset = ctx.bundle && wasmAsset(ctx.bundle);
        if (!asset) {
          // No wasm of the SDK in this build (or Vite inlined it): nothing
          // to announce. (In a multi-page app every page of the build gets
          // the link, whether or not its script loads the SDK.)
          return html;
        }
        // base './' (relative): the URL from the page, which is where the
        // HTML lives in dist/.
        const href = base === './' || base === '' ? `./${asset.fileName}` : `${base}${asset.fileName}`;
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', href, as: 'fetch', type: 'application/wasm', crossorigin: true },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

export default zaehlerfreundeAuth;
