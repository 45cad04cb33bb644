import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import checkFile from 'eslint-plugin-check-file';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The SPA's import directions: app -> features -> shared (components, lib), each only downwards.
// A feature's public entry is its `api/` folder (query hooks and keys over the BFF contract);
// everything else in it is its own. `testing` is for tests only.
const webSrc = join(import.meta.dirname, 'apps/web/src');
const features = readdirSync(join(webSrc, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const layerZones = [
  {
    target: ['./components', './lib', './testing'],
    from: ['./features'],
    message: 'Shared code (components, lib, testing) must not depend on a feature.',
  },
  {
    target: ['./components', './lib', './features'],
    from: './app',
    message: 'Only the app shell composes routes and providers: import downwards, not from app.',
  },
  {
    target: './testing',
    from: './app',
    // The test renderers mount the real providers and route tree, as app.tsx does; nothing
    // else of app is theirs to use.
    except: ['./providers.tsx', './router.tsx'],
    message: 'Test helpers may use only the providers and route tree of app.',
  },
  ...features.map((feature) => ({
    target: `./features/${feature}`,
    from: './features',
    except: [
      `./${feature}`,
      ...features.filter((other) => other !== feature).map((other) => `./${other}/api`),
    ],
    message: "A feature may use another feature's api/ only; move shared UI to components.",
  })),
];
const testingZone = {
  target: ['./app', './components', './lib', './features'],
  from: './testing',
  message: 'Only tests (__tests__) may import @/testing.',
};
const restrictedPaths = (zones) => ['error', { basePath: webSrc, zones }];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/.data/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, 'check-file': checkFile },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: join(import.meta.dirname, 'apps/web/tsconfig.json'),
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([...layerZones, testingZone]),
      // What leaves its feature or top-level folder is imported as `@/…`, so that a file's imports
      // say which layer they come from; climbing two levels is the telltale of leaving.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./',
              message: 'Import from @/… instead of climbing two levels.',
            },
          ],
        },
      ],
      // `files` above scopes these; their own globs match the path from the working directory.
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': [
        'error',
        { '**/': 'KEBAB_CASE' },
        { ignoreWords: ['__tests__'] },
      ],
    },
  },
  {
    files: ['apps/web/src/**/__tests__/**/*.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': restrictedPaths(layerZones) },
  },
);
