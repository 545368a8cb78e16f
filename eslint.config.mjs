// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The architecture's import boundaries, enforced (see ARCHITECTURE.md):
 * only src/vscode/** may import `vscode` (src/extension.ts may import its types), and the
 * dependencies between folders point one way: webview → shared ← core ← vscode ← extension.ts.
 */
const vscodeImport = {
  name: 'vscode',
  message: 'Only src/vscode/** may import the vscode module: keep this code editor-free (ARCHITECTURE.md).',
};
const folder = (name, why) => ({
  group: [`**/${name}`, `**/${name}/**`, `!**/node_modules/**`],
  message: `Do not import from src/${name} here: ${why}`,
});

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
    files: ['src/core/**', 'src/shared/**', 'src/cli/**', 'src/node/**', 'src/collector/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeImport],
        patterns: [
          folder('vscode', 'that folder is the editor adapter.'),
          folder('webview', 'that code runs in a browser sandbox.'),
        ],
      }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeImport],
        patterns: [
          folder('core', 'shared/ is imported by the webview, which must not bundle the core.'),
          folder('vscode', 'that folder is the editor adapter.'),
          folder('cli', 'the CLI depends on shared, not the other way round.'),
        ],
      }],
    },
  },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeImport],
        patterns: [
          folder('core', 'the webview is untrusted and sees only shared/ (ids and messages).'),
          folder('vscode', 'the webview talks to the host through postMessage only.'),
          folder('cli', 'the webview sees only shared/.'),
        ],
      }],
    },
  },
  {
    files: ['src/extension.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ ...vscodeImport, allowTypeImports: true }],
      }],
    },
  },
);
