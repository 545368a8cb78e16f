import * as vscode from 'vscode';
import { normaliseLocale } from '../../core/locale';
import type { FileReader } from '../../core/ports';
import { loadTemplates, PROMPTS_FOLDER, type TemplateLibrary, type TemplateSource } from '../../core/templates';

/** The workspace file system as the template loader's port. */
const workspaceFiles: FileReader = {
  readFile: async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)),
  readDirectory: async (path) =>
    (await vscode.workspace.fs.readDirectory(vscode.Uri.file(path))).map(([name, type]) => ({
      name,
      kind: type & vscode.FileType.Directory ? ('directory' as const) : type & vscode.FileType.File ? ('file' as const) : ('other' as const),
    })),
};

/**
 * The templates in force: the built-in library in the editor's language, overridden by each
 * workspace folder's `.aiguard/prompts/**\/*.prompt.md`. An untrusted workspace supplies no
 * templates: a prompt it ships could instruct the model to leak what it is shown.
 */
export async function loadWorkspaceTemplates(): Promise<TemplateLibrary> {
  const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file') : [];
  const sources: TemplateSource[] = folders.map((folder) => ({ root: vscode.Uri.joinPath(folder.uri, PROMPTS_FOLDER).fsPath, port: workspaceFiles, origin: 'workspace' }));
  return loadTemplates({ builtIn: true, locale: normaliseLocale(vscode.env.language), sources });
}
