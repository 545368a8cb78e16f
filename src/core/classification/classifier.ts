import type { Locale } from '../locale';
import { DEFAULT_POLICY, INVALID_POLICY_LEVEL } from '../policy/defaults';
import type { EffectivePolicy } from '../policy/effective';
import { type Chain, innermostAncestor, type ResolvedLayer } from '../policy/layers';
import type { Reporter } from '../policy/parse';
import { isNegation, MatcherSet, type MatchResult, PathMatcher } from '../policy/patterns';
import type { SensitivityLevel, PolicyDocument } from '../policy/schema';
import type { Category } from '../redaction/kinds';
import { CATEGORIES } from '../redaction/kinds';
import { builtInMatcher, describeBuiltIn } from './builtins';
import type { FolderIgnores, IgnoreFileIndex } from './ignoreFiles';
import { basename, dirname } from './paths';
import { ClassificationResult, Evidence } from './reasons';
import type { Classification, ContentSummary, ProviderRuleOrigin } from './types';

/** What the classifier needs besides the policies: the language of labels, the caller's providers. */
export interface ClassifierOptions {
  locale: Locale;
  /** Provider ids the caller knows (configured providers), resolved with the catalogue's. */
  knownProviders: readonly string[];
  /** How reasons name a file (the editor: relative to the workspace; default: as given). */
  displayPath: (path: string) => string;
}

interface CompiledRule {
  matcher: PathMatcher;
  patterns: string;
  level: string;
  client: string | undefined;
  reason: string;
  line: number | undefined;
}

/**
 * Rules compiled once per parsed document (a new text is a new document) and kept with the
 * answers their matchers have cached, so editing one policy does not slow the others down.
 */
const compiledRules = new WeakMap<PolicyDocument, CompiledRule[]>();

function rulesOf(document: PolicyDocument, base: string, report: Reporter | undefined): CompiledRule[] {
  let rules = compiledRules.get(document);
  if (rules === undefined || (rules.length > 0 && rules[0]?.matcher.base !== base)) {
    rules = (document.rules ?? []).map((rule, index) => {
      const patterns = rule.pattern !== undefined ? [rule.pattern] : (rule.patterns ?? []);
      return {
        matcher: new PathMatcher(matchingForm(patterns), base),
        patterns: patterns.join(', '),
        level: rule.level,
        client: rule.client,
        reason: rule.reason,
        line: report?.(['rules', index], 'warning', '', 'open').line,
      };
    });
    compiledRules.set(document, rules);
  }
  return rules;
}

/**
 * A rule's patterns in an equivalent form that `PathMatcher` answers by folder: `dir/**`
 * matches exactly the files `dir/` does. Only without negations, where `dir/**` (which leaves
 * the folder itself unmatched) lets `!dir/keep` re-include a file and `dir/` would not.
 */
function matchingForm(patterns: readonly string[]): Array<{ pattern: string }> {
  const rewrite = !patterns.some(isNegation);
  return patterns.map((pattern) => ({ pattern: rewrite ? pattern.replace(/\/\*\*\s*$/, '/') : pattern }));
}

/**
 * The rules of a chain, flattened in chain order, and their matchers with the built-ins' last,
 * as one set: one lookup per file name gives every answer.
 */
interface ChainRules {
  chain: Chain;
  layers: ReadonlyArray<{ layer: ResolvedLayer; rules: readonly CompiledRule[] }>;
  matchers: MatcherSet;
}

/** What holds for every file of one folder, computed once per folder. */
interface FolderInfo {
  rules: ChainRules;
  /** Every rule's answer for the folder itself, in `rules` order, then the built-ins'. */
  inFolder: readonly MatchResult[];
  ignores: FolderIgnores;
}

/** What depends only on the chain, the level and the clients: computed once per combination. */
interface UseInfo {
  aiAllowed: boolean;
  /** The policies that say no (undefined: the built-in one). */
  deniedBy: ReadonlyArray<string | undefined>;
  allowedProviders: readonly string[];
  providerRules: ReadonlyArray<readonly string[]>;
  providerRuleOrigins: ReadonlyArray<ProviderRuleOrigin>;
  redact: readonly Category[];
}

const NONE_ALLOWED: readonly string[] = Object.freeze([]);
/** What a pattern answers for a name that is not there: a folder's own answers come from `inFolder`. */
const NO_MATCH: MatchResult = Object.freeze({ state: 'none' });
/** One empty list: no provider satisfies it. */
const NO_PROVIDER_RULES: ReadonlyArray<readonly string[]> = Object.freeze([Object.freeze([])]);
const NO_ORIGINS: ReadonlyArray<ProviderRuleOrigin> = Object.freeze([]);

/**
 * Classifies the files of one workspace folder (or, with `root` undefined, files outside every
 * folder, under the organisation and user policies only). Pure and synchronous: the policies
 * and ignore files are already read and resolved. What holds for a whole folder is cached, so
 * it is rebuilt, not mutated, when a policy or ignore file changes.
 */
