import type * as vscode from 'vscode';
import { type ContentSummary, summariseFindings } from '../../core/classification/types';
import type { RedactionService } from '../redaction/redactionService';
import type { ClassificationService } from './classificationService';

/**
 * What an open document holds, for its level (`contentLevels`): the live scan's summary, or a
 * scan now when it has not reported yet. Used before anything leaves the editor (an AI call, a
 * redacted copy), so a file whose content raises its level is never judged by its path alone.
 */
export async function contentNow(deps: { readonly classification: ClassificationService; readonly redaction: RedactionService }, document: vscode.TextDocument): Promise<ContentSummary> {
  const known = deps.classification.contentOf(document.uri);
  if (known) return known;
  try {
    return summariseFindings(await (await deps.redaction.scanner(document.uri)).scan(document.getText()));
  } catch {
    // A scan that could not finish counts as having found everything (fail closed).
    return { skipped: 'scan-failed' };
  }
}
