import * as l10n from '@vscode/l10n';
import { type MarkedPattern, PathMatcher } from '../policy/patterns';
import type { Locale } from '../locale';
import { EffectivePolicy } from '../policy/effective';
import { type LayerSource, type ResolvedLayer, resolveChains, resolveLayer } from '../policy/layers';
import { type ParsedPolicy, parsePolicyText, parsePolicyValue, unreadablePolicy } from '../policy/parse';
import type { Problem } from '../policy/problems';
import type { AuditForwardPolicy, SensitivityLevel, TelemetryPolicy } from '../policy/schema';
import { type ClassifierOptions, RootClassifier } from './classifier';
import { type IgnoreConvention, type IgnoreFile, IgnoreFileIndex, ignoreFilePatterns, isIgnoreFileName } from './ignoreFiles';
import { basename, dirname, isAbsolutePath, joinPath, normalisePath, relativeInside, withoutRoot } from './paths';
import type { Classification, ContentSummary } from './types';

/** The folder and file name of a policy, relative to the folder it governs. */
export const POLICY_FOLDER = '.aiguard';
export const POLICY_FILE_NAME = 'policy.json';

/** What the store does with a file: a policy, an AI tool's ignore file, or nothing. */
export function trackedKind(path: string): 'policy' | 'ignore' | undefined {
  const canonical = normalisePath(path);
  const name = basename(canonical);
  if (isIgnoreFileName(name)) return 'ignore';
  if (name === POLICY_FILE_NAME && basename(dirname(canonical)) === POLICY_FOLDER) return 'policy';
  return undefined;
}

/**
 * One change for `PolicyStore.apply`: a file's new text, undefined when it was deleted, or the
 * reason it could not be read (an unreadable policy is invalid: its files fail closed; an
 * unreadable ignore file is skipped).
 */
export interface FileChange {
  path: string;
  text: string | undefined;
  unreadable?: string;
}

export interface PolicyStoreOptions {
  locale?: Locale;
  knownProviders?: readonly string[];
  /** How reasons name files (default: the path as given). */
  displayPath?: (path: string) => string;
}

interface PolicyEntry {
  current: ParsedPolicy;
  lastValid?: ParsedPolicy;
}

/** What one build of the store holds: compiled per change, never modified after. */
interface Build {
  /** Workspace folders, deepest first, with the prefix of the paths inside them. */
  roots: Array<{ root: string; prefix: string; classifier: RootClassifier }>;
  /** The first folder given, for relative paths. */
  firstRoot: string | undefined;
  outside: RootClassifier;
  problems: Map<string, Problem[]>;
  /** The organisation policy's telemetry section (its valid or last valid version), if any. */
  telemetry: TelemetryPolicy | undefined;
  /** The organisation policy's audit forwarding, if any. */
  auditForward: AuditForwardPolicy | undefined;
}

/**
 * The policies of a workspace as they were at one moment, frozen: every answer a run needs
 * (classification, the effective policy of any path, the organisation's sections) comes from one
 * version, so a policy saved while the run waits for a person gives it nothing. `PolicyStore`
 * makes one per change; `version` counts them.
 */
export class PolicySnapshot {
  constructor(
    private readonly built: Build,
    readonly version: number,
  ) {
    Object.freeze(this);
  }

  /**
   * The classification of a file, or with `folder` of a folder as such (so that `dir/` rules
   * and ignore-file entries match it): for what stands for a whole folder, such as a diff's text.
   */
  classify(path: string, content?: ContentSummary, options: { folder?: boolean } = {}): Classification {
    const { classifier, relative, canonical } = this.locate(path);
    return classifier.classify(relative, canonical, content, options.folder === true);
  }

  /** The effective policy for the folder of `path` (a relative path: in the first workspace folder). */
  at(path: string): EffectivePolicy {
    const { classifier, relative } = this.locate(path);
    return classifier.chainFor(dirname(relative)).effective;
  }

  /** The levels in force for `path` (or for the first workspace folder), least sensitive first. */
  levels(path?: string): readonly SensitivityLevel[] {
    return this.at(path ?? this.built.firstRoot ?? '').levels;
  }

