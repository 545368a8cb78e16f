import type { RedactionDictionary } from '../redaction';
import { CATEGORIES, type Category } from '../redaction/kinds';
import { DEFAULT_POLICY } from './defaults';
import type { Budget } from '../cost/budget';
import type { PriceTable } from '../cost/prices';
import { type CatalogueEntry, type ConfiguredProvider, type ProviderTrust, trustOf } from './providerTrust';
import { adoptBuiltIns, combined, declareSections, noDeclarations, type SectionDeclarations } from './sections';
import { type CombinedCost, costTablesOf, preferredModelOf } from './sections/cost';
import { type LevelRule, UNCOVERED } from './sections/matrix';
import type { Declared } from './sections/section';
import type { TemplateDeclarations } from './sections/templates';
import { type ClientDefinition, type LevelId, type SensitivityLevel, type PolicyDocument, entryAllows } from './schema';

export type { Declared } from './sections/section';

/**
 * The policies in force for one folder, combined, outermost first: **the most restrictive
 * wins**. Each `with` returns a new object, so a chain shares its prefix with its children.
 * Each section's rule lives in its module (`sections/`); in short:
 *
 * - the outermost policy adopts the built-in policy's values for what it does not declare
 *   (`DEFAULT_POLICY`), and so fixes everything inner policies combine with; its own
 *   declarations replace the built-in ones (a workspace with no organisation policy is
 *   authoritative). User settings never replace anything: with no policy in force, they sit
 *   on the built-in policy as on any outer one;
 * - levels: the outermost policy's (its `levels`, or the built-in four);
 * - a level's AI permission: AND over the policies that state it;
 * - its providers: a provider must be allowed by every list declared (an intersection);
 * - its redaction categories, the dictionary, `network`: unions (OR);
 * - content levels and default levels: the highest declared;
 * - a provider's tags, kind and endpoints: from the outermost policy in force only (inner
 *   policies may only add untagged ids, `layers.ts` makes any other attempt an error), never from
 *   user settings; the outermost policy redeclaring a built-in id keeps the built-in kind and
 *   endpoints it does not restate, so a redeclared `mistral` is not trusted by its id alone;
 * - the audit waiver (`audit.required: false`): the outermost policy's only;
 * - clients: the outermost declaration of an id.
 *
 * A built-in reference to a level the outermost policy's levels lack means the highest level.
 */

/**
 * What the chain of policies so far declared, each kind of declaration with the policy it came
 * from, outermost first. `EffectivePolicy` answers questions from it by the combination rules.
 */
interface Declarations {
  /** Who fixed the levels and adopted the built-in values: undefined until someone did. */
  outermost: { file: string | undefined } | undefined;
  levels: readonly SensitivityLevel[];
  rankOf: ReadonlyMap<LevelId, number>;
  defaults: ReadonlyArray<Declared<LevelId>>;
  /** Every section's declarations (`sections/`). */
  sections: SectionDeclarations;
}

/**
 * The combined policy for one folder, frozen: a run asks it every question (approvals, the matrix,
 * prices, budgets, audit, cache), so that a policy saved meanwhile cannot give one run answers
 * from two versions. `PolicyStore.at(path)` hands it out.
 */
export class EffectivePolicy {
  private constructor(private readonly declared: Declarations) {
    Object.freeze(declared);
    Object.freeze(this);
  }

  get levels(): readonly SensitivityLevel[] {
    return this.declared.levels;
  }

  /** The provider catalogue in force (`sections/catalogue.ts`). */
  get catalogue(): ReadonlyMap<string, CatalogueEntry> {
    return combined(this.declared.sections, 'catalogue');
  }

  /** The clients, each with the policy that declared it (`sections/clients.ts`). */
  get clients(): ReadonlyMap<string, Declared<ClientDefinition>> {
    return combined(this.declared.sections, 'clients');
  }

  get network(): ReadonlyArray<Declared<boolean>> {
    return this.declared.sections.network;
  }

  get templates(): TemplateDeclarations {
    return this.declared.sections.templates;
  }

  /** The response cache: whether answers may be reused, and for how long (`sections/cache.ts`). */
  get responseCache(): { enabled: boolean; ttlMinutes: number } {
    return combined(this.declared.sections, 'cache');
  }

  /** How many days audit records are kept (undefined: for ever; `sections/audit.ts`). */
  get auditRetentionDays(): number | undefined {
    return combined(this.declared.sections, 'audit').retentionDays;
  }

  /** Whether AI calls are blocked when their audit record cannot be written (`sections/audit.ts`). */
  get auditRequired(): boolean {
    return combined(this.declared.sections, 'audit').required;
  }

  /** No policy yet: every answer comes from the built-in policy. */
  static builtIn(): EffectivePolicy {
    return new EffectivePolicy({
      outermost: undefined,
      levels: DEFAULT_POLICY.levels,
      rankOf: rankMap(DEFAULT_POLICY.levels),
      defaults: [],
      sections: noDeclarations(),
    });
  }

