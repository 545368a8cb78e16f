import * as l10n from '@vscode/l10n';
import type { Classification, ContentSummary } from '../../core/classification';
import { type Budget, summariseUsage } from '../../core/cost';
import { type ProviderIdentity, providerExclusions, providersAllowedForAll } from '../../core/pipeline';
import { needsApiKey, type ProviderConfig } from '../../core/providers';
import { CATEGORIES } from '../../core/redaction/kinds';
import { categoryLabel } from '../../core/redaction/labels';
import { approvalLabel, approvalOf, profileLabel, type Template } from '../../core/templates';
import { COPY_PROVIDER } from '../../shared/ids';
import type { ViewModel } from '../../shared/messages';

/**
 * The sidebar's view model: a pure function of plain inputs (no `vscode` import), so that every
 * empty state, the provider check, the budget bar and the French strings are unit tested
 * without an editor. The host gathers the inputs (`sidebarProvider.ts`); the page only lays out
 * what this returns.
 */
export interface SidebarInputs {
  now: Date;
  language: string;
  trusted: boolean;
  /** The active editor's document, if any; `classification` is undefined for what AI Guard does not classify. */
  file: { name: string; classification: Classification | undefined; content: ContentSummary | undefined } | undefined;
  /** Whether a policy file (workspace or organisation) governs the workspace. */
  hasPolicy: boolean;
  providers: {
    configs: readonly ProviderConfig[];
    /** The tags the policy grants each configured provider for the active file (never the settings' own tags). */
    identities: readonly ProviderIdentity[];
    /** Providers with a key in the keychain or the environment. */
    withKey: ReadonlySet<string>;
    /** `aiGuard.defaultProvider`: an id, "copy" or empty. */
    defaultProvider: string;
  };
  templates: { list: readonly Template[]; problems: number; approvals: ReadonlyArray<{ id: string; sha256: string }>; allowUnapproved: boolean };
  /** The audit records (oldest first), as `AuditLog.records()` returns them. */
  records: ReadonlyArray<Record<string, unknown>>;
  budget: Budget;
  lastAnswered: { runId: string; title: string } | undefined;
  /** The person's choice (`aiGuard.telemetry.enabled`) and the editor's own telemetry switch, which must be on too; undefined in a build without telemetry. */
  telemetry: { enabled: boolean; editorEnabled: boolean } | undefined;
}

/** How many audit records Recent activity lists. */
export const RECENT_ACTIVITY = 8;
/** How many templates the Usage section names. */
const TOP_TEMPLATES = 3;

export function buildViewModel(input: SidebarInputs): ViewModel {
  const model: ViewModel = {
    language: input.language.slice(0, 20),
    trusted: input.trusted,
    file: fileSection(input),
    provider: providerSection(input),
    prompts: promptsSection(input),
    usage: usageSection(input),
    activity: activitySection(input),
    telemetry: telemetrySection(input),
  };
  if (!input.hasPolicy) model.noPolicy = l10n.t('No AI Guard policy governs this workspace: the built-in levels apply. Create a policy to name your clients and their rules.');
  if (input.lastAnswered) model.feedback = { runId: input.lastAnswered.runId, question: l10n.t('How useful was the answer to "{0}"?', input.lastAnswered.title) };
  return model;
}

/** A level's colour as CSS: a theme colour id becomes its `--vscode-*` variable; #rrggbb stays. */
export function cssColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color;
  if (/^[a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*$/.test(color)) return `var(--vscode-${color.replace(/\./g, '-')})`;
  return undefined;
}

function fileSection(input: SidebarInputs): ViewModel['file'] {
  if (input.file === undefined) return { kind: 'none', message: l10n.t('Open a file to see its sensitivity level, what AI may see of it and what would be masked.') };
  const classification = input.file.classification;
  if (classification === undefined) return { kind: 'other', message: l10n.t('AI Guard classifies files and unsaved documents; the active editor shows neither.') };
  const counts = input.file.content && 'counts' in input.file.content ? input.file.content.counts : {};
  const findings = CATEGORIES.filter((category) => (counts[category] ?? 0) > 0).map((category) => ({ category, label: categoryLabel(category), count: counts[category] ?? 0 }));
  const skipped = input.file.content && 'skipped' in input.file.content ? input.file.content.skipped : undefined;
  const findingsSummary =
    skipped !== undefined
      ? l10n.t('The content was not scanned ({0}).', skipped)
      : input.file.content === undefined
        ? l10n.t('Scanning…')
        : findings.length === 0
          ? l10n.t('Nothing to mask was found.')
          : findingsSentence(findings.reduce((sum, finding) => sum + finding.count, 0));
  const aiStatus = classification.excluded
    ? l10n.t('AI may not see this file: an AI tool ignore file excludes it.')
    : classification.aiAllowed
      ? l10n.t('AI allowed, with the providers the policy lists for this level.')
      : l10n.t('AI may not see this file at this level.');
  const color = cssColor(classification.levelColor);
  return {
    kind: 'file',
    name: input.file.name,
    level: classification.level,
    levelLabel: classification.levelLabel,
    ...(color ? { color } : {}),
    ...(classification.client ? { client: classification.client.name } : {}),
    aiStatus,
    aiAllowed: classification.aiAllowed,
    reasons: classification.reasons.map((reason) => reason.detail),
    findings,
    findingsSummary,
  };
}

