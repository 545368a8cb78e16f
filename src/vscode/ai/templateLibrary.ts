import * as vscode from 'vscode';
import { normaliseLocale } from '../../core/locale';
import type { FileReader } from '../../core/ports';
import { loadTemplates, type TemplateLibrary, templateSources } from '../../core/templates';
import { DIAGNOSTIC_SOURCE, Settings } from '../../shared/ids';
import { getSetting } from '../platform/configuration';

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
 * The templates in force: the built-in library in the editor's language, overridden by the
 * organisation's (a `prompts` folder beside the organisation policy file), overridden by each
 * workspace folder's `.aiguard/prompts/**\/*.prompt.md`. An untrusted workspace supplies no
 * templates: a prompt it ships could instruct the model to leak what it is shown.
 */
export async function loadWorkspaceTemplates(): Promise<TemplateLibrary> {
  const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file') : [];
  const sources = templateSources({ port: workspaceFiles, workspaceRoots: folders.map((folder) => folder.uri.fsPath), organisationPolicy: getSetting(Settings.orgPolicy) });
  return loadTemplates({ builtIn: true, locale: normaliseLocale(vscode.env.language), sources });
}

/**
 * Shows template problems where people look for them: in the Problems panel, at their file and
 * line (a template with a broken front-matter is left out, and the others still load).
 */
export function publishTemplateProblems(collection: vscode.DiagnosticCollection, problems: TemplateLibrary['problems']): void {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const problem of problems) {
    const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
    const end = problem.endLine !== undefined ? new vscode.Position(Math.max(0, problem.endLine - 1), Math.max(0, (problem.endColumn ?? problem.column) - 1)) : start;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    const list = byFile.get(problem.file) ?? [];
    list.push(diagnostic);
    byFile.set(problem.file, list);
  }
  collection.clear();
  for (const [file, diagnostics] of byFile) collection.set(vscode.Uri.file(file), diagnostics);
}
