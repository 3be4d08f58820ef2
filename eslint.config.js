// ESLint flat config. The layer rules below are DESIGN.md's boundaries: a wrong import fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * DESIGN.md's arrows, as one table: each layer of ours, the folder name an import path reaches it
 * by, its files, and the layers it may import. An import of any other layer of ours fails the lint
 * (an allow-list: a new layer is refused everywhere until an arrow to it is written here). Inside
 * the renderer the same holds between app, db and features: features read data through the app's
 * hooks and the repositories, never the database or Dexie itself.
 */
const ARROWS = [
  { layer: 'domain', files: ['src/domain/**'], may: [] },
  // The bridge's sync channels carry the sync contract's own messages (push, pull).
  { layer: 'bridge', files: ['src/bridge/**'], may: ['sync', 'domain'] },
  { layer: 'sync', files: ['src/sync/**'], may: ['domain'] },
  { layer: 'services', files: ['src/main/services/**'], may: ['bridge', 'sync', 'domain'] },
  {
    layer: 'electron',
    files: ['src/main/electron/**'],
    may: ['services', 'bridge', 'sync', 'domain'],
  },
  { layer: 'host', files: ['src/host/**'], may: ['services', 'bridge', 'sync', 'domain'] },
  { layer: 'preload', files: ['src/preload/**'], may: ['bridge'] },
  { layer: 'server', files: ['src/server/**'], may: ['sync', 'domain'] },
  { layer: 'cli', files: ['src/cli/**'], may: ['services', 'server', 'bridge', 'sync', 'domain'] },
  // The renderer: its own folders first (app composes features; db is below both).
  {
    layer: 'app',
    files: [
      'src/renderer/app/**',
      'src/renderer/*.ts',
      'src/renderer/*.tsx',
      'src/renderer/i18n/**',
    ],
    may: ['features', 'db', 'bridge', 'sync', 'domain'],
  },
  {
    layer: 'features',
    files: ['src/renderer/features/**'],
    may: ['app', 'db', 'bridge', 'sync', 'domain'],
  },
  { layer: 'db', files: ['src/renderer/db/**'], may: ['bridge', 'sync', 'domain'] },
];
const LAYER_NAMES = ARROWS.map((a) => a.layer);
/** Layers that are folders of the renderer: only the renderer's own files reach them. */
const RENDERER_PARTS = ['app', 'features', 'db'];

/** A relative import that reaches into one of these layer folders. */
const layer = (...names) => ({
  // A folder of that name on the way (`../db/x`, `../../domain/y`); a file named alike is not.
  regex: `^\\.\\.?/(.*/)?(${names.join('|')})/`,
  message: `This layer may not import from ${names.join(', ')} (see DESIGN.md, "Layers", and ARROWS in eslint.config.js).`,
});
/** The layers of ours `name` may not import. */
const refused = (name) => {
  const arrow = ARROWS.find((a) => a.layer === name);
  const inRenderer = RENDERER_PARTS.includes(name);
  return LAYER_NAMES.filter(
    (other) =>
      other !== name &&
      !arrow.may.includes(other) &&
      // Outside the renderer its folders are refused as the renderer (below).
      (inRenderer || !RENDERER_PARTS.includes(other)),
  ).concat(inRenderer ? [] : ['renderer']);
};
const filesOf = (name) => ARROWS.find((a) => a.layer === name).files;
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
const noDexie = packages(
  ['dexie', 'dexie-react-hooks'],
  'Features read through app/data.ts (useData) and the repositories, never Dexie (DESIGN.md, "The renderer\'s data layer").',
);
/** The renderer's extra refusals, for each of its folders. */
const rendererPatterns = [
  // The demo generator holds every demo text: bundled, it reaches the browser's cache on
  // disk (security.spec.ts found it there). The barrel re-exports it, so import modules.
  {
    regex: '(^|/)domain/dataset(/index|/demo[^/]*)?$',
    message:
      'The renderer imports dataset modules by name (validate, schema, text…), never the barrel or the demo generator: the demo texts would be bundled.',
  },
];

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
    files: filesOf('domain'),
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron, ...noUi],
        [layer(...refused('domain'))],
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
  ...['bridge', 'sync'].map((name) => ({
    files: filesOf(name),
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron, ...noUi],
        [layer(...refused(name))],
      ),
    },
  })),
  ...['services', 'host', 'server', 'cli'].map((name) => ({
    files: filesOf(name),
    rules: {
      'no-restricted-imports': restrict([...noElectron, ...noUi], [layer(...refused(name))]),
    },
  })),
  {
    files: filesOf('electron'),
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
        [layer(...refused('electron'))],
      ),
    },
  },
  {
    files: ['src/main/electron/ipc.ts'],
    rules: {
      'no-restricted-imports': restrict([...noUi], [layer(...refused('electron'))]),
    },
  },
  {
    files: filesOf('preload'),
    rules: {
      'no-restricted-imports': restrict(
        [
          { name: 'zod', message: 'Keep the preload thin: import the channel names only.' },
          ...noNode,
          ...noUi,
        ],
        [layer(...refused('preload'))],
      ),
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...['app', 'db'].map((name) => ({
    files: filesOf(name),
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron],
        [layer(...refused(name)), ...rendererPatterns],
      ),
    },
  })),
  {
    files: filesOf('features'),
    rules: {
      'no-restricted-imports': restrict(
        [...noNode, ...noElectron, ...noDexie],
        [
          layer(...refused('features')),
          {
            regex: '(^|/)app/connection$',
            message:
              'The connection holds the database: features use useWorkstationDb() (DESIGN.md, "The renderer\'s data layer").',
          },
          {
            regex: '(^|/)db/database$',
            message:
              'Features never hold the database: read through useData over a repository from useWorkstationDb() (DESIGN.md, "The renderer\'s data layer").',
          },
          ...rendererPatterns,
        ],
      ),
    },
  },
  {
    files: ['tests/**', '*.config.ts', '*.config.js'],
    rules: { 'no-console': 'off' },
  },
);
