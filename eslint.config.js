// Flat config. Besides TypeScript's rules it keeps the process boundaries:
// renderer/ never reaches Node, Electron or main/; shared/ stays runtime-neutral; server/ stays out of the client;
// main/ reaches neither the renderer nor the service's code, and only its composition root and transports use main/ipc/;
// raw ipcMain/ipcRenderer appear in the one main wrapper and the preload transport.
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

/** main/ is one process: it talks to the renderer over the bridge and to the service over HTTP, never by import. */
const mainBoundaries = {
  group: ['**/renderer/**', '**/preload/**', '**/server/**'],
  message: 'main/ may import only main/ and shared/: the renderer is reached over the bridge, the service over HTTP.',
};
/** main/ipc/ is the transport: only the composition root (main/app/, main/index.ts) and the preview's bridge use it. */
const mainIpcLayer = {
  group: ['**/ipc/*', '!**/shared/ipc/*'],
  message:
    'Only main/app/, main/index.ts and main/preview/ use the transport (main/ipc/); the app-wide error and ports live in main/core/.',
};
const rawIpcImport = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'Raw IPC only in main/ipc/ipc-main-wrapper.ts and the preload transport (preload/index.ts, ipc-transport.ts).',
};
const rawIpcAccess = {
  selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]',
  message:
    'Raw IPC only in main/ipc/ipc-main-wrapper.ts and the preload transport (preload/index.ts, ipc-transport.ts).',
};
/** Plain-Node tools: no Electron, and the renderer is built or served, never imported. */
const nodeToolBoundaries = [
  { group: ['electron', 'electron/*'], message: 'bench/ and scripts/ run in plain Node, not Electron.' },
  {
    group: ['**/renderer/**', '**/preload/**'],
    message: 'The renderer and preload run in Chromium: build or serve them.',
  },
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
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [rawIpcImport], patterns: [mainBoundaries, mainIpcLayer] }],
      'no-restricted-syntax': ['error', rawIpcAccess],
    },
  },
  {
    // The composition root and the transports may use main/ipc/.
    files: ['main/app/**', 'main/ipc/**', 'main/preview/**', 'main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [rawIpcImport], patterns: [mainBoundaries] }],
    },
  },
  {
    // The one user of ipcMain.
    files: ['main/ipc/ipc-main-wrapper.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [mainBoundaries] }],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['preload/**'],
    ignores: ['preload/index.ts', 'preload/ipc-transport.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [rawIpcImport],
          patterns: [
            { group: ['**/main/**', '**/renderer/**', '**/server/**'], message: 'preload/ may import only shared/.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', rawIpcAccess],
    },
  },
  {
    files: ['bench/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeToolBoundaries }],
    },
  },
  {
    // Build and launch helpers: Node and packages only; the app's code is loaded (tsx, electron-vite), not imported.
    files: ['scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeToolBoundaries,
            {
              group: ['**/main/**', '**/server/**', '**/shared/**', '**/test/**'],
              message: 'scripts/ load the app (tsx, electron-vite) rather than import it.',
            },
          ],
        },
      ],
    },
  },
);
