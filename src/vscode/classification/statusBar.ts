import * as vscode from 'vscode';
import type { Classification } from '../../core/classification';
import { categoryLabel } from '../../core/redaction/labels';
import { Commands } from '../../shared/ids';
import type { PolicyService } from './policyService';
import type { ProviderIdentity } from '../../core/pipeline/providerPolicy';
import { aiUseSummary, leftOutReasons, levelAndClient, redactionSummary, TIER_ICONS, tierOf } from './describe';

/** How many reasons the tooltip lists; "Explain Classification" shows them all. */
const TOOLTIP_REASONS = 4;

/**
 * The active file's level in the status bar (with its client), coloured as a warning from
 * `confidential` up; its tooltip says what AI use is allowed and why, and a click explains it.
 */
export class ClassificationStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aiGuard.classification', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  /** What the item shows, for tests (the status bar cannot be read back through the API). */
  current: { text: string; tooltip: string; uri: string } | undefined;

  constructor(private readonly service: PolicyService) {
    this.item.name = vscode.l10n.t('AI Guard classification');
    this.item.command = Commands.explainClassification;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      service.onDidChange((uris) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (uris === undefined || uris.some((uri) => uri.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const classification = uri ? this.service.classify(uri) : undefined;
    if (!uri || !classification) {
      this.item.hide();
      this.current = undefined;
      return;
    }
    const tier = tierOf(classification, this.service.levels(uri));
    const text = `${TIER_ICONS[tier]} ${levelAndClient(classification)}`;
    const configured = this.service.configuredProviders(uri);
    const tooltip = tooltipOf(classification, configured);
    this.item.text = text;
    const markdown = new vscode.MarkdownString(tooltip, true);
    // The tooltip's link runs one command, and only that one.
    markdown.isTrusted = { enabledCommands: [Commands.explainClassification] };
    this.item.tooltip = markdown;
    this.item.backgroundColor = tier === 'normal' ? undefined : new vscode.ThemeColor(tier === 'confidential' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
    this.item.accessibilityInformation = { label: vscode.l10n.t('AI Guard: this file is {0}. {1}', levelAndClient(classification), aiUseSummary(classification, configured)), role: 'button' };
    this.item.show();
    this.current = { text, tooltip, uri: uri.toString() };
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function tooltipOf(classification: Classification, configured: readonly ProviderIdentity[]): string {
  const leftOut = leftOutReasons(classification, configured);
  const lines = [
    `**${escapeMarkdown(levelAndClient(classification))}**`,
    '',
    escapeMarkdown(aiUseSummary(classification, configured)),
    '',
    ...(configured.length === 0 && classification.aiAllowed
      ? [escapeMarkdown(vscode.l10n.t('No AI provider is configured yet (setting aiGuard.providers); copying the redacted prompt works without one.')), '']
      : []),
    ...leftOut.map((why) => `- ${escapeMarkdown(why)}`),
    ...(leftOut.length > 0 ? [''] : []),
    escapeMarkdown(redactionSummary(classification, (category) => categoryLabel(category as Parameters<typeof categoryLabel>[0]))),
    '',
    ...classification.reasons.slice(0, TOOLTIP_REASONS).map((reason) => `- ${escapeMarkdown(reason.detail)}`),
  ];
  if (classification.reasons.length > TOOLTIP_REASONS) lines.push(`- ${vscode.l10n.t('…and {0} more.', classification.reasons.length - TOOLTIP_REASONS)}`);
  lines.push('', `[${vscode.l10n.t('Explain')}](command:${Commands.explainClassification})`);
  return lines.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
