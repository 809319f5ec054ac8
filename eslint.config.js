// Flat config. Besides TypeScript's rules it keeps the process boundaries:
// renderer/ never reaches Node, Electron or main/; shared/ stays runtime-neutral; server/ stays out of the client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'stream',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'data', 'assets', 'docs', '.vigil-test', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'renderer/ runs in the sandbox: no Node modules.' },
            {
              group: ['electron', 'electron/*'],
              message: 'renderer/ talks to the main process only through the bridge.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/server/**'],
              message: 'renderer/ may import only renderer/ and shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'electron/*', 'react', 'react-dom', 'fastify', 'kysely'],
              message: 'shared/ must run anywhere: no runtime-specific imports.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**'],
              message: 'shared/ depends on nothing else in the repo.',
            },
          ],
        },
      ],
    },
  },
  {
    // Node-only helpers shared by the two Node processes (main and server): Node, but nothing else.
    files: ['shared/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'react', 'react-dom', 'fastify', 'kysely'],
              message: 'shared/node/ serves both Node processes: Node built-ins only.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**'],
              message: 'shared/ depends on nothing else in the repo.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'server/ never imports the client.' },
            { group: ['electron', 'electron/*'], message: 'server/ is not an Electron process.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**', '**/server/**'], message: 'preload/ may import only shared/.' },
          ],
        },
      ],
    },
  },
);
