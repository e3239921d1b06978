// ESLint (flat config): the recommended rules on the repository's JavaScript
// (the shipped js/, the dev backend, the demo, the API generator, the tests,
// the benchmark), browser or Node globals by where the code runs.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      '**/node_modules/**', 'pkg/**', 'target/**', 'bench/dist/**', 'examples/**/dist/**',
      'examples/next/.next/**', 'fuzz/**', 'tests/e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    // `const { secret, ...rest } = o` leaves `secret` out on purpose.
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    files: ['js/**', 'www/*.js', 'bench/apps/**', 'examples/plain-html/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Node files whose functions also run in the page (page.evaluate).
  {
    files: ['tests/**', 'bench/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
