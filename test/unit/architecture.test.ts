import { strict as assert } from 'node:assert';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { layerOf, layers, layerTableMarkdown } from '../../scripts/lib/layers.mjs';
import { importCycles, importGraph } from '../support/importGraph';
import { listFiles, repoRoot } from '../support/repo';

/**
 * The architecture's one rule that matters most: src/core and src/webview never import vscode.
 * These tests prove the lint rule catches a violation (so `npm run lint` fails on one), and
 * that the tree has none today.
 */
describe('architecture boundaries', function () {
  this.timeout(60_000);
  // The files linted here do not exist, so the type-aware rules (which need the project's program)
  // are off for them; the boundary rules under test need no types.
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });

  async function errorsFor(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
    return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
  }

  const restricted = /no-restricted-imports|aiguard\/layers/;

  it('fails lint when src/core or src/webview imports vscode, even for types', async () => {
    for (const file of ['src/core/x.ts', 'src/webview/x.ts', 'src/shared/x.ts', 'src/cli/x.ts']) {
      const value = await errorsFor(file, "import * as vscode from 'vscode';\nexport const x = vscode;\n");
      assert.ok(
        value.some((e) => restricted.test(e)),
        `${file}: ${value.join(', ')}`,
      );
      const typeOnly = await errorsFor(file, "import type { Uri } from 'vscode';\nexport type X = Uri;\n");
      assert.ok(
        typeOnly.some((e) => restricted.test(e)),
        `${file} (type import): ${typeOnly.join(', ')}`,
      );
      const required = await errorsFor(file, "export const x = require('vscode');\n");
      assert.ok(required.length > 0, `${file} (require): must be flagged`);
    }
  });

  it('fails lint when dependencies point the wrong way', async () => {
    assert.ok((await errorsFor('src/core/x.ts', "import { Container } from '../vscode/container';\nexport { Container };\n")).some((e) => restricted.test(e)));
    assert.ok((await errorsFor('src/webview/x.ts', "import { describeError } from '../core/errors';\nexport { describeError };\n")).some((e) => restricted.test(e)));
    assert.ok((await errorsFor('src/shared/x.ts', "import { describeError } from '../core/errors';\nexport { describeError };\n")).some((e) => restricted.test(e)));
  });

  it('fails lint for every import the layer table forbids, in every form', async () => {
    const forbidden: [string, string][] = [
      ['src/core/x.ts', "import { main } from '../cli/main';\nexport { main };\n"],
      ['src/core/policy/x.ts', "import type { Store } from '../../collector/store';\nexport type X = Store;\n"],
      ['src/core/x.ts', "export { textFiles } from '../node/textFiles';\n"],
      ['src/core/x.ts', "export const load = () => import('../node/git');\n"],
      ['src/node/x.ts', "export const x = require('../vscode/container');\n"],
      ['src/collector/x.ts', "import { x } from '../cli/io';\nexport { x };\n"],
      ['src/cli/x.ts', "import { y } from '../collector/server';\nexport { y };\n"],
      ['src/shared/x.ts', "export type X = import('../core/errors').ErrorLike;\n"],
      ['src/webview/x.ts', "export * from '../node/git';\n"],
      ['src/unlisted/x.ts', "import { z } from '../core/errors';\nexport { z };\n"],
    ];
    for (const [file, code] of forbidden) {
      const errors = await errorsFor(file, code);
      assert.ok(
        errors.some((e) => restricted.test(e)),
        `${file}: ${code.trim()} must be refused, got: ${errors.join(', ')}`,
      );
    }
    // What the table allows passes, and a subfolder named like a layer is not mistaken for it.
    assert.deepEqual(await errorsFor('src/cli/x.ts', "import { a } from '../node/git';\nimport { b } from '../core/errors';\nexport { a, b };\n"), []);
    assert.deepEqual(await errorsFor('src/vscode/ai/x.ts', "import { a } from '../../node/git';\nimport { b } from '../telemetry/x';\nexport { a, b };\n"), []);
  });

  it('fails lint when external JSON is cast instead of parsed with a schema', async () => {
    const cast = await errorsFor('src/core/x.ts', 'export const x = (JSON.parse(process.argv[2] ?? "") as { a: number }).a;\n');
    assert.ok(
      cast.some((e) => /no-restricted-syntax: Parse JSON with a zod schema/.test(e)),
      cast.join(', '),
    );
    const unknown = await errorsFor('src/core/x.ts', 'export const x = JSON.parse(process.argv[2] ?? "") as unknown;\n');
    assert.deepEqual(
      unknown.filter((e) => e.startsWith('no-restricted-syntax')),
      [],
    );
  });

  it('has a row in the layer table for every entry of src/, and ARCHITECTURE.md shows that table', () => {
    const unlisted = readdirSync(join(repoRoot, 'src')).filter((name) => !layers.some((layer) => layer.id === name));
    assert.deepEqual(unlisted, [], 'add a row to scripts/lib/layers.mjs, then run `npm run generate`');
    const architecture = readFileSync(join(repoRoot, 'ARCHITECTURE.md'), 'utf8');
    assert.ok(architecture.includes(layerTableMarkdown()), 'ARCHITECTURE.md is out of date: run `npm run generate`');
  });

  it('has no import that the layer table forbids today, resolving every import as the compiler does', () => {
    const offenders: string[] = [];
    for (const [from, targets] of importGraph()) {
      const layer = layerOf(from.slice('src/'.length));
      for (const target of targets) {
        if (!target.startsWith('src/')) continue;
        const to = layerOf(target.slice('src/'.length));
        if (!layer || !to || (to.id !== layer.id && !layer.mayImport.includes(to.id))) offenders.push(`${from} → ${target}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  // The cycles that were there when this test was written, each broken since by giving the modules
  // in it declared dependencies. The list may only shrink, and is empty: any cycle fails.
  const knownCycles: string[][] = [];

  it('has no import cycle in src/ but the known ones, counting type-only and dynamic imports', () => {
    const key = (cycle: string[]) => cycle.join(' ');
    const known = new Set(knownCycles.map(key));
    const cycles = importCycles(importGraph());
    assert.deepEqual(
      cycles.filter((cycle) => !known.has(key(cycle))),
      [],
      'a new import cycle: give the modules declared dependencies instead',
    );
    const gone = knownCycles.filter((cycle) => !cycles.some((c) => key(c) === key(cycle)));
    assert.deepEqual(gone, [], 'a known cycle is gone or changed: remove it from knownCycles');
  });

  it('has no cycle between the folders of src/core: each folder depends on others one way', () => {
    // A folder's modules may import each other; across folders, the graph of folders must be a
    // hierarchy. A module at the root of src/core (ports.ts, errors.ts…) counts as a folder of its own.
    const cycles = importCycles(folderGraph(importGraph(), 'src/core/'));
    assert.deepEqual(cycles, [], 'a cycle between folders of src/core: move the shared type or function to the folder both depend on');
  });

  it('finds a cycle between folders that modules without a cycle close', () => {
    const graph = new Map([
      ['src/core/a/one.ts', ['src/core/b/two.ts']],
      ['src/core/b/three.ts', ['src/core/a/four.ts']],
      ['src/core/b/two.ts', []],
      ['src/core/a/four.ts', []],
    ]);
    assert.deepEqual(importCycles(graph), []);
    assert.deepEqual(importCycles(folderGraph(graph, 'src/core/')), [['a', 'b']]);
  });

  it('finds a cycle that a type-only or a dynamic import closes', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(importCycles(graph), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(importCycles(new Map([['self.ts', ['self.ts']]])), [['self.ts']]);
  });

  it('keeps I/O out of src/core: of Node, only node:crypto and node:buffer, so the world comes through ports', () => {
    const allowed = new Set(['node:crypto', 'node:buffer']);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const offenders: string[] = [];
    for (const file of listFiles('src/core', (f) => f.endsWith('.ts'))) {
      const info = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
      for (const { fileName } of info.importedFiles) if (builtins.has(fileName) && !allowed.has(fileName)) offenders.push(`${file}: ${fileName}`);
    }
    assert.deepEqual(offenders, [], 'reach files, the network and processes through core/ports.ts');
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

/** The graph of folders under `root` (a module directly in `root` is a node of its own), from a module graph; a folder's edges to itself are left out. */
function folderGraph(graph: Map<string, string[]>, root: string): Map<string, string[]> {
  const folderOf = (file: string) => file.slice(root.length).split('/')[0] as string;
  const folders = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    if (!from.startsWith(root)) continue;
    const edges = folders.get(folderOf(from)) ?? new Set<string>();
    folders.set(folderOf(from), edges);
    for (const target of targets) if (target.startsWith(root) && folderOf(target) !== folderOf(from)) edges.add(folderOf(target));
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges].sort()]));
}
