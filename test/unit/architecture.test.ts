import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { listFiles, repoRoot } from '../support/repo';

/**
 * The architecture's one rule that matters most: src/core and src/webview never import vscode.
 * These tests prove the lint rule catches a violation (so `npm run lint` fails on one), and
 * that the tree has none today.
 */
describe('architecture boundaries', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: repoRoot });

  async function errorsFor(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
    return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
  }

  const restricted = /no-restricted-imports/;

  it('fails lint when src/core or src/webview imports vscode, even for types', async () => {
    for (const file of ['src/core/x.ts', 'src/webview/x.ts', 'src/shared/x.ts', 'src/cli/x.ts']) {
      const value = await errorsFor(file, "import * as vscode from 'vscode';\nexport const x = vscode;\n");
      assert.ok(value.some((e) => restricted.test(e)), `${file}: ${value.join(', ')}`);
      const typeOnly = await errorsFor(file, "import type { Uri } from 'vscode';\nexport type X = Uri;\n");
      assert.ok(typeOnly.some((e) => restricted.test(e)), `${file} (type import): ${typeOnly.join(', ')}`);
      const required = await errorsFor(file, "export const x = require('vscode');\n");
      assert.ok(required.length > 0, `${file} (require): must be flagged`);
    }
  });

  it('fails lint when dependencies point the wrong way', async () => {
    assert.ok((await errorsFor('src/core/x.ts', "import { Container } from '../vscode/container';\nexport { Container };\n")).some((e) => restricted.test(e)));
    assert.ok((await errorsFor('src/webview/x.ts', "import { describeError } from '../core/errors';\nexport { describeError };\n")).some((e) => restricted.test(e)));
    assert.ok((await errorsFor('src/shared/x.ts', "import { describeError } from '../core/errors';\nexport { describeError };\n")).some((e) => restricted.test(e)));
  });

  it('allows vscode in src/vscode, and only type imports in src/extension.ts', async () => {
    assert.deepEqual(await errorsFor('src/vscode/x.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"), []);
    assert.deepEqual(await errorsFor('src/extension.ts', "import type * as vscode from 'vscode';\nexport type X = vscode.Uri;\n"), []);
    assert.ok((await errorsFor('src/extension.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).some((e) => restricted.test(e)));
  });

  it('has no vscode import outside src/vscode today', () => {
    const offenders = listFiles('src', (f) => f.endsWith('.ts'))
      .filter((f) => !f.startsWith(join('src', 'vscode')))
      .filter((f) => /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(readFileSync(join(repoRoot, f), 'utf8').replace(/^import type .*$/gm, '')));
    assert.deepEqual(offenders, []);
  });
});
