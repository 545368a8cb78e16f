import { homedir, tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { Verification } from '../../core/audit';
import { describeError } from '../../core/errors';
import { AuditFilterSchema } from '../../shared/auditMessages';
import { Commands } from '../../shared/ids';
import { AuditPanel, type AuditViewSnapshot } from '../audit/auditPanel';
import { exportFileName, exportFolder } from '../audit/exportTarget';
import type { Container } from '../container';
import type { CommandModule } from './types';

async function auditLogOf(container: Container) {
  const ai = await container.ai();
  if (!ai.audit) throw new Error(vscode.l10n.t('This editor gives AI Guard no storage folder, so there is no audit log here.'));
  return ai.audit;
}

/** "AI Guard: Verify Audit Log": the chain intact, or the first broken link. Returns the verification (for tests). */
export const verifyAuditLog: CommandModule = {
  id: Commands.verifyAuditLog,
  run: async (container): Promise<Verification> => {
    const verification = await (await auditLogOf(container)).verify();
    if (verification.ok) void vscode.window.showInformationMessage(vscode.l10n.t('AI Guard: the audit log holds {0} record(s) and its chain is intact.', verification.records));
    else void vscode.window.showErrorMessage(vscode.l10n.t('AI Guard: the audit log is broken at line {0}: {1}.', verification.broken?.line ?? 0, verification.broken?.reason ?? ''));
    return verification;
  },
};

/** One audit view per window (per container), reused by every "Show Audit Log". */
const panels = new WeakMap<Container, AuditPanel>();

/**
 * "AI Guard: Show Audit Log": the read-only audit view, with local times and filters, opened once
 * and revealed afterwards. An optional filter (outcome, provider, template, month) replaces the
 * view's; it returns what the view shows (for the tests).
 */
export const showAuditLog: CommandModule = {
  id: Commands.showAuditLog,
  run: async (container, filter?: unknown): Promise<AuditViewSnapshot> => {
    await auditLogOf(container);
    let panel = panels.get(container);
    if (!panel) {
      panel = new AuditPanel(
        container.context.extensionUri,
        () => auditLogOf(container),
        container.logger,
        () => container.classification().levels(),
      );
      panels.set(container, panel);
      container.context.subscriptions.push(panel);
    }
    const parsed = filter === undefined ? undefined : AuditFilterSchema.safeParse(filter);
    if (parsed !== undefined && !parsed.success) throw new Error(vscode.l10n.t('This is not an audit view filter.'));
    return panel.show(parsed?.data);
  },
};

/**
 * The save dialog's suggestion: `ai-guard-audit-YYYY-MM.<format>` in a folder outside every
 * workspace folder (the home folder first; see `exportFolder`), or just the name without one.
 */
function defaultExportUri(container: Container, format: 'csv' | 'json'): vscode.Uri | undefined {
  const storage = container.context.globalStorageUri as vscode.Uri | undefined;
  const local = (uri: vscode.Uri) => (uri.scheme === 'file' ? uri.fsPath : undefined);
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => local(folder.uri)).filter((folder): folder is string => folder !== undefined);
  const folder = exportFolder([homedir(), storage ? local(vscode.Uri.joinPath(storage, '..')) : undefined, tmpdir()], folders);
  return folder === undefined ? undefined : vscode.Uri.joinPath(vscode.Uri.file(folder), exportFileName(format, new Date()));
}

/** "AI Guard: Export Audit Log": every record as CSV or JSON, for a client's audit. */
export const exportAuditLog: CommandModule = {
  id: Commands.exportAuditLog,
  run: async (container, target?: unknown) => {
    const log = await auditLogOf(container);
    const format =
      target instanceof vscode.Uri ? (target.path.endsWith('.json') ? 'json' : 'csv') : await vscode.window.showQuickPick(['csv', 'json'], { title: vscode.l10n.t('Export the audit log as') });
    if (!format) return undefined;
    const uri =
      target instanceof vscode.Uri
        ? target
        : await showSaveDialogAt(defaultExportUri(container, format === 'json' ? 'json' : 'csv'), {
            filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
            saveLabel: vscode.l10n.t('Export'),
            title: vscode.l10n.t('Export the audit log'),
          });
    if (!uri) return undefined;
    const { auditCsv } = await import('../../core/audit');
    const records = await log.records();
    const verification = await log.verify();
    if (!verification.ok) void vscode.window.showWarningMessage(vscode.l10n.t('AI Guard: the audit log is broken at line {0}; the export may not be trustworthy.', verification.broken?.line ?? 0));
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(format === 'csv' ? auditCsv(records) : `${JSON.stringify({ records }, null, 2)}\n`));
    } catch (error) {
      throw new Error(vscode.l10n.t('The export could not be written: {0}', describeError(error)), { cause: error });
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('AI Guard: {0} record(s) exported to {1}.', records.length, vscode.workspace.asRelativePath(uri)));
    return records.length;
  },
};

/** The save dialog, opened at `defaultUri` when there is one. */
function showSaveDialogAt(defaultUri: vscode.Uri | undefined, options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({ ...options, ...(defaultUri !== undefined ? { defaultUri } : {}) });
}
