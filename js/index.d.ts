// The package's types, pkg/index.d.ts (.ci/build-pkg copies this file there
// without this header): those of the wasm-bindgen module, whose
// ZaehlerfreundeAuth index.js subclasses without changing its interface.
export * from './zaehlerfreunde_auth.js';
export { default } from './zaehlerfreunde_auth.js';