  /** The policy that fixed the levels (undefined: the built-in policy), once one did. */
  get levelsFixedBy(): { file: string | undefined } | undefined {
    return this.declared.outermost;
  }

  /** This chain with the built-in policy declared as its outermost policy, if none is yet. */
  adoptingBuiltIns(): EffectivePolicy {
    return this.declared.outermost !== undefined ? this : this.apply(DEFAULT_POLICY, undefined, false).adopting(DEFAULT_POLICY, undefined);
  }

  /**
   * This chain with one more (inner) policy, already checked against this chain. What the
   * policy tries to loosen is kept as declared: the combination rules above make it powerless.
   * User settings (`fromUser`) add provider ids but never tags, and never replace built-ins.
   */
  with(policy: PolicyDocument, file: string, fromUser = false): EffectivePolicy {
    if (this.declared.outermost !== undefined) return this.apply(policy, file, fromUser);
    if (fromUser) return this.adoptingBuiltIns().apply(policy, file, true);
    // The outermost policy: its declarations, then the built-in values for the rest.
    return this.apply(policy, file, false).adopting(policy, file);
  }

  /**
   * This chain, whose outermost policy `policy` was just declared, with the built-in values it
   * leaves undeclared, as the built-in policy's: the default level, and each section's remainder.
   */
  private adopting(policy: PolicyDocument, file: string | undefined): EffectivePolicy {
    const d = this.declared;
    return new EffectivePolicy({
      ...d,
      defaults: policy.defaultLevel === undefined ? [...d.defaults, { value: DEFAULT_POLICY.defaultLevel, file: undefined }] : d.defaults,
      sections: adoptBuiltIns(
        d.sections,
        policy,
        file,
        d.levels.map((level) => level.id),
      ),
    });
  }

  /**
   * This chain with a policy that could not be used at all: it declares nothing; if it is the
   * outermost, the built-in values stand in for it (and it fixes the built-in levels).
   */
  withUnusable(file: string): EffectivePolicy {
    return this.declared.outermost !== undefined ? this : this.apply(DEFAULT_POLICY, undefined, false, file).adopting(DEFAULT_POLICY, undefined);
  }

  private apply(policy: PolicyDocument, file: string | undefined, fromUser: boolean, outermostFile: string | undefined = file): EffectivePolicy {
    const first = this.declared.outermost === undefined;
    const levels = first && policy.levels !== undefined ? policy.levels : this.declared.levels;
    const d = this.declared;
    return new EffectivePolicy({
      outermost: d.outermost ?? { file: outermostFile },
      levels,
      rankOf: levels === d.levels ? d.rankOf : rankMap(levels),
      defaults: policy.defaultLevel !== undefined ? [...d.defaults, { value: policy.defaultLevel, file }] : d.defaults,
      sections: declareSections(d.sections, policy, { file, outermost: first, fromUser, levels: levels.map((level) => level.id) }),
    });
  }

  /**
   * Prices and budgets, the most restrictive way (`sections/cost.ts`): the outermost currency; for
   * each model the highest price any policy sets; for each budget the lowest.
   */
  costPolicy(): CombinedCost {
    return combined(this.declared.sections, 'cost');
  }

  /** The model a template prefers on a provider (`cost.preferredModels`, see `preferredModelOf`). */
  preferredModel(template: { id: string; profile: string }, providerId: string): string | undefined {
    return preferredModelOf(this.declared.sections.cost, template, providerId);
  }

  /**
   * Prices (the policies' over the built-in table, in the outermost currency) and budgets in force.
   */
  costTables(): { table: PriceTable; budget: Budget } {
    return costTablesOf(this.costPolicy());
  }

  /**
   * What the catalogue grants a configured provider: its id's tags, only when the configuration's
   * kind and address match the entry (`trustOf`). The matrix checks these tags, never what a
   * setting claims.
   */
  providerTrust(provider: ConfiguredProvider): ProviderTrust {
    return trustOf(this.catalogue.get(provider.id), provider);
  }

  /**
   * The tags granted another AI tool (Claude Code, Cursor…) under its catalogue id. A tool is not
   * a provider AI Guard calls: it has no kind or address of ours to check, its vendor is its
   * identity, so the entry's tags apply as declared.
   */
  toolTags(id: string): string[] {
    return [...(this.catalogue.get(id)?.tags ?? [])];
  }

  /** The categories with a content level: what a content scan must look for to serve classification. */
  get contentCategories(): Category[] {
    return CATEGORIES.filter((category) => this.contentLevelFor(category) !== undefined);
  }

  /**
   * What a content scan must look for to serve classification (the categories with a content
   * level), whether network masking is on, and the dictionary in force.
   */
  scanSettings(): { contentCategories: Category[]; network: boolean; dictionary: RedactionDictionary } {
    return { contentCategories: this.contentCategories, network: this.networkOn, dictionary: this.dictionary() };
  }

  /** The template approvals in force, and whether unapproved templates may run. */
  templatePolicy(): { approved: ReadonlyArray<{ id: string; sha256: string }>; allowUnapproved: boolean } {
    return combined(this.declared.sections, 'templates');
  }

