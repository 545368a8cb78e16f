import * as vscode from 'vscode';
import type { TemplateContext } from '../../core/templates';

/**
 * What a template can draw from the active editor: the selection (or the whole file when nothing
 * is selected), the file itself with its workspace-relative path and language, and its
 * diagnostics as text. What needs more work (git, a folder listing, the person's notes) is
 * gathered by `gatherTemplateInputs`, only for the templates that declare it.
 */
export function gatherContext(editor: vscode.TextEditor): TemplateContext {
  const document = editor.document;
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  const content = document.getText();
  const selection = selections.length === 0 ? content : selections.map((range) => document.getText(range)).join('\n');
  const diagnostics = vscode.languages
    .getDiagnostics(document.uri)
    .map(
      (diagnostic) =>
        `${document.uri.scheme === 'file' ? vscode.workspace.asRelativePath(document.uri) : document.uri.path}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${severityName(diagnostic.severity)}: ${diagnostic.message}${diagnostic.source ? ` (${diagnostic.source})` : ''}`,
    )
    .join('\n');
  return {
    selection,
    file: { path: vscode.workspace.asRelativePath(document.uri, false), content, languageId: document.languageId },
    language: document.languageId,
    ...(diagnostics ? { diagnostics } : {}),
  };
}

function severityName(severity: vscode.DiagnosticSeverity): string {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}
