import * as l10n from '@vscode/l10n';
import { type FileChange, normalisePath, PolicyFileLoader, PolicyStore } from '../core/classification';
import type { Locale } from '../core/locale';
import { formatProblem, isUrlLocation, loadOrganisationPolicy, type Problem, sortProblems } from '../core/policy';
import type { CliIo } from './io';

/** Options shared by `classify` and `policy check`. */
export interface PolicyFlags {
  /** The organisation policy: a file path or an https URL. */
  org: string | undefined;
  locale: Locale;
}

/** A path from the command line, absolute and canonical. */
export function absolutePath(io: CliIo, path: string): string {
  const canonical = normalisePath(path);
  return /^(?:\/|[A-Za-z]:\/)/.test(canonical) ? canonical : normalisePath(`${io.cwd}/${canonical}`);
}

/** Paths as people in this terminal expect them: relative to the current folder when inside it. */
export function displayPath(io: CliIo): (path: string) => string {
  const cwd = normalisePath(io.cwd);
  return (path) => (path === cwd ? '.' : path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path);
}

export function policyFileLoader(io: CliIo): PolicyFileLoader {
  return new PolicyFileLoader({ readFile: io.readFile, readDirectory: io.readDirectory ?? (() => Promise.resolve([])) });
}

/** Where `--org` points: a URL as given, or a path made absolute from the current folder. */
export function organisationLocation(io: CliIo, org: string): string {
  return isUrlLocation(org) ? org : absolutePath(io, org);
}

/**
 * A store over the given workspace folders and files, with the organisation policy when one
 * is named. `--org` takes a path (relative to the current folder) or an https URL.
 */
export async function openStore(io: CliIo, flags: PolicyFlags, roots: readonly string[], files: readonly FileChange[]): Promise<PolicyStore> {
  const store = new PolicyStore({ locale: flags.locale, displayPath: displayPath(io) });
  store.setRoots(roots);
  if (flags.org !== undefined) {
    store.setOrganisationPolicy(
      await loadOrganisationPolicy(organisationLocation(io, flags.org), { readFile: io.readFile, ...(io.http ? { http: io.http } : {}), ...(io.cache ? { cache: io.cache } : {}) }),
    );
  }
  store.apply(unique(files));
  return store;
}

/**
 * A store over the policies that govern `paths` (absolute): each one's workspace folder (the
 * nearest folder up holding `.aiguard/` or `.git`, else the current folder) and every policy
 * and AI ignore file from there down to it, with the organisation policy of `--org`.
 */
export async function openStoreFor(io: CliIo, flags: PolicyFlags, paths: readonly string[]): Promise<PolicyStore> {
  const loader = policyFileLoader(io);
  const cwd = absolutePath(io, '.');
  const roots = new Set<string>();
  const changes: FileChange[] = [];
  for (const path of paths) {
    const folder = path.slice(0, path.lastIndexOf('/')) || '/';
    const root = await loader.findRoot(folder, cwd);
    roots.add(root);
    changes.push(...(await loader.along(root, folder)));
  }
  return openStore(io, flags, [...roots], changes);
}

/** Every problem of the store, sorted, with paths shown relative to the current folder. */
export function storeProblems(io: CliIo, store: PolicyStore): Problem[] {
  const show = displayPath(io);
  return sortProblems([...store.problems().values()].flat().map((problem) => ({ ...problem, file: show(problem.file) })));
}

export function printProblems(problems: readonly Problem[], write: (text: string) => void): void {
  for (const problem of problems) write(`${formatProblem(problem)}\n`);
}

/** A summary line: how many errors and warnings. */
export function problemCounts(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return l10n.t('{0} error(s), {1} warning(s)', errors, problems.length - errors);
}

function unique(files: readonly FileChange[]): FileChange[] {
  return [...new Map(files.map((file) => [file.path, file])).values()];
}
