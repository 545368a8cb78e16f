import * as l10n from '@vscode/l10n';
import type { Locale } from '../locale';
import type { EffectivePolicy } from '../policy/effective';
import type { SensitivityLevel } from '../policy/schema';
import type { Category } from '../redaction/kinds';
import { categoryLabel } from '../redaction/labels';
import type { Classification, ProviderRuleOrigin, Reason } from './types';

/**
 * What classification found, as data: the classifier records facts while it evaluates (cheap),
 * and `describe` turns each into a sentence for people (in the current language) at the end.
 */
export type Fact =
  | { kind: 'invalid'; file: string; level: SensitivityLevel }
  | { kind: 'stale'; file: string }
  | { kind: 'rule'; file: string; line: number | undefined; patterns: string; reason: string; level: SensitivityLevel }
  | { kind: 'default'; file: string | undefined; level: SensitivityLevel }
  | { kind: 'built-in'; pattern: string; what: () => string; level: SensitivityLevel }
  | { kind: 'content'; category: Category; count: number; file: string | undefined; level: SensitivityLevel }
  | { kind: 'content-failed'; why: 'too-large' | 'scan-failed'; file: string | undefined; level: SensitivityLevel }
  | { kind: 'content-skipped'; why: 'binary' | 'unreadable' }
  | { kind: 'content-below'; category: Category; count: number; threshold: number; level: SensitivityLevel }
  | { kind: 'ignore-file'; file: string; line: number; pattern: string }
  | { kind: 'matrix'; level: SensitivityLevel; deniedBy: ReadonlyArray<string | undefined> }
  | { kind: 'client'; id: string; name: string; file: string; line: number | undefined; providers: readonly string[] | undefined };

export function describe(fact: Fact, locale: Locale, show: (path: string) => string): Reason {
  const label = (level: SensitivityLevel) => level.label[locale];
  switch (fact.kind) {
    case 'invalid':
      return {
        source: 'policy-invalid',
        detail: l10n.t('{0} has errors and no earlier valid version: treated as at least {1} until it is fixed.', show(fact.file), label(fact.level)),
        file: fact.file,
        level: fact.level.id,
      };
    case 'stale':
      return { source: 'policy-invalid', detail: l10n.t('{0} has errors: its last valid version is in force.', show(fact.file)), file: fact.file };
    case 'rule':
      return {
        source: 'rule',
        detail: l10n.t("{0}: the rule '{1}' makes it {2}: {3}", at(show(fact.file), fact.line), fact.patterns, label(fact.level), fact.reason),
        file: fact.file,
        ...line(fact.line),
        level: fact.level.id,
      };
    case 'default':
      return fact.file === undefined
        ? { source: 'default', detail: l10n.t('The built-in default level applies: {0}.', label(fact.level)), level: fact.level.id }
        : { source: 'default', detail: l10n.t('{0}: no rule matches, so its default level applies: {1}.', show(fact.file), label(fact.level)), file: fact.file, level: fact.level.id };
    case 'built-in':
      return { source: 'built-in', detail: l10n.t("The name matches '{0}', {1}: at least {2}.", fact.pattern, fact.what(), label(fact.level)), level: fact.level.id };
    case 'content':
      return {
        source: 'content',
        detail: l10n.t('The content contains {0} ({1} found): at least {2}.', categoryLabel(fact.category), fact.count, label(fact.level)),
        ...file(fact.file),
        level: fact.level.id,
      };
    case 'content-failed': {
      const why = fact.why === 'too-large' ? l10n.t('too large') : l10n.t('the scan failed');
      return { source: 'content', detail: l10n.t('The content could not be scanned ({0}), so it may hold anything: at least {1}.', why, label(fact.level)), ...file(fact.file), level: fact.level.id };
    }
    case 'content-below':
      return {
        source: 'content',
        detail: l10n.t(
          'The content contains {0} ({1} found), fewer than the {2} that make a file {3} (contentThresholds): they are masked before any AI call.',
          categoryLabel(fact.category),
          fact.count,
          fact.threshold,
          label(fact.level),
        ),
      };
    case 'content-skipped': {
      const why = fact.why === 'binary' ? l10n.t('binary file') : l10n.t('unreadable');
      return { source: 'content', detail: l10n.t('The content was not scanned ({0}): the level comes from the path alone.', why) };
    }
    case 'ignore-file':
      return { source: 'ignore-file', detail: l10n.t("Excluded from AI by {0}:{1} ('{2}').", show(fact.file), fact.line, fact.pattern), file: fact.file, line: fact.line };
    case 'matrix': {
      const files = fact.deniedBy.filter((denier) => denier !== undefined);
      return files.length === 0
        ? { source: 'matrix', detail: l10n.t('AI is not allowed for {0} files (built-in matrix).', label(fact.level)) }
        : { source: 'matrix', detail: l10n.t('{0}: AI is not allowed for {1} files.', files.map(show).join(', '), label(fact.level)), file: files[0] as string };
    }
    case 'client': {
      const from = at(show(fact.file), fact.line);
      const detail =
        fact.providers === undefined
          ? l10n.t('Client {0} ({1}), by {2}.', fact.name, fact.id, from)
          : l10n.t('Client {0} ({1}), by {2}; its providers: {3}.', fact.name, fact.id, from, fact.providers.join(', '));
      return { source: 'client', detail, file: fact.file, ...line(fact.line) };
    }
  }
}

