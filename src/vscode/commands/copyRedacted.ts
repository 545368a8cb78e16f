import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { loadEngine } from '../redaction/redactionService';
import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * "AI Guard: Copy Selection Redacted": the selection (or the whole file) with every secret and
 * personal data item replaced by a placeholder, on the clipboard, for any AI chat. It fails
 * closed: when anything goes wrong the clipboard is left as it was.
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
    const service = container.redaction;
    const engine = await loadEngine();

    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AI Guard: redacting…'), cancellable: true },
        async (_progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await engine.redact(await service.scanner(document.uri), await service.session(), text, { path: document.uri.path, signal: controller.signal });
          } finally {
            subscription.dispose();
          }
        },
      );
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
