// Every answer the SDK reads itself is bounded while it is read: a hostile or
// broken token endpoint or JWKS that streams an endless body, or announces
// 50 MB, fails with invalid_response as soon as the limit (64 KiB) is passed
// or the Content-Length says it will be. Asserted on what the server saw (the
// body bytes it wrote before the connection closed), on how often the JWKS was
// fetched, and on the WebAssembly memory, which never shrinks once grown.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  login, loginToCallback, storedSession, sdkKeys, suiteEnv, until, withHarness,
} from './harness.mjs';

const env = suiteEnv({ accessTokenTtl: 300 });

const MIB = 1024 * 1024;
/** The bound on what the server may send before the SDK hangs up. */
const MAX_SENT = MIB;
/** The bound on the wasm memory after a case (it starts near 1.2 MB). */
const MAX_WASM_MEMORY = 4 * MIB;

const jwksFetches = () => env.backend.stats.routes['browser GET /.well-known/jwks.json'] ?? 0;
const handle = (page) => page.evaluate(() => window.settle(() => window.auth.handleRedirectCallback()));
const forceRefresh = (page) => page.evaluate(() => window.settle(() => window.auth.getAccessToken({ forceRefresh: true })));

/**
 * What the server recorded of the streamed bodies ({ target, kind, sent,
 * closed } each), once it has seen every connection closed.
 */
async function streamedAfterClose() {
  const { streamed } = env.backend.faults;
  await until(() => streamed.every((s) => s.closed), `the connection closed (${JSON.stringify(streamed)})`);
  return streamed;
}

/** Asserts one body was streamed for `target`, closed after at most MAX_SENT bytes, and the wasm memory is small. */
async function assertCutShort(t, page, target, kind, what) {
  const streamed = await streamedAfterClose();
  const memory = await page.evaluate(() => window.wasmMemoryBytes());
  t.diagnostic(`${what} (${target} ${kind}): the server sent ${streamed.map((s) => s.sent).join(', ')} B before the connection closed; wasm memory ${memory} B`);
  assert.deepEqual(streamed.map((s) => [s.target, s.kind, s.closed]), [[target, kind, true]]);
  assert.ok(streamed[0].sent <= MAX_SENT, `${streamed[0].sent} B sent`);
  assert.ok(memory < MAX_WASM_MEMORY, `wasm memory ${memory} B`);
}

for (const kind of ['endless_body', 'body_50mb']) {
  test(`invalid_response: the token endpoint's ${kind} in the code exchange; aborted at the limit, nothing stored`, (t) => withHarness(env, {}, async (page) => {
    await loginToCallback(page);
    env.backend.faults.arm('token', kind, 1);
    const outcome = await handle(page);
    assert.equal(outcome.error, 'invalid_response', JSON.stringify(outcome));
    assert.match(outcome.error_description, /too large/);
    await assertCutShort(t, page, 'token', kind, 'code exchange');
    assert.deepEqual(await sdkKeys(page), [], 'no session, and the transaction is consumed');
  }));

  test(`invalid_response: the token endpoint's ${kind} in a refresh; aborted at the limit, the session kept`, (t) => withHarness(env, {}, async (page) => {
    assert.ok((await login(page)).ok);
    const before = await storedSession(page, env.backend.clientId);
    env.backend.faults.arm('token', kind, 1);
    const outcome = await forceRefresh(page);
    assert.equal(outcome.error, 'invalid_response', JSON.stringify(outcome));
    await assertCutShort(t, page, 'token', kind, 'refresh');
    assert.deepEqual(await storedSession(page, env.backend.clientId), before, 'the stored session is untouched');
    assert.ok((await forceRefresh(page)).ok, 'the next refresh works');
  }));

  test(`invalid_response: the JWKS's ${kind} at login; fetched once, aborted at the limit, nothing stored`, (t) => withHarness(env, {}, async (page) => {
    await loginToCallback(page);
    env.backend.faults.arm('jwks', kind, 2);
    const fetchesBefore = jwksFetches();
    const outcome = await handle(page);
    assert.equal(outcome.error, 'invalid_response', JSON.stringify(outcome));
    assert.match(outcome.error_description, /too large/);
    assert.equal(jwksFetches() - fetchesBefore, 1, 'the JWKS is fetched once, not again for the check');
    await assertCutShort(t, page, 'jwks', kind, 'JWKS');
    assert.deepEqual(await sdkKeys(page), [], 'no session, and the transaction is consumed');
  }));
}
