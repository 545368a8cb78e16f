// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { layerRule } from './scripts/lib/layerRule.mjs';
import { layers } from './scripts/lib/layers.mjs';
import { nullPrototypeRule } from './scripts/lib/nullPrototypeRule.mjs';

/**
 * The architecture's import boundaries, enforced (see ARCHITECTURE.md): both rules below are
 * generated from the layer table in scripts/lib/layers.mjs. `aiguard/layers` checks the imports
 * between folders of src/; `no-restricted-imports` keeps the `vscode` module in src/vscode
 * (src/extension.ts may import its types).
 */
const vscodeImport = {
  name: 'vscode',
  message: 'Only src/vscode/** may import the vscode module: keep this code editor-free (ARCHITECTURE.md).',
};
const layerFiles = (/** @type {string} */ id) => (id.endsWith('.ts') ? [`src/${id}`] : [`src/${id}/**`]);
const boundaries = layers.map((layer) => ({
  files: layerFiles(layer.id),
  ...(layer.id === 'webview' ? { languageOptions: { globals: { ...globals.browser } } } : {}),
  rules: {
    ...(layer.vscode === 'yes' ? {} : { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ ...vscodeImport, allowTypeImports: layer.vscode === 'types' }] }] }),
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // TypeScript checks names itself; no-undef only misreads types and DOM/Node globals.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    // Tests read package.json and JSON fixtures with require(), which tsx resolves like Node.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Type-aware rules where a forgotten or misplaced promise is a real bug: an unhandled
    // rejection in the extension host, or a check that passes because a promise is truthy.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // External JSON is checked, never cast: `parseJsonAs(text, Schema)` (src/core/json.ts).
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSAsExpression:not([typeAnnotation.type='TSUnknownKeyword']) > CallExpression.expression[callee.object.name=/^(JSON|jsonc)$/][callee.property.name='parse']",
          message: 'Parse JSON with a zod schema (parseJsonAs in src/core/json.ts) instead of casting what JSON.parse returns.',
        },
      ],
    },
  },
  { plugins: { aiguard: { rules: { layers: layerRule(import.meta.dirname), 'null-prototype-keys': nullPrototypeRule } } } },
  // The code that reads what clients send: keys a client chooses never reach a prototype.
  { files: ['src/collector/**/*.ts', 'src/core/telemetry/otlp.ts'], rules: { 'aiguard/null-prototype-keys': 'error' } },
  // On every file of src/, so that a folder without a row in the table is refused too.
  { files: ['src/**'], rules: { 'aiguard/layers': 'error' } },
  ...boundaries,
);
