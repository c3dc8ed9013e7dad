// ESLint flat config: the recommended JavaScript and typescript-eslint rules, and one type-aware
// rule (no-floating-promises: a promise nobody awaits loses its error).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node globals for plain .js files (in .ts files TypeScript itself checks names).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  // .tmp/ holds scratch experiments (git-ignored), bench/results/ measured data.
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', '.tmp/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Type-aware rules need the TypeScript program: the files tsconfig.json includes.
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test runs what test() and describe() return itself (and reports its failures).
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
  // CommonJS on purpose (bench/first-call.cjs is bundled as the action is: CommonJS).
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
