import type * as vscode from 'vscode';
import { type ContentSummary, summariseFindings } from '../../core/classification/types';
import type { PolicySnapshot } from '../../core/classification';
import type { RedactionService } from '../redaction/redactionService';
import { type PolicyService, scanSettingsOf } from './policyService';

/**
 * What an open document holds, for its level (`contentLevels`): the live scan's summary, or a
 * scan now when it has not reported yet. Used before anything leaves the editor (an AI call, a
 * redacted copy), so a file whose content raises its level is never judged by its path alone.
 * A run passes its snapshot of the policies (`policies`), whose dictionary the scan then uses.
 */
export async function contentNow(
  deps: { readonly classification: PolicyService; readonly redaction: RedactionService },
  document: vscode.TextDocument,
  policies?: PolicySnapshot,
): Promise<ContentSummary> {
  const known = deps.classification.contentOf(document.uri);
  if (known) return known;
  try {
    return summariseFindings(await (await deps.redaction.scanner(document.uri, scanSettingsOf(policies, document.uri))).scan(document.getText()));
  } catch {
    // A scan that could not finish counts as having found everything (fail closed).
    return { skipped: 'scan-failed' };
  }
}
