/**
 * Lint rules: typescript-eslint's recommended set, no floating promises, and the import boundaries
 * between folders.
 */
import tseslint from 'typescript-eslint';

/**
 * Imports point one way: scripts → api / worker → workflows / activities → contract / db → domain.
 * Each rule below bans the folders a folder must not reach (matched on relative import paths,
 * at any depth); docs/ARCHITECTURE.md explains the layout.
 */
const FOLDERS = [
  'domain',
  'contract',
  'db',
  'workflows',
  'activities',
  'api',
  'worker',
  'dev',
  'scripts',
  'dashboard',
  'telemetry',
  'outbound',
  'client',
  'cli',
];
const reach = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})/`, message });
const only = (allowed, message) =>
  reach(
    FOLDERS.filter((f) => !allowed.includes(f)),
    message,
  );
const boundary = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'test/fixtures/', 'dashboard/dist/', 'client/dist/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  boundary(
    ['domain/**/*.ts'],
    [{ regex: '^\\.\\./', message: 'domain/ holds pure rules and imports nothing of the project.' }],
  ),
  boundary(['outbound/**/*.ts'], [{ regex: '^\\.\\./', message: 'outbound/ imports nothing of the project.' }]),
  boundary(['telemetry/**/*.ts'], [{ regex: '^\\.\\./', message: 'telemetry/ imports nothing of the project.' }]),
  boundary(
    ['client/**/*.ts'],
    [{ regex: '^\\.\\./', message: 'client/ is a package of its own: it imports nothing of the project.' }],
  ),
  boundary(
    ['cli/**/*.ts'],
    [only(['client', 'domain'], "The CLI speaks to the API through client/ only, in domain/'s words.")],
  ),
  boundary(['contract/**/*.ts'], [only(['domain'], 'contract/ builds on domain/ only.')]),
  boundary(['db/**/*.ts'], [only(['domain'], 'db/ holds SQL; it builds on domain/ only.')]),
  boundary(['db/migrations/**/*.ts'], [{ regex: '^\\.\\./', message: 'Migrations never import application code.' }]),
  boundary(
    ['activities/**/*.ts'],
    [
      only(
        ['domain', 'contract', 'db', 'telemetry', 'outbound'],
        'Activities use contract/, domain/, db/, telemetry/ and outbound/.',
      ),
    ],
  ),
  boundary(
    ['worker/**/*.ts'],
    [reach(['api', 'dev', 'scripts', 'dashboard'], 'The worker never imports the API or tooling.')],
  ),
  boundary(
    ['api/**/*.ts', 'api/**/*.tsx', 'dashboard/**/*.ts', 'dashboard/**/*.tsx'],
    [
      reach(
        ['activities', 'worker', 'dev', 'scripts', 'cli'],
        'The API never imports activities, the worker or tooling.',
      ),
      { ...reach(['workflows'], 'The API knows the workflow by type only (import type).'), allowTypeImports: true },
    ],
  ),
  boundary(['*.ts'], [only([], 'config, secrets and lifecycle import nothing of the project.')]),
  boundary(
    ['dev/**/*.ts'],
    [reach(['api', 'worker', 'activities', 'workflows', 'scripts'], 'dev/ is tooling under the runtime.')],
  ),
  {
    // Workflow code is replayed deterministically: no Node built-ins, no I/O modules.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            only(['domain', 'contract', 'activities'], 'Workflows do no I/O: call an activity.'),
            { group: ['node:*'], message: 'Workflows cannot use Node built-ins.' },
            {
              group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads'],
              message: 'Workflows cannot use Node built-ins.',
            },
            {
              group: ['pg', 'kysely', 'openai', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Workflows do no I/O: call an activity.',
            },
            {
              regex: '^\\.\\./activities/(?!options\\.js$)',
              message: 'Workflows import activity types (import type) and options only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