  /** Problems per policy file (see `PolicyStore.problems`). */
  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.built.problems;
  }

  /**
   * Where telemetry goes and the team label, from the organisation policy only (a workspace
   * policy cannot divert the figures). It never says whether to send: each person opts in.
   */
  telemetryPolicy(): { endpoint?: string; team?: string; token?: string } {
    const telemetry = this.built.telemetry;
    return {
      ...(telemetry?.endpoint !== undefined ? { endpoint: telemetry.endpoint } : {}),
      ...(telemetry?.team !== undefined ? { team: telemetry.team } : {}),
      ...(telemetry?.token !== undefined ? { token: telemetry.token } : {}),
    };
  }

  /** Where the audit trail is forwarded (`audit.forward`), from the organisation policy only: a workspace policy cannot divert it. */
  auditForwardPolicy(): AuditForwardPolicy | undefined {
    return this.built.auditForward;
  }

  private locate(path: string): { classifier: RootClassifier; relative: string; canonical: string } {
    const { roots, firstRoot, outside } = this.built;
    const canonical = normalisePath(path);
    if (isAbsolutePath(canonical)) {
      for (const { root, prefix, classifier } of roots) {
        if (canonical.startsWith(prefix)) return { classifier, relative: canonical.slice(prefix.length), canonical };
        if (canonical === root) return { classifier, relative: '', canonical };
      }
      return { classifier: outside, relative: withoutRoot(canonical), canonical };
    }
    // A relative path is taken relative to the first workspace folder given.
    const first = roots.find(({ root }) => root === firstRoot);
    const inside = canonical !== '..' && !canonical.startsWith('../');
    if (first !== undefined && inside) return { classifier: first.classifier, relative: canonical, canonical };
    // The first folder lies inside another: the path is that outer folder's file.
    if (firstRoot !== undefined && inside) return { ...this.locate(joinPath(firstRoot, canonical)), canonical };
    return { classifier: outside, relative: canonical.replace(/^(?:\.\.\/)+/, '').replace(/^\.\.$/, ''), canonical };
  }
}

/**
 * Everything classification knows about a workspace: its folders, the policy files and AI
 * ignore files in them (as texts the caller read), the organisation policy and the user's
 * settings. The editor feeds it from its file watchers, the CLI from the disk; both then call
 * `classify`. It never reads a file itself.
 *
 * Each change re-checks the policies at once (cheap: parsed files are kept), so that a policy
 * that becomes invalid falls back to its **last valid** version — the last one that was valid
 * among the policies around it — or, with none, makes its files at least `confidential`.
 * Classifying then costs no parsing; per-folder lookups are cached until the next change.
 */
export class PolicyStore {
  /**
   * The outermost workspace folders, longest first. A folder inside another (a nested
   * repository opened beside its parent) is no root of its own: its files are the outer
   * folder's, so every policy and ignore file above them applies, and its own policies are
   * nested ones, which can only tighten.
   */
  private roots: string[] = [];
  /** The first folder given, for relative paths. */
  private firstRoot: string | undefined;
  private readonly policies = new Map<string, PolicyEntry>();
  private readonly ignoreFiles = new Map<string, { convention: IgnoreConvention; patterns: MarkedPattern[]; matcher?: PathMatcher }>();
  private organisation: (PolicyEntry & { loadProblems: readonly Problem[] }) | undefined;
  private user: PolicyEntry | undefined;
  private readonly options: ClassifierOptions;
  private snapshot: PolicySnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(options: PolicyStoreOptions = {}) {
    this.options = { locale: options.locale ?? 'en', knownProviders: options.knownProviders ?? [], displayPath: options.displayPath ?? ((path) => path) };
    this.snapshot = new PolicySnapshot(this.build(), 0);
  }

  /**
   * The workspace folders (absolute paths). Files are governed by the outermost folder holding
   * them: a folder inside another inherits the outer one's policies and ignore files.
   */
  setRoots(roots: readonly string[]): void {
    const canonical = [...new Set(roots.map(normalisePath))];
    this.firstRoot = canonical[0];
    this.roots = canonical.filter((root) => !canonical.some((outer) => outer !== root && relativeInside(outer, root) !== undefined)).sort((a, b) => b.length - a.length);
    this.changed();
  }

