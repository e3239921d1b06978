// The shipped types under tsc --strict --lib es2022,dom without skipLibCheck,
// with TypeScript 5.9 and 7 (compile.mjs): consumers of the SDK
// (sdk-consumer.ts), of zaehlerfreunde-auth/partner (consumer.ts) and of the
// react and vue entries (react-consumer.ts, vue-consumer.ts; React's and Vue's
// types from the repository's devDependencies) compile, and each misuse in
// sdk-negative.ts, negative.ts and framework-negative.ts is the type error its
// comment names.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { COMPILERS, compile, errorsIn, source, withoutExpectations } from './compile.mjs';

const FILES = ['sdk-consumer.ts', 'sdk-negative.ts', 'consumer.ts', 'negative.ts', 'react-consumer.ts', 'vue-consumer.ts', 'framework-negative.ts'];

for (const [compiler, tsc] of Object.entries(COMPILERS)) {
  test(`${compiler}: the consumers compile, as do the misuses marked @ts-expect-error`, async () => {
    const { code, output } = await compile(tsc, Object.fromEntries(FILES.map((f) => [f, source(f)])));
    assert.equal(output, '');
    assert.equal(code, 0);
  });

  for (const name of ['sdk-negative.ts', 'negative.ts', 'framework-negative.ts']) {
    test(`${compiler}: without @ts-expect-error each misuse in ${name} is exactly the type error named`, async () => {
      const { text, expected } = withoutExpectations(name);
      assert.ok(expected.length >= 6, `${expected.length} misuses`);
      const { code, output } = await compile(tsc, { [name]: text });
      assert.notEqual(code, 0);
      assert.deepEqual(errorsIn(name, output, expected), expected);
    });
  }
}
