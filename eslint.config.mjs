// @ts-check
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/', 'bench/dist/', 'scripts/dist/', 'bench/results/', 'coverage/', 'test-results/', '.cache/', 'data/'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: {
        ...globals.node,
      },
      sourceType: 'module',
      parserOptions: {
        // src/ resolves to tsconfig.json and bench/ to bench/tsconfig.json, the nearest of each;
        // this file is in no tsconfig, so it gets the default project.
        projectService: {
          allowDefaultProject: ['eslint.config.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The tests and the Vitest config are only in tsconfig.test.json, which the project service would not find by its name.
    files: ['test/**/*.ts', 'vitest.config.ts'],
    languageOptions: {
      globals: {
        ...globals.vitest,
      },
      parserOptions: {
        projectService: false,
        project: './tsconfig.test.json',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      // As with tsc's noUnusedParameters, a leading underscore marks a parameter an override must keep but does not use;
      // a key destructured beside ...rest is how a copy leaves that key out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // URLSearchParams prints as a query string; Node's types declare it, not lib.dom.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', package: '@types/node', name: ['URL', 'URLSearchParams'] },
          ],
        },
      ],
      // Namespaces only where a library's types live in one (Express's global namespace).
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      'prettier/prettier': ['error', { endOfLine: 'auto' }],
    },
  },
);
