// Runs a command with the local dev backend up on free loopback ports, its
// app origin in ZFA_TEST_BACKEND. Used for the browser-shell (wasm) tests:
// their page is served by wasm-bindgen-test-runner on a free port chosen here
// (WASM_BINDGEN_TEST_ADDRESS), the one origin besides the app's that the
// backend's /__test/* endpoints answer.
//   node tests/with-backend.mjs cargo test --target wasm32-unknown-unknown --test browser
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startBackend } from '../www/server/backend.mjs';

const freePort = () => new Promise((ok, fail) => {
  const server = createServer().once('error', fail);
  server.listen(0, '127.0.0.1', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address()); // listening on TCP
    server.close(() => ok(port));
  });
});
const runner = `127.0.0.1:${await freePort()}`;
const backend = await startBackend({ testOrigins: [`http://${runner}`] });
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, ZFA_TEST_BACKEND: backend.appOrigin, WASM_BINDGEN_TEST_ADDRESS: runner },
});
const code = await new Promise((ok) => child.on('exit', (c, sig) => ok(c ?? (sig ? 1 : 0))));
await backend.close();
process.exit(code);
