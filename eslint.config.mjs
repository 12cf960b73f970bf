import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { layers } from './eslint.layers.mjs';

export default tseslint.config(
  {
    // Generated: client/checkout-api.d.ts comes from openapi.json (npm run client:types).
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      '*.js',
      'scripts/*.mjs',
      'test/**/*.mjs',
      '*.mjs',
      'client/checkout-api.d.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  layers,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read JSON bodies whose shape is what they assert.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
