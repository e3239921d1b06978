// Runs a command with the local dev backend up on free loopback ports, its
// app origin in ZFA_TEST_BACKEND. Used for the browser-shell (wasm) tests.
//   node tests/with-backend.mjs cargo test --target wasm32-unknown-unknown --test browser
import { spawn } from 'node:child_process';
import { startBackend } from '../www/server/backend.mjs';

const backend = await startBackend();
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, ZFA_TEST_BACKEND: backend.appOrigin },
});
const code = await new Promise((ok) => child.on('exit', (c, sig) => ok(c ?? (sig ? 1 : 0))));
await backend.close();
process.exit(code);
