import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root, for tests that read the manifest, sources or built files. */
export const repoRoot = join(__dirname, '..', '..');

export function readJson<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(repoRoot, relativePath), 'utf8')) as T;
}

/** Every file under `dir` (relative to the repo), recursively, as repo-relative paths. */
export function listFiles(dir: string, filter: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs)) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (filter(path)) out.push(relative(repoRoot, path));
    }
  };
  walk(join(repoRoot, dir));
  return out.sort();
}

/** The parts of package.json the tests look at. */
export interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string; type?: string }>>;
    configuration: { title: string; properties: Record<string, { default?: unknown; type: string }> };
    jsonValidation: Array<{ fileMatch: string; url: string }>;
    snippets?: Array<{ language: string; path: string }>;
    menus?: Record<string, Array<{ command: string }>>;
  };
}

export const manifest = (): Manifest => readJson<Manifest>('package.json');
