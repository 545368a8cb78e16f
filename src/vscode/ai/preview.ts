import * as vscode from 'vscode';
import type { Classification } from '../../core/classification';
import { maskedCount, promptText, type RedactedPrompt } from '../../core/pipeline';
import { Settings } from '../../shared/ids';
import { getSetting } from '../config';
import type { AiService } from './service';

/** Whether the `aiGuard.preview.levels` setting asks for a preview at `level` (`*` for all). */
export function previewWanted(level: string, levels: readonly string[] = getSetting(Settings.previewLevels)): boolean {
  return levels.includes('*') || levels.includes(level);
}

/**
 * Shows exactly what will be sent: a diff view of the prompt before redaction (left) and as it
 * will leave the machine (right), and asks to send it or not. Resolves false when the person
 * declines, dismisses the question or cancels the run; the diff view is closed and its texts
 * forgotten either way (the left side holds the values that were masked).
 */
export async function showPreview(ai: AiService, options: { prompt: RedactedPrompt; original: { system: string; user: string }; level: Classification; provider: string; signal: AbortSignal }): Promise<boolean> {
  const before = ai.previews.create('prompt-before-redaction.md', promptText(options.original));
  const after = ai.previews.create('prompt-to-send.md', promptText(options.prompt));
  try {
    await vscode.commands.executeCommand('vscode.diff', before, after, vscode.l10n.t('Prompt for {0}: before redaction ↔ what will be sent', options.provider), { preview: false });
    const masked = maskedCount(options.prompt.redactions);
    const send = vscode.l10n.t('Send');
    const keep = vscode.l10n.t("Don't send");
    const question = vscode.window.showInformationMessage(
      vscode.l10n.t('Send this prompt to {0}? The file is {1}; {2} values were masked (right side). Nothing leaves until you choose.', options.provider, options.level.levelLabel, masked),
      send,
      keep,
    );
    const cancelled = new Promise<undefined>((resolve) => {
      if (options.signal.aborted) resolve(undefined);
      options.signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    const scripted = ai.answerNextPreview;
    if (scripted !== undefined) {
      ai.answerNextPreview = undefined;
      return scripted;
    }
    return (await Promise.race([question, cancelled])) === send;
  } finally {
    await ai.previews.close(after);
    ai.previews.delete(before);
  }
}
