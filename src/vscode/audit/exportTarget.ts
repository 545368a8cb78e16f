import * as path from 'node:path';
import { localMonth } from './auditModel';

/** The export's default file name: `ai-guard-audit-YYYY-MM.csv` (or `.json`), the month local. */
export function exportFileName(format: 'csv' | 'json', now: Date): string {
  return `ai-guard-audit-${localMonth(now)}.${format}`;
}

/** Whether `child` is `parent` or lies under it. */
function isInside(child: string, parent: string, paths: path.PlatformPath): boolean {
  const relative = paths.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !paths.isAbsolute(relative));
}

/**
 * Where the export's save dialog opens: the first of `candidates` (the home folder, then global
 * storage's parent, then the temporary folder) that is not inside a workspace folder. An audit
 * export covers every client, so it must not land in one client's folder, where it could be
 * committed or shared with that client by accident. Undefined when every candidate is inside one.
 */
export function exportFolder(candidates: ReadonlyArray<string | undefined>, workspaceFolders: readonly string[], paths: path.PlatformPath = path): string | undefined {
  return candidates.find(
    (candidate): candidate is string => candidate !== undefined && candidate !== '' && paths.isAbsolute(candidate) && !workspaceFolders.some((folder) => isInside(candidate, folder, paths)),
  );
}
