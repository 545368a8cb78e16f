import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { leavesWorkspaceMessage, normalisePath, SourcePathResolver } from '../../core/classification';
import type { PipelineSource } from '../../core/pipeline';

/**
 * The sources of an AI call with what their paths really are: each file also under the path
 * its links lead to, so the pipeline classifies both and the strictest decides, and a file
 * whose link leaves every workspace folder refused. Folders (the repository for a diff, a
 * listed folder) and documents that are not files on disk are kept as they are.
 */
export async function withRealPaths(sources: readonly PipelineSource[]): Promise<PipelineSource[]> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => normalisePath(folder.uri.fsPath));
  const resolver = new SourcePathResolver(async (path) => normalisePath(await realpath(path)), roots);
  const resolved: PipelineSource[] = [];
  for (const source of sources) {
    if (source.folder === true || !isFilePath(source.path)) {
      resolved.push(source);
      continue;
    }
    const { paths, leavesWorkspace } = await resolver.resolve(source.path);
    resolved.push(leavesWorkspace ? { ...source, refusal: leavesWorkspaceMessage(vscode.workspace.asRelativePath(source.path)) } : source);
    // The first path is the source's own; the others are where its links lead, with the same content.
    for (const path of paths.slice(1)) resolved.push({ path, ...(source.content ? { content: source.content } : {}) });
  }
  return resolved;
}

/** Whether a source's path is on the local disk (absolute), not an untitled document's name. */
function isFilePath(path: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/])/.test(path);
}
