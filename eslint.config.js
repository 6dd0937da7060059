// Lint: correctness rules that need types (floating promises above all), and the
// architecture rule that nobody reaches into another package's internals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import formatjs from 'eslint-plugin-formatjs';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/src/gen/**', '.concord/**', 'coverage/**', '**/web/dist/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@concord/*/src/*', '../../packages/*', '../../services/*'], message: 'Import a package through its public index.' }] },
      ],
    },
  },
  {
    // The console's components say nothing in words of their own: every user-visible string comes from the catalogues.
    files: ['services/console/web/src/**/*.tsx'],
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        { props: { include: [['*', '{label,legend,hint,placeholder,title,alt}'], ['*', 'aria-{label,description,details,errormessage}']] } },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
