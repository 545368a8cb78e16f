import * as vscode from 'vscode';
import type { PolicyService } from './policyService';
import { aiUseSummary, levelAndClient, TIER_COLORS, tierOf } from './describe';

/**
 * Badges and colours on confidential, restricted and excluded files, in the explorer and on
 * editor tabs. Unopened files are classified by path; an open file's content can raise it.
 */
export class ClassificationDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: PolicyService) {
    this.disposables.push(
      this.changed,
      vscode.window.registerFileDecorationProvider(this),
      service.onDidChange((uris) => this.changed.fire(uris)),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const classification = this.service.classify(uri);
    if (!classification) return undefined;
    const tier = tierOf(classification, this.service.levels(uri));
    if (tier === 'normal') return undefined;
    // One letter of the level (or ⊘ for excluded): badges hold at most two characters.
    const badge = tier === 'excluded' ? '⊘' : (Array.from(classification.levelLabel)[0]?.toLocaleUpperCase() ?? '!');
    const decoration = new vscode.FileDecoration(
      badge,
      `${levelAndClient(classification)} — ${aiUseSummary(classification, this.service.configuredProviders(uri))}`,
      new vscode.ThemeColor(TIER_COLORS[tier]),
    );
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
