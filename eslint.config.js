import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files that test internals: they may import any module's files. */
const TEST_FILES = [
  '**/*.test.ts',
  'test/**',
  'bench/**',
  'src/**/testing.ts',
  'src/modules/analysis/scoring/examples.ts',
  'src/modules/analysis/scoring/plain-count.ts',
  'src/modules/analysis/scoring/populations.ts',
];

const THROUGH_FACE =
  'Import another module through its face, its index.ts (add what you need there).';
const NOT_OWN_FACE = "A module's own files import each other directly, not through its index.ts.";

function restrict(files, patterns, ignores = []) {
  return {
    files,
    ignores: [...TEST_FILES, ...ignores],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

function moduleFaces() {
  return [
    restrict(
      ['src/modules/*/*.ts'],
      [
        { regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$)', message: THROUGH_FACE },
        { regex: '^\\./index\\.ts$', message: NOT_OWN_FACE },
      ],
    ),
    restrict(
      ['src/modules/*/*/*.ts'],
      [
        { regex: '^\\.\\./\\.\\./[^./][^/]*/(?!index\\.ts$)', message: THROUGH_FACE },
        { regex: '^\\.\\./index\\.ts$', message: NOT_OWN_FACE },
      ],
    ),
    restrict(
      ['src/**/*.ts'],
      [{ regex: 'modules/[^/]+/(?!index\\.ts$)', message: THROUGH_FACE }],
      ['src/modules/**', 'src/kernel/**'],
    ),
    restrict(
      ['src/kernel/**/*.ts'],
      [
        {
          regex: '(^|/)modules(/|$)',
          message: 'The kernel is what modules share: it imports none.',
        },
      ],
    ),
  ];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'coverage',
      'src/db/migrations',
      'scripts/*.mjs',
      '*.config.js',
      'src/web/static/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Fastify plugins and route handlers are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Small files and small functions: a newcomer reads one thing at a time.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  // Modules meet through their faces. Each src/modules/<module>/index.ts names what the rest of
  // the code may use; a module's own files import each other directly. Tests and their
  // support files test internals, so they may reach inside.
  ...moduleFaces(),
  {
    // Longer by nature: the demo partnership's narrative text is data, not code.
    files: ['src/demo/round-text.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // node:test's describe and it return promises that the runner itself awaits.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