export class RootClassifier {
  private readonly folders = new Map<string, FolderInfo>();
  private readonly rulesByChain = new Map<Chain, ChainRules>();
  private readonly uses = new Map<Chain, Map<string, UseInfo>>();

  constructor(
    readonly root: string | undefined,
    private readonly chains: ReadonlyMap<string, Chain>,
    private readonly ignoreFiles: IgnoreFileIndex,
    private readonly options: ClassifierOptions,
  ) {}

  /** The chain of policies governing files of `folder` (relative to the root). */
  chainFor(folder: string): Chain {
    return this.chains.get(folder) ?? innermostAncestor(this.chains, folder) ?? (this.chains.get('') as Chain);
  }

  /**
   * Classifies `relative` (relative to the root, canonical, without `..`); `path` is what the
   * result reports as the file's path. With `asFolder`, `relative` is a folder and is classified
   * as one: under the policies that govern its files, by what matches the folder itself or a
   * folder above it (so `dir/` rules match it), as a file in it matched by nothing else would be.
   */
  classify(relative: string, path: string, content?: ContentSummary, asFolder = false): Classification {
    const folder = asFolder ? relative : dirname(relative);
    const name = asFolder ? '' : basename(relative);
    const info = this.folderInfo(folder);
    const effective = info.rules.chain.effective;
    // The workspace folder itself ('') is no file: no pattern can match it.
    const isFile = relative !== '' || asFolder;
    const matchers = info.rules.matchers;
    const byName = asFolder ? matchers.matchers.map(() => NO_MATCH) : isFile ? matchers.nameAnswers(name) : undefined;
    const evidence = new Evidence(effective);

    let client: { id: string; rank: number; file: string; line: number | undefined } | undefined;
    let clients: string[] | undefined;
    let index = 0;
    // The outermost policy's default is the built-in one unless it declares its own; with no
    // usable outermost policy (none, an unusable one, or only user settings) it always applies.
    const outermost = info.rules.layers[0]?.layer;
    const builtInDefaultIsOutermosts = outermost !== undefined && outermost.kind !== 'user' && outermost.document !== undefined;
    if (!builtInDefaultIsOutermosts) {
      const level = effective.level(DEFAULT_POLICY.defaultLevel);
      evidence.raise(level, { kind: 'default', file: undefined, level });
    }
    for (const { layer, rules } of info.rules.layers) {
      if (layer.document === undefined) {
        evidence.invalid(layer.file, effective.level(INVALID_POLICY_LEVEL));
        continue;
      }
      if (layer.status === 'stale') evidence.policy({ kind: 'stale', file: layer.file });
      const line = layer.current !== undefined;
      let matched = false;
      for (const rule of rules) {
        const position = index++;
        if (byName === undefined || matchers.answer(position, info.inFolder, byName, folder, name).state !== 'matched') continue;
        matched = true;
        const level = effective.level(rule.level);
        evidence.raise(level, { kind: 'rule', file: layer.file, line: line ? rule.line : undefined, patterns: rule.patterns, reason: rule.reason, level });
        if (rule.client !== undefined) {
          (clients ??= []).push(rule.client);
          const rank = effective.rank(level.id) ?? 0;
          // The innermost policy names the client; within one, the highest level, then the last rule.
          if (client === undefined || client.file !== layer.file || rank >= client.rank) client = { id: rule.client, rank, file: layer.file, line: line ? rule.line : undefined };
        }
      }
      const defaultLevel = layer.document.defaultLevel ?? (layer === outermost ? DEFAULT_POLICY.defaultLevel : undefined);
      if (!matched && defaultLevel !== undefined) {
        const level = effective.level(defaultLevel);
        evidence.raise(level, { kind: 'default', file: layer.document.defaultLevel !== undefined ? layer.file : undefined, level });
      }
    }

    const builtIn = byName === undefined ? undefined : describeBuiltIn(matchers.answer(index, info.inFolder, byName, folder, name));
    if (builtIn !== undefined) {
      const level = effective.level(builtIn.level);
      evidence.raise(level, { kind: 'built-in', pattern: builtIn.pattern, what: builtIn.what, level });
    }
    if (content !== undefined) contentEvidence(effective, content, evidence);

    const level = effective.levels[evidence.top] as SensitivityLevel;
    // A folder is excluded by the ignore files above it, never by its own (which govern what it holds).
    const exclusion = asFolder ? info.ignores.exclusion : isFile ? this.ignoreFiles.exclusionOf(info.ignores, folder, name) : undefined;
    if (exclusion !== undefined) evidence.use({ kind: 'ignore-file', ...exclusion });
    const use = this.useInfo(info.rules.chain, level.id, clients);
    if (!use.aiAllowed) evidence.use({ kind: 'matrix', level, deniedBy: use.deniedBy });
    let named: Classification['client'];
    if (client !== undefined) {
      const declared = effective.clients.get(client.id)?.value;
      named = { id: client.id, name: declared?.name ?? client.id };
      evidence.use({ kind: 'client', id: client.id, name: named.name, file: client.file, line: client.line, providers: declared?.providers });
    }
    const aiAllowed = exclusion === undefined && use.aiAllowed;
    return new ClassificationResult({
      path,
      root: this.root,
      level,
      client: named,
      aiAllowed,
      excluded: exclusion !== undefined,
      allowedProviders: aiAllowed ? use.allowedProviders : NONE_ALLOWED,
      providerRules: aiAllowed ? use.providerRules : NO_PROVIDER_RULES,
      providerRuleOrigins: aiAllowed ? use.providerRuleOrigins : NO_ORIGINS,
      redact: use.redact,
      evidence,
      locale: this.options.locale,
      show: this.options.displayPath,
    });
  }

