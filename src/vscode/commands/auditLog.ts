import * as vscode from 'vscode';
import type { Verification } from '../../core/audit';
import { describeError } from '../../core/errors';
import { Commands } from '../../shared/ids';
import type { Container } from '../container';
import type { CommandModule } from './types';

/** The newest records the readable table shows; the export has them all. */
const SHOWN = 500;

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

/** "AI Guard: Show Audit Log": the newest records as a readable Markdown table, in a new untitled document. */
export const showAuditLog: CommandModule = {
  id: Commands.showAuditLog,
  run: async (container) => {
    const log = await auditLogOf(container);
    const [records, verification] = await Promise.all([log.records(), log.verify()]);
    const calls = records.filter((record) => record.type === 'call').slice(-SHOWN).reverse();
    const cell = (value: unknown) => String(value ?? '').replace(/\|/g, '\\|');
    const rows = calls.map((record) => {
      const template = (record.template ?? {}) as { id?: string };
      const provider = (record.provider ?? {}) as { id?: string; model?: string };
      const tokens = (record.tokens ?? {}) as { input?: number; output?: number };
      const cost = (record.cost ?? {}) as { amount?: number; currency?: string };
      const redactions = Object.entries((record.redactions ?? {}) as Record<string, number>).map(([kind, count]) => `${kind} ×${count}`).join(', ');
      return `| ${cell(record.time)} | ${cell(template.id)} | ${cell(provider.id)} ${cell(provider.model)} | ${cell((record.levels as string[] | undefined)?.join(', '))} | ${cell(record.outcome)}${record.detail ? ` (${cell(record.detail)})` : ''} | ${cell(redactions)} | ${tokens.input ?? ''} / ${tokens.output ?? ''} | ${cost.amount !== undefined ? `${cost.amount.toFixed(4)} ${cell(cost.currency)}` : ''} |`;
    });
    const status = verification.ok
      ? vscode.l10n.t('The chain is intact ({0} records).', verification.records)
      : vscode.l10n.t('The chain is broken at line {0}: {1}.', verification.broken?.line ?? 0, verification.broken?.reason ?? '');
    const text = [
      `# ${vscode.l10n.t('AI Guard audit log')}`,
      '',
      status,
      '',
      `| ${[vscode.l10n.t('Time'), vscode.l10n.t('Template'), vscode.l10n.t('Provider'), vscode.l10n.t('Level'), vscode.l10n.t('Outcome'), vscode.l10n.t('Masked'), vscode.l10n.t('Tokens in / out'), vscode.l10n.t('Cost')].join(' | ')} |`,
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    await vscode.window.showTextDocument(document, { preview: true });
  },
};

/** "AI Guard: Export Audit Log": every record as CSV or JSON, for a client's audit. */
export const exportAuditLog: CommandModule = {
  id: Commands.exportAuditLog,
  run: async (container, target?: unknown) => {
    const log = await auditLogOf(container);
    const format = target instanceof vscode.Uri ? (target.path.endsWith('.json') ? 'json' : 'csv') : (await vscode.window.showQuickPick(['csv', 'json'], { title: vscode.l10n.t('Export the audit log as') }));
    if (!format) return undefined;
    const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export') });
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
