import * as vscode from 'vscode';
import type { Classification } from '../../core/classification';
import { providerExclusions, type ProviderIdentity, providersAllowedForAll } from '../../core/pipeline/providerPolicy';
import { Colors } from '../../shared/ids';

/**
 * How prominently a file is marked: `normal` files get no badge; the others get a badge and a
 * colour in the explorer and tabs, and a warning on their first line.
 */
export type Tier = 'normal' | 'confidential' | 'restricted' | 'excluded';

/**
 * A policy may define its own levels, so tiers go by rank: the top level is `restricted`, and
 * from `confidential` (or, in a policy without that id, the level below the top) up is marked.
 */
export function tierOf(classification: Classification, levels: ReadonlyArray<{ id: string }>): Tier {
  if (classification.excluded) return 'excluded';
  const top = levels.length - 1;
  if (classification.levelRank >= top && top > 0) return 'restricted';
  const confidential = levels.findIndex((level) => level.id === 'confidential');
  const threshold = confidential >= 0 ? confidential : Math.max(1, top - 1);
  return classification.levelRank >= threshold ? 'confidential' : 'normal';
}

export const TIER_COLORS: Readonly<Record<Exclude<Tier, 'normal'>, string>> = {
  confidential: Colors.confidential,
  restricted: Colors.restricted,
  excluded: Colors.excluded,
};

export const TIER_ICONS: Readonly<Record<Tier, string>> = {
  normal: '$(shield)',
  confidential: '$(shield)',
  restricted: '$(lock)',
  excluded: '$(circle-slash)',
};

/** "Confidential", or "Confidential · Banque Ardoise" when the file belongs to a client. */
export function levelAndClient(classification: Classification): string {
  return classification.client ? `${classification.levelLabel} · ${classification.client.name}` : classification.levelLabel;
}

/**
 * What AI use the policy allows for the file, in one sentence. With `configured` (the providers
 * of `aiGuard.providers` as the policy sees them), it names those that may see the file and those
 * left out, rather than catalogue entries nobody configured.
 */
export function aiUseSummary(classification: Classification, configured?: readonly ProviderIdentity[]): string {
  if (classification.excluded) return vscode.l10n.t('Excluded from AI by an ignore file.');
  if (!classification.aiAllowed) return vscode.l10n.t('No AI use is allowed.');
  if (configured !== undefined && configured.length > 0) {
    const allowed = providersAllowedForAll([classification], configured).map((provider) => provider.id);
    const leftOut = configured.filter((provider) => !allowed.includes(provider.id)).map((provider) => provider.id);
    const allowedText =
      allowed.length > 0 ? vscode.l10n.t('AI allowed with: {0}.', allowed.join(', ')) : vscode.l10n.t('None of your configured providers may see this file; copying the redacted prompt still works.');
    return leftOut.length > 0 ? `${allowedText} ${vscode.l10n.t('Not allowed here: {0}.', leftOut.join(', '))}` : allowedText;
  }
  if (classification.providerRules.every((rule) => rule.includes('*'))) return vscode.l10n.t('AI allowed with any provider.');
  const rules = classification.providerRules.filter((rule) => !rule.includes('*')).map((rule) => rule.join(vscode.l10n.t(' or ')));
  return vscode.l10n.t('AI allowed only with providers that are: {0}.', rules.join(vscode.l10n.t('; and ')));
}

/** Why each configured provider left out of this file is, naming the policy key that would change it. */
export function leftOutReasons(classification: Classification, configured: readonly ProviderIdentity[]): string[] {
  if (!classification.aiAllowed) return [];
  return providerExclusions([classification], configured, (path) => vscode.workspace.asRelativePath(path)).map((exclusion) => exclusion.why);
}

/** The categories masked before any AI call, as words. */
export function redactionSummary(classification: Classification, label: (category: string) => string): string {
  if (classification.redact.length === 0) return vscode.l10n.t('Nothing is masked before AI calls.');
  return vscode.l10n.t('Masked before any AI call: {0}.', classification.redact.map(label).join(', '));
}