function findingsSentence(count: number): string {
  return count === 1 ? l10n.t('1 finding would be masked before any AI call.') : l10n.t('{0} findings would be masked before any AI call.', count);
}

function providerSection(input: SidebarInputs): ViewModel['provider'] {
  const { configs, identities, withKey, defaultProvider } = input.providers;
  const classification = input.file?.classification;
  const labelOf = (config: ProviderConfig) => config.label ?? config.id;
  const detailOf = (config: ProviderConfig) => [config.kind, config.model ?? config.deployment].filter(Boolean).join(' · ');
  const copy = { id: COPY_PROVIDER, label: l10n.t('Copy redacted prompt'), detail: l10n.t('send nothing; put the redacted prompt on the clipboard') };
  const missingKeys = configs.filter((config) => needsApiKey(config) && !withKey.has(config.id)).map((config) => ({ id: config.id, label: labelOf(config) }));
  // Without a file, every configured provider may be chosen; with one, only those its level allows.
  const allowedIds = new Set(classification ? providersAllowedForAll([classification], identities).map((identity) => identity.id) : configs.map((config) => config.id));
  const options = [
    ...configs.filter((config) => allowedIds.has(config.id)).map((config) => ({ id: config.id, label: labelOf(config), detail: detailOf(config) })),
    ...(classification === undefined || classification.aiAllowed ? [copy] : []),
  ];

  const section: ViewModel['provider'] = { activeLabel: '', activeDetail: '', options, missingKeys };
  if (configs.length === 0) section.empty = l10n.t('No AI provider is configured. Add one to the aiGuard.providers setting (kind, address, model), then set its key here.');
  const active = configs.find((config) => config.id === defaultProvider);
  if (defaultProvider === COPY_PROVIDER) {
    Object.assign(section, { activeId: COPY_PROVIDER, activeLabel: copy.label, activeDetail: copy.detail });
  } else if (active) {
    Object.assign(section, { activeId: active.id, activeLabel: labelOf(active), activeDetail: detailOf(active) });
  } else {
    section.activeLabel = l10n.t('Asked at each run');
    section.activeDetail = l10n.t('Choose a default provider below to skip the question.');
  }
  if (classification && section.activeId !== undefined) {
    const allowed = section.activeId === COPY_PROVIDER ? classification.aiAllowed : allowedIds.has(section.activeId);
    section.allowed = allowed;
    section.allowedText = allowed ? l10n.t('Allowed for this file.') : l10n.t('Not allowed for this file ({0}): choose another provider or copy the redacted prompt.', classification.levelLabel);
  }
  // A configured provider the file's level leaves out is named with why and the policy key to change,
  // not just missing from the switcher (where AI is not allowed at all, the file section says so).
  if (classification?.aiAllowed === true) {
    const name = input.file?.name ?? classification.path;
    const leftOut = providerExclusions([classification], identities, () => name);
    if (leftOut.length > 0) section.leftOut = leftOut.map((exclusion) => ({ id: exclusion.id, why: exclusion.why }));
  }
  return section;
}

function promptsSection(input: SidebarInputs): ViewModel['prompts'] {
  const { list, approvals, allowUnapproved } = input.templates;
  const groups: ViewModel['prompts']['groups'] = [];
  for (const template of list) {
    const approval = approvalOf(template, approvals);
    const runnable = approval === 'built-in' || approval === 'approved' || allowUnapproved;
    let group = groups.find((candidate) => candidate.profile === template.profile);
    if (!group) {
      group = { profile: template.profile, label: profileLabel(template.profile), templates: [] };
      groups.push(group);
    }
    group.templates.push({ id: template.id, title: template.title, description: template.description, badge: approvalLabel(approval), approval, runnable });
  }
  const prompts: ViewModel['prompts'] = { groups, count: list.length };
  if (input.templates.problems > 0) prompts.problems = l10n.t('{0} template files have problems; see the Output panel.', input.templates.problems);
  if (input.file?.classification === undefined) prompts.hint = l10n.t('Open a file (and select text if you want only part of it) to run a prompt.');
  return prompts;
}

