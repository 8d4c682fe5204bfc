import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'test/fixtures/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed deterministically: no Node built-ins, no I/O modules.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflows cannot use Node built-ins.' },
            {
              group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads'],
              message: 'Workflows cannot use Node built-ins.',
            },
            {
              group: [
                'pg',
                'kysely',
                'openai',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                '../db/*',
                '../api/*',
              ],
              message: 'Workflows do no I/O: call an activity.',
            },
            {
              group: [
                '../activities/*',
                '!../activities/options.js',
                '!../activities/types.js',
                '!../activities/index.js',
              ],
              message: 'Workflows import activity types only.',
            },
          ],
        },
      ],
    },
  },
);
