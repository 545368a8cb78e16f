import * as vscode from 'vscode';
import { type Classification, maskedCategories } from '../../core/classification/types';
import { describeError } from '../../core/errors';
import { contentNow } from '../classification/contentNow';
import { loadEngine } from '../redaction/redactionService';
import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * "AI Guard: Copy Selection Redacted": the selection (or the whole file) with every secret and
 * personal data item replaced by a placeholder, on the clipboard, for any AI chat. A copy for a
 * chat follows the rules of a call: refused, with the reason, for a file whose level allows no
 * AI or that an ignore file excludes; otherwise masked with the categories its level asks for
 * (secrets and the policy's names always). It fails closed: when anything goes wrong the
 * clipboard is left as it was.
 */
export const copyRedacted: CommandModule = {
  id: Commands.copyRedacted,
  run: async (container) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a file, and select text if you want only part of it, then run the command again.'));
      return;
    }
    const document = editor.document;
    const selections = editor.selections.filter((selection) => !selection.isEmpty);
    const whole = selections.length === 0;
    const text = whole ? document.getText() : selections.map((selection) => document.getText(selection)).join('\n');
    const service = container.redaction();
    const engine = await loadEngine();

    try {
      const classification = container.classification();
      await classification.whenReady();
      const level = classification.classify(document.uri, await contentNow({ classification, redaction: service }, document));
      if (level === undefined || !level.aiAllowed) {
        container.logger.info(`Copy redacted refused: ${level === undefined ? 'not a file' : level.excluded ? 'excluded by an ignore file' : `level ${level.level} allows no AI`}.`);
        void vscode.window.showWarningMessage(refusal(level, vscode.workspace.asRelativePath(document.uri)));
        return;
      }
      const categories = maskedCategories([level]);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AI Guard: redacting…'), cancellable: true }, async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await engine.redact(await service.scannerWith([document.uri], categories), await service.session(), text, { path: document.uri.path, signal: controller.signal });
        } finally {
          subscription.dispose();
        }
      });
      await vscode.env.clipboard.writeText(result.text);
      const what = whole ? vscode.l10n.t('file') : vscode.l10n.t('selection');
      container.logger.info(`Copied a redacted ${whole ? 'file' : 'selection'} (${text.length} characters; masked: ${engine.summariseCounts(result.counts)}).`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the redacted {0} to the clipboard. Masked: {1}.', what, engine.summariseCounts(result.counts)));
    } catch (error) {
      if (engine.isCancellation(error)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Cancelled: nothing was copied.'));
        return;
      }
      container.logger.error(`Copy redacted failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Nothing was copied: {0}', describeError(error)));
    }
  },
};

/** Why a copy for an AI chat is refused: what stops it and what to do. */
function refusal(level: Classification | undefined, path: string): string {
  if (level === undefined) return vscode.l10n.t('AI Guard sends only files and unsaved documents to AI; this editor shows neither.');
  if (level.excluded) {
    const why = level.reasons.find((reason) => reason.source === 'ignore-file')?.detail ?? '';
    return vscode.l10n.t('{0} is excluded from AI by an ignore file, so nothing was copied. {1} To share it with an AI, take it out of that ignore file.', path, why);
  }
  const why = level.reasons[0]?.detail ?? '';
  return vscode.l10n.t('No AI use is allowed for {0} ({1}), so nothing was copied. {2} Ask whoever owns the policy if this file should be shared.', path, level.levelLabel, why);
}
