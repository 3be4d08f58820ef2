// ESLint flat config. The layer rules below are DESIGN.md's boundaries: a wrong import fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A relative import that reaches into one of these layer folders. */
const layer = (...names) => ({
  regex: `(^|/)(${names.join('|')})(/|$)`,
  message: `This layer may not import from src/${names.join(', src/')} (see DESIGN.md, "Layers").`,
});
const packages = (names, why) => names.map((name) => ({ name, message: why }));
const noNode = packages(nodeBuiltins, 'No Node built-ins in this layer (DESIGN.md).');
const noElectron = packages(
  ['electron'],
  'Electron belongs in src/main/electron and src/preload only.',
);
const noUi = packages(
  ['react', 'react-dom', 'dexie', 'dexie-react-hooks'],
  'No UI or storage libraries in this layer.',
);

const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron, ...noUi],
        [layer('bridge', 'main', 'host', 'preload', 'renderer', 'cli')],
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'localStorage',
        'fetch',
        'performance',
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code takes `now` as a parameter; it never reads the clock.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code takes `now` as a parameter; it never reads the clock.',
        },
      ],
    },
  },
  {
    files: ['src/bridge/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron, ...noUi],
        [layer('main', 'host', 'preload', 'renderer', 'cli')],
      ),
    },
  },
  {
    files: ['src/main/services/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...noElectron, ...noUi],
        [layer('electron', 'host', 'preload', 'renderer', 'cli')],
      ),
    },
  },
  {
    files: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            name: 'electron',
            importNames: ['ipcMain'],
            message: 'Register IPC only through handle() in src/main/electron/ipc.ts.',
          },
          {
            name: 'electron',
            importNames: ['ipcRenderer'],
            message: 'ipcRenderer belongs in the preload.',
          },
          ...noUi,
        ],
        [layer('host', 'preload', 'renderer', 'cli')],
      ),
    },
  },
  {
    files: ['src/main/electron/ipc.ts'],
    rules: {
      'no-restricted-imports': restrict([...noUi], [layer('host', 'preload', 'renderer', 'cli')]),
    },
  },
  {
    files: ['src/host/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...noElectron, ...noUi],
        [layer('electron', 'preload', 'renderer', 'cli')],
      ),
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { name: 'zod', message: 'Keep the preload thin: import the channel names only.' },
          ...noNode,
          ...noUi,
        ],
        [layer('main', 'host', 'renderer', 'cli', 'domain')],
      ),
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron],
        [
          layer('main', 'host', 'preload', 'cli'),
          // The demo generator holds every demo text: bundled, it reaches the browser's cache on
          // disk (security.spec.ts found it there). The barrel re-exports it, so import modules.
          {
            regex: '(^|/)domain/dataset(/index|/demo[^/]*)?$',
            message:
              'The renderer imports dataset modules by name (validate, schema, text…), never the barrel or the demo generator: the demo texts would be bundled.',
          },
        ],
      ),
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...noElectron, ...noUi],
        [layer('electron', 'host', 'preload', 'renderer')],
      ),
    },
  },
  {
    files: ['tests/**', '*.config.ts', '*.config.js'],
    rules: { 'no-console': 'off' },
  },
);