  /**
   * The organisation policy as loaded by `loadOrganisationPolicy` (or undefined when none is
   * configured). A load that produced no text — unreachable and never cached — makes every
   * file at least `confidential`, as an invalid policy does: a configured policy is never
   * silently skipped.
   */
  setOrganisationPolicy(organisation: { file: string; text: string | undefined; problems?: readonly Problem[] } | undefined): void {
    if (organisation === undefined) {
      this.organisation = undefined;
    } else {
      const { file, text, problems = [] } = organisation;
      const lastValid = this.organisation?.current.file === file ? this.organisation.lastValid : undefined;
      // A load that produced no text is a policy with only errors: its last valid version, or none, applies.
      if (text !== undefined) {
        this.organisation = { current: parsePolicyText(file, text), ...(lastValid !== undefined ? { lastValid } : {}), loadProblems: problems };
      } else {
        const [first, ...rest] = problems;
        const current = unreadablePolicy(file, first?.message ?? l10n.t('The organisation policy could not be loaded.'));
        this.organisation = { current, ...(lastValid !== undefined ? { lastValid } : {}), loadProblems: rest };
      }
    }
    this.changed();
  }

  /** The user's own layer, a partial policy from the settings; `file` names it in problems. */
  setUserPolicy(user: { file: string; value: unknown } | undefined): void {
    this.user = user === undefined ? undefined : { current: parsePolicyValue(user.file, user.value), ...(this.user?.lastValid !== undefined ? { lastValid: this.user.lastValid } : {}) };
    this.changed();
  }

  setLocale(locale: Locale): void {
    this.options.locale = locale;
    this.changed();
  }

  /** Provider ids the caller knows (its configured providers), for `allowedProviders`. */
  setKnownProviders(ids: readonly string[]): void {
    this.options.knownProviders = [...ids];
    this.changed();
  }

  /** A policy or ignore file's new text; returns false (and ignores it) for any other file. */
  update(path: string, text: string): boolean {
    return this.apply([{ path, text }]);
  }

  /** A policy or ignore file was deleted. */
  remove(path: string): boolean {
    return this.apply([{ path, text: undefined }]);
  }

  /** Several changes at once (a first load, a branch switch): one re-check, one event. */
  apply(changes: readonly FileChange[]): boolean {
    let any = false;
    for (const { path, text, unreadable } of changes) {
      const canonical = normalisePath(path);
      const kind = trackedKind(canonical);
      if (kind === undefined) continue;
      any = true;
      if (kind === 'ignore') {
        if (text === undefined) this.ignoreFiles.delete(canonical);
        else this.ignoreFiles.set(canonical, { convention: basename(canonical) as IgnoreConvention, patterns: ignoreFilePatterns(text) });
      } else if (text === undefined && unreadable === undefined) {
        this.policies.delete(canonical);
      } else {
        const lastValid = this.policies.get(canonical)?.lastValid;
        const current = text !== undefined ? parsePolicyText(canonical, text) : unreadablePolicy(canonical, l10n.t('This policy cannot be read: {0}', unreadable as string));
        this.policies.set(canonical, { current, ...(lastValid !== undefined ? { lastValid } : {}) });
      }
    }
    if (any) this.changed();
    return any;
  }