function at(path: string, line: number | undefined): string {
  return line === undefined ? path : `${path}:${line}`;
}

function line(value: number | undefined): { line?: number } {
  return value === undefined ? {} : { line: value };
}

function file(value: string | undefined): { file?: string } {
  return value === undefined ? {} : { file: value };
}

/**
 * The facts gathered while classifying one file, and the highest level they ask for. Facts
 * that set a level are kept with their rank, so the order of the reasons can be decided later.
 */
export class Evidence {
  top = 0;
  // Allocated on first use: most files have no policy problem, no note, nothing limiting AI use.
  private policyFacts: Fact[] | undefined;
  private notes: Fact[] | undefined;
  private useFacts: Fact[] | undefined;
  private readonly levelFacts: Fact[] = [];
  private readonly levelRanks: number[] = [];

  constructor(private readonly effective: EffectivePolicy) {}

  /** A fact asking for at least `level`. */
  raise(level: SensitivityLevel, fact: Fact): void {
    const rank = this.effective.rank(level.id) ?? 0;
    if (rank > this.top) this.top = rank;
    this.levelFacts.push(fact);
    this.levelRanks.push(rank);
  }

  /** An unusable policy: a problem first of all, and a floor. */
  invalid(file: string, level: SensitivityLevel): void {
    const rank = this.effective.rank(level.id) ?? 0;
    if (rank > this.top) this.top = rank;
    (this.policyFacts ??= []).push({ kind: 'invalid', file, level });
  }

  /** A problem with a policy that sets no level (its last valid version is in force). */
  policy(fact: Fact): void {
    (this.policyFacts ??= []).push(fact);
  }

  /** Something about the content that sets no level. */
  note(fact: Fact): void {
    (this.notes ??= []).push(fact);
  }

  /** What limits AI use: an ignore file, the matrix, the client. */
  use(fact: Fact): void {
    (this.useFacts ??= []).push(fact);
  }

  /**
   * Most decisive first: problems with the policies; what set the level, in evaluation order;
   * notes about the content; what limits AI use; last, what a higher level outranked.
   */
  ordered(): Fact[] {
    const decisive = this.levelFacts.filter((_, i) => this.levelRanks[i] === this.top);
    const outranked = this.levelFacts.filter((_, i) => (this.levelRanks[i] as number) < this.top);
    return [...(this.policyFacts ?? []), ...decisive, ...(this.notes ?? []), ...(this.useFacts ?? []), ...outranked];
  }
}

/**
 * A classification whose reasons are put into words on first access: deciding a level takes
 * microseconds, phrasing its explanation takes longer, and most callers (decorations, the
 * status bar, a pipeline checking a provider) never read it. `JSON.stringify` includes the
 * reasons (through `toJSON`); an object spread (`{ ...result }`) does not — use `toJSON()`.
 */
export class ClassificationResult implements Classification {
  readonly path: string;
  readonly root: string | undefined;
  readonly level: string;
  readonly levelLabel: string;
  readonly levelColor: string | undefined;
  readonly levelRank: number;
  readonly client: Classification['client'];
  readonly aiAllowed: boolean;
  readonly excluded: boolean;
  readonly allowedProviders: readonly string[];
  readonly providerRules: ReadonlyArray<readonly string[]>;
  readonly providerRuleOrigins: ReadonlyArray<ProviderRuleOrigin>;
  readonly redact: readonly Category[];
  readonly #evidence: Evidence;
  readonly #locale: Locale;
  readonly #show: (path: string) => string;
  #reasons: Reason[] | undefined;

  constructor(fields: {
    path: string;
    root: string | undefined;
    level: SensitivityLevel;
    client: Classification['client'];
    aiAllowed: boolean;
    excluded: boolean;
    allowedProviders: readonly string[];
    providerRules: ReadonlyArray<readonly string[]>;
    providerRuleOrigins: ReadonlyArray<ProviderRuleOrigin>;
    redact: readonly Category[];
    evidence: Evidence;
    locale: Locale;
    show: (path: string) => string;
  }) {
    this.path = fields.path;
    this.root = fields.root;
    this.level = fields.level.id;
    this.levelLabel = fields.level.label[fields.locale];
    this.levelColor = fields.level.color;
    this.levelRank = fields.evidence.top;
    this.client = fields.client;
    this.aiAllowed = fields.aiAllowed;
    this.excluded = fields.excluded;
    this.allowedProviders = fields.allowedProviders;
    this.providerRules = fields.providerRules;
    this.providerRuleOrigins = fields.providerRuleOrigins;
    this.redact = fields.redact;
    this.#evidence = fields.evidence;
    this.#locale = fields.locale;
    this.#show = fields.show;
  }

  get reasons(): Reason[] {
    this.#reasons ??= this.#evidence.ordered().map((fact) => describe(fact, this.#locale, this.#show));
    return this.#reasons;
  }

  toJSON(): Classification {
    const { path, root, level, levelLabel, levelColor, levelRank, client, aiAllowed, excluded, allowedProviders, providerRules, providerRuleOrigins, redact, reasons } = this;
    return { path, root, level, levelLabel, levelColor, levelRank, client, aiAllowed, excluded, allowedProviders, providerRules, providerRuleOrigins, redact, reasons };
  }
}
