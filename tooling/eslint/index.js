// Shared ESLint flat config: typescript-eslint's type-aware recommended rules, a few stricter ones,
// and the fence that keeps process.env inside the settings loader (docs/configuration.md).
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Where a package may read process.env, relative to the package, with the reason. The settings loader
 * is the only production code; test and script entry points hand the environment to test helpers.
 */
const PROCESS_ENV_ALLOWED = {
  'packages/infra': {
    'src/settings/**': 'the settings loader is the one module that reads the environment',
    'src/testing/**':
      'the test kit (./testing export) starts throwaway PostgreSQL and Redis servers for tests, which inherit the environment',
  },
};
const PROCESS_ENV_ALLOWED_EVERYWHERE = {
  'test/**': 'tests pass the environment to startTestPostgres (PROJ_TEST_DATABASE_URL) and to the processes they spawn',
  'scripts/**': 'developer scripts run outside the server and pass the environment to test helpers, like tests do',
};

const ENV_MESSAGE = 'Only the settings loader (packages/infra/src/settings) reads process.env; take a Settings value instead.';
const NO_ONLY = {
  selector:
    "CallExpression[callee.type='MemberExpression'][callee.property.name='only'][callee.object.name=/^(describe|context|it|specify)$/]",
  message: '.only would skip the rest of the suite in CI; remove it before committing.',
};
const NO_ENV_DESTRUCTURING = {
  selector: "VariableDeclarator[init.type='Identifier'][init.name='process'] > ObjectPattern > Property[key.name='env']",
  message: ENV_MESSAGE,
};

function workspaceRoot(start) {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The lint configuration of the package in `packageDir` (pass `import.meta.dirname` from its
 * eslint.config.js). Type-aware rules use the package's tsconfig.json, which covers src and test.
 * @param {{ packageDir: string }} options
 */
export function createConfig({ packageDir }) {
  const packagePath = relative(workspaceRoot(packageDir), packageDir).split(sep).join('/');
  const envAllowed = { ...PROCESS_ENV_ALLOWED_EVERYWHERE, ...PROCESS_ENV_ALLOWED[packagePath] };

  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '.turbo/**', '.test-results/**', 'node_modules/**', '**/*.gen.ts'] },
    {
      linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
    },
    js.configs.recommended,
    {
      files: ['**/*.ts'],
      extends: [tseslint.configs.recommendedTypeChecked],
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: packageDir },
      },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        '@typescript-eslint/no-unsafe-argument': 'error',
        '@typescript-eslint/no-unsafe-assignment': 'error',
        '@typescript-eslint/no-unsafe-call': 'error',
        '@typescript-eslint/no-unsafe-member-access': 'error',
        '@typescript-eslint/no-unsafe-return': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': 'error',
        '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-non-null-assertion': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        // Off: an `async` method that does not await is how fakes and adapters implement Promise-returning
        // ports, and it turns a synchronous throw into a rejection, which callers rely on.
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      files: ['src/testing/**/*.ts'],
      rules: {
        // Off in the test kits (contract suites): chai assertions such as `expect(list).to.be.empty` are property reads.
        '@typescript-eslint/no-unused-expressions': 'off',
      },
    },
    {
      files: ['test/**/*.ts'],
      rules: {
        // Off in tests: chai assertions such as `expect(list).to.be.empty` are property reads.
        '@typescript-eslint/no-unused-expressions': 'off',
        // Off in tests: supertest and JSON.parse give response bodies the type `any`, and tests read
        // and assert their shape at run time (`res.body.errors.map(...)`); returning or passing an
        // `any` on to typed code is still an error.
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
      },
    },
    {
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    },
    {
      rules: {
        'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
        'no-restricted-syntax': ['error', NO_ENV_DESTRUCTURING, NO_ONLY],
      },
    },
    ...Object.entries(envAllowed).map(([pattern, reason]) => ({
      name: `process.env allowed in ${pattern}: ${reason}`,
      files: [pattern],
      rules: {
        'no-restricted-properties': 'off',
        'no-restricted-syntax': ['error', NO_ONLY],
      },
    })),
  );
}
