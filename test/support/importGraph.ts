import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { listFiles, repoRoot } from './repo';

/**
 * The import graph of src/, as the compiler reads it: static, type-only, re-exported, dynamic
 * (`import()`) and `require()` imports all count, since each one ties two modules together for
 * whoever has to change them. Keys and values are repo-relative paths with forward slashes.
 */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listFiles('src', (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))) {
    const from = file.split('\\').join('/');
    const info = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    const targets = info.importedFiles.map((i) => resolveImport(from, i.fileName)).filter((t): t is string => t !== undefined);
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(repoRoot, dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(repoRoot, candidate).split('\\').join('/');
  }
  return undefined;
}

/** The graph's strongly connected components of more than one module (or a module importing itself): its cycles. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