  /** Whether templates that are not approved may run: unless any policy in force says no. */
  get unapprovedTemplatesAllowed(): boolean {
    return combined(this.declared.sections, 'templates').allowUnapproved;
  }

  rank(level: LevelId): number | undefined {
    return this.declared.rankOf.get(level);
  }

  get highest(): SensitivityLevel {
    return this.declared.levels[this.declared.levels.length - 1] as SensitivityLevel;
  }

  /**
   * The level with this id. An id the levels lack can only come from the built-in policy
   * (policies are checked), and falls back to the highest level: failing closed.
   */
  level(id: LevelId): SensitivityLevel {
    return this.declared.levels.find((level) => level.id === id) ?? this.highest;
  }

  /** The highest declared default level, with the policy that declared it. */
  defaultFloor(): Declared<string> | undefined {
    let best: Declared<string> | undefined;
    for (const declared of this.declared.defaults) if (best === undefined || this.rankOrTop(declared.value) > this.rankOrTop(best.value)) best = declared;
    return best;
  }

  /**
   * Whether AI may see files of `level`, and which policies say no (undefined: the built-in
   * one). A level nothing covers is closed: AI is not allowed (`sections/matrix.ts`).
   */
  aiAllowedFor(level: LevelId): { allowed: boolean; deniedBy: Array<string | undefined> } {
    const { allowed, deniedBy } = this.matrixRule(level).aiAllowed;
    return { allowed, deniedBy: [...deniedBy] };
  }

  /** Every provider list that applies to `level`; a provider must satisfy each of them. */
  providerListsFor(level: LevelId): ReadonlyArray<Declared<readonly string[]>> {
    return this.matrixRule(level).providerLists;
  }

  /** The declared provider lists for `level` only: what outer policies forbid. */
  declaredProviderLists(level: LevelId): ReadonlyArray<Declared<readonly string[]>> {
    return this.declared.sections.matrix.providerLists.get(level) ?? [];
  }

  declaredAiAllowed(level: LevelId): ReadonlyArray<Declared<boolean>> {
    return this.declared.sections.matrix.aiAllowed.get(level) ?? [];
  }

  /** The categories masked for `level`: the matrix's, and `network` when network masking is on. */
  redactFor(level: LevelId): Category[] {
    const categories = new Set<Category>(this.matrixRule(level).redact);
    if (this.networkOn) categories.add('network');
    return CATEGORIES.filter((category) => categories.has(category));
  }

  get networkOn(): boolean {
    return combined(this.declared.sections, 'network');
  }

  /** The minimum level of a file whose content holds `category`, with the policy that set it (`sections/contentLevels.ts`). */
  contentLevelFor(category: Category): { level: SensitivityLevel; file: string | undefined } | undefined {
    const declared = combined(this.declared.sections, 'contentLevels').levels.get(category);
    return declared === undefined ? undefined : { level: this.level(declared.value), file: declared.file };
  }

  /**
   * How many findings of `category` make its content level apply: the lowest any policy in
   * force sets (the most restrictive), else the built-in one, else 1.
   */
  contentThresholdFor(category: Category): number {
    return combined(this.declared.sections, 'contentLevels').thresholds.get(category) ?? 1;
  }

  declaredContentThresholds(category: Category): ReadonlyArray<Declared<number>> {
    return this.declared.sections.contentLevels.thresholds.get(category) ?? [];
  }

  declaredContentLevels(category: Category): ReadonlyArray<Declared<string>> {
    return this.declared.sections.contentLevels.byCategory.get(category) ?? [];
  }

  /**
   * The union of every dictionary in force (the policies' and their clients'). Built once: a
   * chain never changes, and the editor keys its scanners by this object.
   */
  dictionary(): RedactionDictionary {
    let union = dictionaryUnions.get(this);
    if (union === undefined) {
      union = combined(this.declared.sections, 'dictionary');
      dictionaryUnions.set(this, union);
    }
    return union;
  }

  /** Whether `provider` satisfies one list entry: `*`, its id, or a tag the catalogue gives it. */
  matches(entry: string, provider: string): boolean {
    return entryAllows(entry, provider, (tag) => this.catalogue.get(provider)?.tags.has(tag) ?? false);
  }

  allowedBy(lists: ReadonlyArray<{ value: readonly string[] }>, provider: string): boolean {
    return lists.every((list) => list.value.some((entry) => this.matches(entry, provider)));
  }

  /** What the matrix says of `level`, all policies combined (`sections/matrix.ts`). */
  private matrixRule(level: LevelId): LevelRule {
    return combined(this.declared.sections, 'matrix').get(level) ?? UNCOVERED;
  }

  private rankOrTop(level: LevelId): number {
    return this.declared.rankOf.get(level) ?? this.declared.levels.length - 1;
  }
}

/** Each chain's dictionary union, built on first use (the chain itself is frozen). */
const dictionaryUnions = new WeakMap<EffectivePolicy, RedactionDictionary>();

function rankMap(levels: readonly SensitivityLevel[]): Map<string, number> {
  return new Map(levels.map((level, index) => [level.id, index]));
}
