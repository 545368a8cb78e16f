import * as vscode from 'vscode';
import { describeError } from '../core/errors';

/**
 * Shows why the extension could not start. Kept apart from the rest of the adapter so that it
 * still works when the adapter itself is what failed to load.
 */
export function reportActivationFailure(error: unknown): void {
  console.error('[ai-guard] activation failed:', error);
  void vscode.window.showErrorMessage(vscode.l10n.t('Etech AI Guard could not start: {0}. Reload the window to try again; the details are in the extension host log.', describeError(error)));
}
