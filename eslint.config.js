// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cloudact/', 'web/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through shared/config (getConfig).',
        },
      ],
    },
  },
  // Layers point one way (drawn in shared/README.md): contracts <- errors <- domain <- ports <- http, events.
  // A later block for the same files replaces an earlier one's no-restricted-imports, so each block lists all
  // of its folder's rules.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/**'], message: 'shared/ must not import functions/.' }] },
      ],
    },
  },
  {
    files: ['shared/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^node:',
              message: 'shared/contracts is browser-safe: zod and constants only.',
            },
            {
              regex: '^\\.\\./(?!time/)',
              message:
                'shared/contracts imports only zod, other contracts and the pure day arithmetic (time/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/errors/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^\\.\\./', message: 'shared/errors is a leaf: it imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    // Domain modules: transport-neutral (AppError, never a status), and never an adapter (ports' open.ts and
    // the AppContext choose adapters).
    files: [
      'shared/{auth,cloud,costs,csv,datasets,focus,genai,hierarchy,identity,integrations,json,money,orgs,procedures,saas,steps,time}/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/functions/**'], message: 'shared/ must not import functions/.' },
            {
              group: ['**/http/**', '**/events/**', '**/runtime/**'],
              message:
                'Domain code does not know its transport: throw an AppError (shared/errors); http/ and events/ map it.',
            },
            {
              group: [
                '**/ports/*/embedded/**',
                '**/ports/warehouse/bigquery.js',
                '**/ports/database/postgres.js',
                '**/ports/bus/{pubsub,in-process}.js',
                '**/ports/encryption/{cloud-kms,local-key}.js',
                '**/ports/secrets/secret-manager.js',
                '**/ports/scheduler/{cloud-scheduler,local-cron}.js',
              ],
              message:
                'Domain code uses ports through their interfaces (AppContext); adapters are opened elsewhere.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!registry\\.js$|__tests__/)[^.]',
              message: 'A function imports shared/ (and the registry), never another function.',
            },
          ],
        },
      ],
    },
  },
  // The web app (browser code): React hooks rules, and it imports of ours only what is browser-safe: the
  // contracts and the pure day arithmetic. Its build scripts, tests and e2e harness run in Node and are free.
  { files: ['web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(?!shared/(contracts|time)/)(shared|functions|scripts|bench)/',
              message:
                'web/ imports only shared/contracts/** and shared/time/** (browser-safe), never use cases.',
            },
            { regex: '^node:', message: 'web/src runs in the browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'shared/config/config.ts',
      'shared/testing/**/*.ts',
      'scripts/**/*.mjs',
      '**/*.test.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'web/scripts/**/*.ts',
      'web/e2e/**/*.ts',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
