import * as vscode from 'vscode';
import type { Classification } from '../../core/classification';
import type { ProviderIdentity } from '../../core/pipeline/providerPolicy';
import { DIAGNOSTIC_SOURCE } from '../../shared/ids';
import { type PolicyService, isClassifiable } from './policyService';
import { aiUseSummary, type Tier, tierOf } from './describe';

/** The diagnostic code of the first-line warning, so quick fixes and tests can find it. */
const CLASSIFICATION_DIAGNOSTIC_CODE = 'classification';

/**
 * An inline warning on the first line of every open sensitive file, naming its level, its
 * client and what AI use is allowed: people see it where they look, before they copy anything
 * into a chat. Information for confidential files, a warning for restricted and excluded ones.
 */
export class SensitiveFileWarnings implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('aiGuard.classification');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: PolicyService) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.update(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      service.onDidChange((uris) => {
        const wanted = uris?.map((uri) => uri.toString());
        for (const document of vscode.workspace.textDocuments) {
          if (wanted === undefined || wanted.includes(document.uri.toString())) this.update(document);
        }
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private update(document: vscode.TextDocument): void {
    if (!isClassifiable(document.uri)) return;
    const classification = this.service.classify(document.uri);
    const tier = classification ? tierOf(classification, this.service.levels(document.uri)) : 'normal';
    if (!classification || tier === 'normal') {
      this.collection.delete(document.uri);
      return;
    }
    const line = document.lineCount > 0 ? document.lineAt(0).range : new vscode.Range(0, 0, 0, 0);
    const diagnostic = new vscode.Diagnostic(
      line,
      messageFor(classification, tier, this.service.configuredProviders(document.uri)),
      tier === 'confidential' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = CLASSIFICATION_DIAGNOSTIC_CODE;
    this.collection.set(document.uri, [diagnostic]);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function messageFor(classification: Classification, tier: Tier, configured: readonly ProviderIdentity[]): string {
  const what = classification.client
    ? vscode.l10n.t('This file is {0} (client {1}).', classification.levelLabel, classification.client.name)
    : vscode.l10n.t('This file is {0}.', classification.levelLabel);
  const why = classification.reasons[0]?.detail;
  return [what, aiUseSummary(classification, configured), tier === 'excluded' || !why ? '' : why].filter(Boolean).join(' ');
}