  private folderInfo(folder: string): FolderInfo {
    let info = this.folders.get(folder);
    if (info === undefined) {
      const rules = this.chainRules(this.chainFor(folder));
      info = { rules, inFolder: rules.matchers.folderAnswers(folder), ignores: this.ignoreFiles.folderState(folder) };
      this.folders.set(folder, info);
    }
    return info;
  }

  private chainRules(chain: Chain): ChainRules {
    let rules = this.rulesByChain.get(chain);
    if (rules === undefined) {
      const layers = chain.layers.map((layer) => ({ layer, rules: layer.document === undefined ? [] : rulesOf(layer.document, layer.folder, layer.current?.report) }));
      const matchers = new MatcherSet([...layers.flatMap((layer) => layer.rules.map((rule) => rule.matcher)), builtInMatcher()]);
      rules = { chain, layers, matchers };
      this.rulesByChain.set(chain, rules);
    }
    return rules;
  }

  /** AI permission, providers and redaction for a level under a chain, with the clients' narrowing. */
  private useInfo(chain: Chain, level: string, clients: readonly string[] | undefined): UseInfo {
    let byKey = this.uses.get(chain);
    if (byKey === undefined) {
      byKey = new Map();
      this.uses.set(chain, byKey);
    }
    const key = clients === undefined ? level : `${level}\n${[...new Set(clients)].sort().join('\n')}`;
    let use = byKey.get(key);
    if (use === undefined) {
      const effective = chain.effective;
      const matrix = effective.aiAllowedFor(level);
      const lists: Array<{ value: readonly string[]; file?: string | undefined }> = [...effective.providerListsFor(level)];
      // Where each list is declared, so that a provider left out can be told which key to change.
      const origins: ProviderRuleOrigin[] = lists.map((list) => Object.freeze({ key: `matrix.${level}.providers`, file: list.file }));
      for (const id of new Set(clients)) {
        const declared = effective.clients.get(id);
        const providers = declared?.value.providers;
        if (providers === undefined) continue;
        lists.push({ value: providers });
        origins.push(Object.freeze({ key: `clients[${id}].providers`, file: declared?.file }));
      }
      const known = new Set([...effective.catalogue.keys(), ...this.options.knownProviders]);
      // Shared by every result with this combination, so frozen.
      use = {
        aiAllowed: matrix.allowed,
        deniedBy: Object.freeze([...matrix.deniedBy]),
        allowedProviders: Object.freeze([...known].filter((id) => effective.allowedBy(lists, id)).sort()),
        providerRules: Object.freeze(lists.map((list) => Object.freeze([...list.value]))),
        providerRuleOrigins: Object.freeze(origins),
        redact: Object.freeze(effective.redactFor(level)),
      };
      byKey.set(key, use);
    }
    return use;
  }
}

/** What the content summary says, per `contentLevels`. */
function contentEvidence(effective: EffectivePolicy, content: ContentSummary, evidence: Evidence): void {
  if ('counts' in content) {
    for (const category of CATEGORIES) {
      const count = content.counts[category] ?? 0;
      if (count === 0) continue;
      const floor = effective.contentLevelFor(category);
      if (floor === undefined) continue;
      // A few items (one address in a comment) are masked before any call and do not raise the
      // level; a file of them (an export, a dump) does (`contentThresholds`).
      const threshold = effective.contentThresholdFor(category);
      if (count >= threshold) evidence.raise(floor.level, { kind: 'content', category, count, file: floor.file, level: floor.level });
      else evidence.note({ kind: 'content-below', category, count, threshold, level: floor.level });
    }
  } else if (content.skipped === 'binary' || content.skipped === 'unreadable') {
    evidence.note({ kind: 'content-skipped', why: content.skipped });
  } else {
    // A scan that could not finish may have missed anything: fail closed, at the highest content level.
    let highest: ReturnType<EffectivePolicy['contentLevelFor']>;
    for (const category of CATEGORIES) {
      const floor = effective.contentLevelFor(category);
      if (floor !== undefined && (highest === undefined || (effective.rank(floor.level.id) ?? 0) > (effective.rank(highest.level.id) ?? 0))) highest = floor;
    }
    if (highest !== undefined) evidence.raise(highest.level, { kind: 'content-failed', why: content.skipped, file: highest.file, level: highest.level });
  }
}
