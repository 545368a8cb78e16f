import * as vscode from 'vscode';
import type { Classification } from '../../core/classification';
import { maskedCount, promptText, type RedactedPrompt } from '../../core/pipeline';
import { ContextKeys, Settings } from '../../shared/ids';
import { getSetting } from '../platform/configuration';
import type { AiService } from './service';

/** Whether the `aiGuard.preview.levels` setting asks for a preview at `level` (`*` for all). */
export function previewWanted(level: string, levels: readonly string[] = getSetting(Settings.previewLevels)): boolean {
  return levels.includes('*') || levels.includes(level);
}

/** What a preview shows: the prompt as it will leave and before redaction, the file's level, where it goes; `signal` ends it undecided. */
export interface PreviewOptions {
  prompt: RedactedPrompt;
  original: { system: string; user: string };
  level: Classification;
  provider: string;
  signal: AbortSignal;
  again?: boolean;
}

/**
 * Shows exactly what will be sent: a diff view of the prompt before redaction (left) and as it
 * will leave the machine (right), with its own Send and Don't send in the view's title bar (and
 * Ctrl+Enter / Escape there). A notification says so too, but it may hide itself: the decision
 * waits for the person in the view, never times out, and closing the view counts as Don't send.
 * Resolves false when the person declines, closes the view or cancels the run; the diff view is
 * closed and its texts forgotten either way (the left side holds the values that were masked).
 */
export async function showPreview(ai: AiService, options: PreviewOptions): Promise<boolean> {
  const before = ai.previews.create('prompt-before-redaction.md', promptText(options.original));
  const after = ai.previews.create('prompt-to-send.md', promptText(options.prompt));
  const disposables: vscode.Disposable[] = [];
  try {
    let decide: (send: boolean) => void = () => undefined;
    const decision = new Promise<boolean>((resolve) => (decide = resolve));
    ai.pendingPreview = { uri: after, decide };
    await vscode.commands.executeCommand('setContext', ContextKeys.previewPending, true);
    if (options.signal.aborted) decide(false);
    options.signal.addEventListener('abort', () => decide(false), { once: true });
    // Closing the preview is a decision too: nothing is sent.
    disposables.push(
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === after.toString())) decide(false);
      }),
    );
    await vscode.commands.executeCommand('vscode.diff', before, after, vscode.l10n.t('Prompt for {0}: before redaction ↔ what will be sent', options.provider), { preview: false });
    const masked = maskedCount(options.prompt.redactions);
    const question = options.again
      ? vscode.l10n.t(
          "Run again: send this prompt to {0}? The file is {1}; {2} values were masked (right side). Use Send or Don't send in the preview's title bar (Ctrl+Enter / Escape); nothing leaves until you choose.",
          options.provider,
          options.level.levelLabel,
          masked,
        )
      : vscode.l10n.t(
          "Send this prompt to {0}? The file is {1}; {2} values were masked (right side). Use Send or Don't send in the preview's title bar (Ctrl+Enter / Escape); nothing leaves until you choose.",
          options.provider,
          options.level.levelLabel,
          masked,
        );
    // A notification that lasts as long as the decision and goes when it is made, wherever it was
    // made (a message's Send button would stay on screen for a prompt already sent or declined);
    // its Cancel is Don't send.
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: question, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => decide(false));
      return decision;
    });
    return await decision;
  } finally {
    for (const disposable of disposables) disposable.dispose();
    if (ai.pendingPreview?.uri.toString() === after.toString()) ai.pendingPreview = undefined;
    await vscode.commands.executeCommand('setContext', ContextKeys.previewPending, ai.pendingPreview !== undefined);
    await ai.previews.close(after);
    ai.previews.delete(before);
  }
}

/** The preview view's Send and Don't send: decides the waiting preview, or says there is none. */
export async function decidePreview(ai: AiService, send: boolean): Promise<boolean> {
  const pending = ai.pendingPreview;
  if (pending === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No prompt preview is waiting for a decision.'));
    return false;
  }
  ai.pendingPreview = undefined;
  pending.decide(send);
  return true;
}