  /**
   * Problems per policy file (and for the organisation policy and the user settings, under the
   * names they were given). Every known policy file has an entry, empty when it is fine, so the
   * editor can clear what it showed before.
   */
  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.snapshot.problems();
  }

  /**
   * The policies as they are now, frozen: what a run takes at its start and asks everything of,
   * so that a change while it waits for a person does not give it answers from two versions.
   */
  current(): PolicySnapshot {
    return this.snapshot;
  }

  /** The effective policy in force for the folder of `path`, now (frozen). */
  at(path: string): EffectivePolicy {
    return this.snapshot.at(path);
  }

  /** The classification of a file or folder now (see `PolicySnapshot.classify`). */
  classify(path: string, content?: ContentSummary, options: { folder?: boolean } = {}): Classification {
    return this.snapshot.classify(path, content, options);
  }

  /** The organisation policy's telemetry section now (see `PolicySnapshot.telemetryPolicy`). */
  telemetryPolicy(): { endpoint?: string; team?: string; token?: string } {
    return this.snapshot.telemetryPolicy();
  }

  /** The organisation policy's audit forwarding now (see `PolicySnapshot.auditForwardPolicy`). */
  auditForwardPolicy(): AuditForwardPolicy | undefined {
    return this.snapshot.auditForwardPolicy();
  }

  /** The levels in force for `path` (or for the first workspace folder), least sensitive first. */
  levels(path?: string): readonly SensitivityLevel[] {
    return this.snapshot.levels(path);
  }

  /** Called after every change; returns something to dispose of to stop listening. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    this.snapshot = new PolicySnapshot(this.build(), this.snapshot.version + 1);
    for (const listener of this.listeners) listener();
  }

  /** Re-checks every policy in its context, records the last valid versions, compiles lookups. */
  private build(): Build {
    // A copy: a snapshot keeps the locale and providers it was built with.
    const options: ClassifierOptions = { ...this.options, knownProviders: [...this.options.knownProviders] };
    const problems = new Map<string, Problem[]>();
    const organisation = this.resolveOrganisation(problems);
    const userSource: LayerSource | undefined = this.user === undefined ? undefined : { kind: 'user', folder: '', ...this.user };
    const userProblems = new Map<string, Problem>();
    let userValidEverywhere = true;
    const collectUser = (layer: ResolvedLayer | undefined) => {
      if (layer === undefined) return;
      for (const problem of layer.problems) userProblems.set(JSON.stringify(problem), problem);
      if (layer.status !== 'valid') userValidEverywhere = false;
    };

    const byRoot = new Map<string, Map<string, LayerSource>>(this.roots.map((root) => [root, new Map()]));
    for (const [path, entry] of this.policies) {
      const owner = this.rootOf(path);
      if (owner === undefined) {
        problems.set(path, [...entry.current.problems]);
        continue;
      }
      // `<folder>/.aiguard/policy.json` governs `<folder>`.
      const folder = dirname(dirname(owner.relative));
      byRoot.get(owner.root)?.set(folder, { kind: folder === '' ? 'workspace' : 'folder', folder, ...entry });
    }
    const ignoreByRoot = new Map<string, IgnoreFile[]>(this.roots.map((root) => [root, []]));
    for (const [path, entry] of this.ignoreFiles) {
      const owner = this.rootOf(path);
      if (owner === undefined) continue;
      // Compiled once per text and kept across rebuilds, with the answers it has cached.
      const folder = dirname(owner.relative);
      if (entry.matcher?.base !== folder) entry.matcher = new PathMatcher(entry.patterns, folder);
      ignoreByRoot.get(owner.root)?.push({ file: path, folder, convention: entry.convention, matcher: entry.matcher });
    }

    const roots = this.roots.map((root) => {
      const resolved = resolveChains(organisation, byRoot.get(root) as Map<string, LayerSource>, userSource);
      for (const layer of resolved.layers) this.record(layer, problems);
      collectUser(resolved.user);
      const prefix = root.endsWith('/') ? root : `${root}/`;
      return { root, prefix, classifier: new RootClassifier(root, resolved.chains, new IgnoreFileIndex(ignoreByRoot.get(root) ?? []), options) };
    });
    const outsideChains = resolveChains(organisation, new Map(), userSource);
    collectUser(outsideChains.user);
    if (this.user !== undefined) {
      problems.set(this.user.current.file, [...userProblems.values()]);
      if (userValidEverywhere) this.user.lastValid = this.user.current;
    }
    return {
      roots,
      firstRoot: this.firstRoot,
      outside: new RootClassifier(undefined, outsideChains.chains, new IgnoreFileIndex([]), options),
      problems,
      telemetry: organisation?.layer.document?.telemetry,
      auditForward: organisation?.layer.document?.audit?.forward,
    };
  }

  private resolveOrganisation(problems: Map<string, Problem[]>): { layer: ResolvedLayer; effective: EffectivePolicy } | undefined {
    const organisation = this.organisation;
    if (organisation === undefined) return undefined;
    const resolved = resolveLayer({ kind: 'organisation', folder: '', ...organisation }, EffectivePolicy.builtIn());
    problems.set(organisation.current.file, [...organisation.loadProblems, ...resolved.layer.problems]);
    if (resolved.layer.status === 'valid') organisation.lastValid = organisation.current;
    return resolved;
  }

  private record(layer: ResolvedLayer, problems: Map<string, Problem[]>): void {
    problems.set(layer.file, layer.problems);
    const entry = this.policies.get(layer.file);
    if (entry !== undefined && layer.status === 'valid') entry.lastValid = entry.current;
  }

  private rootOf(path: string): { root: string; relative: string } | undefined {
    for (const root of this.roots) {
      const relative = relativeInside(root, path);
      if (relative !== undefined && relative !== '') return { root, relative };
    }
    return undefined;
  }
}
