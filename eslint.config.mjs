// ESLint for the whole repository: typescript-eslint's type-checked recommended rules, the layer rules from
// docs/architecture.md, and eslint-config-prettier last (formatting is prettier's job: `npm run lint` runs both).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A module path naming the `vscode` API or the src/vscode adapter (a path segment, not `@vscode/...`). */
const VSCODE = '(^|/)vscode(/|$)';
/** A module path into src/cli. */
const CLI = '(^|/)cli(/|$)';

/**
 * The layers: `src/core` imports neither `vscode` nor the front ends; `src/cli` and `src/vscode` never import
 * each other. Static imports, `export … from`, `import()` and `require()` are all covered.
 */
function layerRule(banned, why) {
  const message = `${why} (docs/architecture.md, "Layers").`;
  const literal = `/${banned.map((b) => b.replaceAll('/', '\\/')).join('|')}/`;
  return {
    'no-restricted-imports': ['error', { patterns: banned.map((regex) => ({ regex, message })) }],
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression > Literal[value=${literal}]`, message },
      { selector: `CallExpression[callee.name='require'] > Literal[value=${literal}]`, message },
    ],
  };
}

const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'performance',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'fetch',
    'AbortController',
    'require',
    'module',
    '__dirname',
  ].map((g) => [g, 'readonly']),
);

export const layers = {
  'src/core': layerRule([VSCODE, CLI], 'src/core must stay free of VS Code and of the CLI'),
  'src/cli': layerRule([VSCODE], 'the CLI must not depend on VS Code or the extension'),
  'src/vscode': layerRule([CLI], 'the extension must not depend on the CLI'),
};

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'out/**',
      '.cache/**',
      'node_modules/**',
      // Inputs the analyzer and the e2e workspace read: deliberately insecure or not part of the build.
      'test/fixtures/**',
      'test/e2e/fixtures/**',
      'examples/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Lazy require() of parsers and grammars keeps start-up fast (src/core/analysis/languages); imports
      // remain the rule everywhere else through code review, so only the ES-module check is relaxed.
      '@typescript-eslint/no-require-imports': 'off',
      // Async methods that implement a Promise-returning interface synchronously (keyrings, fakes) are fine.
      '@typescript-eslint/require-await': 'off',
      // Template literals of numbers and error objects are how messages are built here.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Fire-and-forget promises must be marked with `void`; event handlers returning promises are fine.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
    },
  },
  {
    // Plain-JS scripts (tools/*.mjs, the mocha reporter): no type information, Node's globals.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: NODE_GLOBALS },
  },
  { files: ['src/core/**/*.ts'], rules: layers['src/core'] },
  { files: ['src/cli/**/*.ts'], rules: layers['src/cli'] },
  { files: ['src/vscode/**/*.ts'], rules: layers['src/vscode'] },
  prettier,
);