function usageSection(input: SidebarInputs): ViewModel['usage'] {
  const summary = summariseUsage(input.records, input.now);
  const currency = summary.currency ?? input.budget.currency;
  const number = new Intl.NumberFormat(input.language);
  const calls = (count: number) => (count === 1 ? l10n.t('1 call') : l10n.t('{0} calls', number.format(count)));
  const money = (amount: number) => `${amount.toFixed(2)} ${currency}`;
  const tokens = summary.total.inputTokens + summary.total.outputTokens;
  const usage: ViewModel['usage'] = {
    month: l10n.t('This month ({0})', summary.month),
    calls: calls(summary.total.calls),
    tokens: l10n.t('{0} tokens', number.format(tokens)),
    cost: money(summary.total.cost),
    top: Object.entries(summary.byTemplate)
      .sort(([a, x], [b, y]) => y.calls - x.calls || a.localeCompare(b))
      .slice(0, TOP_TEMPLATES)
      .map(([id, totals]) => ({ label: input.templates.list.find((template) => template.id === id)?.title ?? id, calls: calls(totals.calls) })),
  };
  if (input.budget.monthly !== undefined && input.budget.monthly > 0) {
    const ratio = summary.total.cost / input.budget.monthly;
    usage.budget = {
      label: l10n.t('{0} of {1} monthly budget ({2} %)', money(summary.total.cost), money(input.budget.monthly), Math.round(ratio * 100)),
      share: Math.min(1, Math.max(0, ratio)),
      state: ratio >= 1 ? 'over' : ratio >= input.budget.warnAt ? 'warn' : 'ok',
    };
  }
  if (summary.total.calls === 0 && summary.blocked === 0) usage.empty = l10n.t('No AI call this month yet.');
  return usage;
}

const OUTCOMES = ['ok', 'blocked', 'error', 'cancelled', 'dry-run', 'copied'] as const;
export type Outcome = (typeof OUTCOMES)[number] | 'other';

function outcomeLabel(outcome: Outcome): string {
  switch (outcome) {
    case 'ok':
      return l10n.t('answered');
    case 'blocked':
      return l10n.t('blocked');
    case 'error':
      return l10n.t('failed');
    case 'cancelled':
      return l10n.t('cancelled');
    case 'dry-run':
      return l10n.t('dry run');
    case 'copied':
      return l10n.t('copied');
    case 'other':
      return l10n.t('other');
  }
}

/**
 * A call record's outcome as the panel and the audit view show it: its kind (for the colour) and
 * its words. An answer cut by the token limit shows as answered, and a call whose end was never
 * recorded as other, each with its own label.
 */
export function callOutcome(record: Record<string, unknown>): { outcome: Outcome; label: string } {
  const outcome: Outcome = record.outcome === 'truncated' ? 'ok' : (OUTCOMES as readonly unknown[]).includes(record.outcome) ? (record.outcome as Outcome) : 'other';
  const label = record.outcome === 'truncated' ? l10n.t('answered, cut short') : record.outcome === 'interrupted' ? l10n.t('interrupted') : outcomeLabel(outcome);
  return { outcome, label };
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function relativeTime(then: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return l10n.t('just now');
  if (minutes < 60) return l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return l10n.t('{0} h ago', hours);
  return l10n.t('{0} days ago', Math.floor(hours / 24));
}

function activitySection(input: SidebarInputs): ViewModel['activity'] {
  const calls = input.records
    .filter((record) => record.type === 'call')
    .slice(-RECENT_ACTIVITY)
    .reverse();
  const items = calls.map((record) => {
    const template = record.template as { id?: unknown } | undefined;
    const provider = record.provider as { id?: unknown; model?: unknown } | undefined;
    const redactions =
      record.redactions && typeof record.redactions === 'object' ? Object.values(record.redactions).reduce((sum: number, count) => sum + (typeof count === 'number' ? count : 0), 0) : 0;
    const { outcome, label } = callOutcome(record);
    const time = typeof record.time === 'string' ? new Date(record.time) : new Date(Number.NaN);
    const templateId = typeof template?.id === 'string' ? template.id : '?';
    const providerId = typeof provider?.id === 'string' ? provider.id : '?';
    return {
      template: input.templates.list.find((candidate) => candidate.id === templateId)?.title ?? templateId,
      provider: providerId === COPY_PROVIDER ? l10n.t('copy') : providerId,
      outcome,
      outcomeLabel: label,
      redactions: l10n.t('{0} masked', redactions),
      when: relativeTime(time, input.now),
      time: Number.isNaN(time.getTime()) ? '' : time.toISOString(),
    };
  });
  return items.length > 0 ? { items } : { items, empty: l10n.t('No AI call yet. Run a prompt from the Prompts section; every call and blocked attempt is recorded here.') };
}

function telemetrySection(input: SidebarInputs): ViewModel['telemetry'] {
  const details = [
    l10n.t('Sent when on: which features and templates are used, outcomes, rating and minutes saved, counts and durations in ranges.'),
    l10n.t('Never sent: code, prompts, answers, file names or paths, secrets, your name or e-mail.'),
  ];
  if (input.telemetry === undefined) return { available: false, enabled: false, status: l10n.t('This build sends no telemetry.'), details };
  const { enabled, editorEnabled } = input.telemetry;
  const status = !enabled
    ? l10n.t('Anonymous usage statistics are off.')
    : editorEnabled
      ? l10n.t('Anonymous usage statistics are on.')
      : l10n.t("Anonymous usage statistics are on here, but the editor's telemetry is off, so nothing is sent.");
  return { available: true, enabled, status, details };
}
