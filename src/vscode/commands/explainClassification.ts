import * as vscode from 'vscode';
import type { Reason } from '../../core/classification';
import { categoryLabel } from '../../core/redaction/labels';
import { Commands } from '../../shared/ids';
import { aiUseSummary, leftOutReasons, levelAndClient, redactionSummary } from '../classification/describe';
import type { CommandModule } from './types';

interface ReasonItem extends vscode.QuickPickItem {
  reason?: Reason;
}

/**
 * "AI Guard: Explain Classification": why a file (the active one, or the one picked in the
 * explorer) has its level, as a list people can read with the keyboard or a screen reader.
 * Picking a reason that comes from a file (a policy rule, an ignore file) opens it at its line.
 */
export const explainClassification: CommandModule = {
  id: Commands.explainClassification,
  run: async (container, target?: unknown) => {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file (or pick one in the explorer) to see how it is classified.'));
      return;
    }
    const service = container.classification();
    await service.whenReady();
    const classification = service.classify(uri);
    if (!classification) {
      void vscode.window.showInformationMessage(vscode.l10n.t('AI Guard classifies files and unsaved documents only.'));
      return;
    }
    const configured = service.configuredProviders(uri);
    const leftOut = leftOutReasons(classification, configured);
    const items: ReasonItem[] = [
      { label: `$(shield) ${levelAndClient(classification)}`, description: vscode.workspace.asRelativePath(uri), detail: aiUseSummary(classification, configured) },
      { label: `$(eye-closed) ${redactionSummary(classification, (category) => categoryLabel(category as Parameters<typeof categoryLabel>[0]))}` },
      // A configured provider never disappears silently: each one left out says why and which key to change.
      ...(leftOut.length > 0
        ? [{ label: vscode.l10n.t('Configured providers not allowed here'), kind: vscode.QuickPickItemKind.Separator }, ...leftOut.map((why) => ({ label: `$(debug-disconnect) ${why}` }))]
        : []),
      { label: vscode.l10n.t('Reasons, most decisive first'), kind: vscode.QuickPickItemKind.Separator },
      ...classification.reasons.map((reason) => ({
        label: `${REASON_ICONS[reason.source] ?? '$(info)'} ${reason.detail}`,
        ...(reason.file ? { description: reason.line ? `${vscode.workspace.asRelativePath(reason.file)}:${reason.line}` : vscode.workspace.asRelativePath(reason.file) } : {}),
        reason,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('AI Guard: why {0} is {1}', vscode.workspace.asRelativePath(uri), classification.levelLabel),
      placeHolder: vscode.l10n.t('Pick a reason to open the file that gives it'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    const file = picked?.reason?.file;
    if (!file || !/^(?:\/|[A-Za-z]:[\\/])/.test(file)) return;
    const line = Math.max(0, (picked.reason?.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(line, 0, line, 0) });
  },
};

const REASON_ICONS: Readonly<Record<Reason['source'], string>> = {
  'policy-invalid': '$(error)',
  rule: '$(list-ordered)',
  default: '$(circle-outline)',
  'built-in': '$(key)',
  content: '$(search)',
  'ignore-file': '$(circle-slash)',
  matrix: '$(table)',
  client: '$(organization)',
};
