import * as l10n from '@vscode/l10n';
import { categoryLabel } from '../redaction/labels';
import type { Category } from '../redaction/kinds';
import { DEFAULT_POLICY, INVALID_POLICY_LEVEL } from './defaults';
import { EffectivePolicy } from './effective';
import type { JsonPath } from './jsonText';
import type { ParsedPolicy, Reporter } from './parse';
import { hasErrors, policyName, type Problem } from './problems';
import { KNOWN_TAGS, type PolicyDocument, tagOf } from './schema';

/**
 * Layering: organisation → workspace folder → nested folders → user settings, outermost first.
 * Each policy is checked against the ones outside it (are its levels, providers and clients
 * defined? does it try to loosen them?), then added to the chain (`EffectivePolicy`).
 *
 * A policy with an error is never used in part. Its last valid version is used instead, if it
 * is still valid among the current outer policies; otherwise the policy is unusable and every
 * file in its scope is at least `confidential` (fail closed). What an inner policy tries to
 * loosen has no effect — the combination rules guarantee it — and is reported as a warning;
 * what only the outermost policy may declare (a provider's tags, kind and endpoints, the audit
 * waiver) is an error when an inner policy declares it otherwise (`trustProblems`).
 */

export type LayerKind = 'organisation' | 'workspace' | 'folder' | 'user';

/** A policy and its place, as the store keeps it. */
export interface LayerSource {
  kind: LayerKind;
  /** The folder the policy governs, relative to the workspace folder ('' for the whole of it). */
  folder: string;
  current: ParsedPolicy;
  /** The last version that was valid in its context, kept by the store. */
  lastValid?: ParsedPolicy;
}

/** A policy after checking: what is in force, and every problem to show for its file. */
export interface ResolvedLayer {
  kind: LayerKind;
  folder: string;
  file: string;
  status: 'valid' | 'stale' | 'invalid';
  /** The document in force: the current one, or the last valid (stale); absent when invalid. */
  document?: PolicyDocument;
  /** The parse of the document in force when it is the current text (for rule line numbers). */
  current?: ParsedPolicy;
  problems: Problem[];
}

/** The policies in force for one folder, outermost first, and their combination. */
export interface Chain {
  layers: readonly ResolvedLayer[];
  effective: EffectivePolicy;
}

/** Checks `source` against the chain outside it and returns it resolved, and the longer chain. */
export function resolveLayer(source: LayerSource, outer: EffectivePolicy): { layer: ResolvedLayer; effective: EffectivePolicy } {
  const { current, lastValid, kind, folder } = source;
  const file = current.file;
  // User settings never replace the built-in policy: with no policy in force they sit on it.
  if (kind === 'user') outer = outer.adoptingBuiltIns();
  const problems = [...current.problems];
  const fromUser = kind === 'user';
  if (current.document !== undefined) {
    const contextual = checkAgainst(current.document, current.report, outer, kind, file);
    problems.push(...contextual);
    if (!hasErrors(contextual)) {
      return { layer: { kind, folder, file, status: 'valid', document: current.document, current, problems }, effective: outer.with(current.document, file, fromUser) };
    }
  }
  if (lastValid?.document !== undefined && lastValid !== current && !hasErrors(checkAgainst(lastValid.document, lastValid.report, outer, kind, file))) {
    problems.push(current.report([], 'warning', l10n.t('This policy has errors: its last valid version stays in force until they are fixed.'), 'open'));
    return { layer: { kind, folder, file, status: 'stale', document: lastValid.document, problems }, effective: outer.with(lastValid.document, file, fromUser) };
  }
  problems.push(
    current.report([], 'warning', l10n.t('This policy has errors and no earlier valid version: the files it governs are treated as at least {0}.', outer.level(INVALID_POLICY_LEVEL).id), 'open'),
  );
  return { layer: { kind, folder, file, status: 'invalid', problems }, effective: outer.withUnusable(file) };
}

/**
 * Resolves the policies of one workspace folder: the organisation's (already resolved), the
 * folder's own and nested ones (by the folder they govern), then the user's. Returns a chain
 * per policy folder ('' always), and every resolved layer of this folder.
 */
export function resolveChains(
  organisation: { layer: ResolvedLayer; effective: EffectivePolicy } | undefined,
  folders: ReadonlyMap<string, LayerSource>,
  user: LayerSource | undefined,
): { chains: Map<string, Chain>; layers: ResolvedLayer[]; user?: ResolvedLayer } {
  const base: Chain = organisation === undefined ? { layers: [], effective: EffectivePolicy.builtIn() } : { layers: [organisation.layer], effective: organisation.effective };
  const policyChains = new Map<string, Chain>();
  const layers: ResolvedLayer[] = [];
  const ordered = [...folders.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  for (const folder of ordered) {
    const parent = innermostAncestor(policyChains, folder) ?? base;
    const resolved = resolveLayer(folders.get(folder) as LayerSource, parent.effective);
    layers.push(resolved.layer);
    policyChains.set(folder, { layers: [...parent.layers, resolved.layer], effective: resolved.effective });
  }
  if (!policyChains.has('')) policyChains.set('', base);

  if (user === undefined) return { chains: policyChains, layers };
  const userLayer = resolveLayer(user, (policyChains.get('') as Chain).effective).layer;
  const chains = new Map<string, Chain>();
  for (const [folder, chain] of policyChains) {
    const effective = userLayer.document === undefined ? chain.effective : chain.effective.with(userLayer.document, userLayer.file, true);
    chains.set(folder, { layers: [...chain.layers, userLayer], effective });
  }
  return { chains, layers, user: userLayer };
}

/** The chain of the innermost policy folder containing `folder` (itself excluded). */
export function innermostAncestor<T>(byFolder: ReadonlyMap<string, T>, folder: string): T | undefined {
  let current = folder;
  while (current !== '') {
    const slash = current.lastIndexOf('/');
    current = slash < 0 ? '' : current.slice(0, slash);
    const found = byFolder.get(current);
    if (found !== undefined) return found;
  }
  return undefined;
}

function depth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

/**
 * The problems of `policy` that depend on the policies outside it: references to levels,
 * providers and clients they must define (errors), declarations of trust only the outermost
 * policy may make (errors), and attempts to loosen them (warnings).
 */
export function checkAgainst(policy: PolicyDocument, report: Reporter, outer: EffectivePolicy, kind: LayerKind, file: string): Problem[] {
  const problems: Problem[] = [];
  const error = (path: JsonPath, message: string, part?: 'key') => problems.push(report(path, 'error', message, part));
  const warning = (path: JsonPath, message: string, part?: 'key') => problems.push(report(path, 'warning', message, part));
  const after = outer.with(policy, file, kind === 'user');

  // Levels: fixed by the outermost policy; references must name one of them.
  if (outer.levelsFixedBy !== undefined && policy.levels !== undefined && !sameIds(policy.levels, outer.levels)) {
    warning(
      ['levels'],
      l10n.t(
        'These levels are ignored: {0} fixes the levels ({1}); a policy inside it may repeat them but not change them.',
        policyName(outer.levelsFixedBy.file),
        outer.levels.map((l) => l.id).join(', '),
      ),
      'key',
    );
  } else if (outer.levelsFixedBy === undefined && policy.levels !== undefined) {
    problems.push(...builtInReferenceWarnings(policy, report, after));
  }
  const knownLevels = after.levels.map((level) => level.id);
  const checkLevel = (path: JsonPath, id: string, part?: 'key') => {
    if (after.rank(id) === undefined) error(path, l10n.t("Unknown level '{0}'; the levels are: {1}.", id, knownLevels.join(', ')), part);
  };
  if (policy.defaultLevel !== undefined) checkLevel(['defaultLevel'], policy.defaultLevel);
  for (const level of Object.keys(policy.matrix ?? {})) checkLevel(['matrix', level], level, 'key');
  policy.rules?.forEach((rule, index) => checkLevel(['rules', index, 'level'], rule.level));
  for (const [category, level] of Object.entries(policy.contentLevels ?? {})) checkLevel(['contentLevels', category], level);

  // Telemetry: a workspace cannot divert the organisation's figures or label itself a team.
  if (kind !== 'organisation' && (policy.telemetry?.endpoint !== undefined || policy.telemetry?.team !== undefined)) {
    warning(['telemetry'], l10n.t('Only the organisation policy sets the telemetry endpoint and team; this section is ignored.'), 'key');
  }

  // Providers: ids from the catalogue (this policy's or an outer one), tags, or `*`.
  const tagsInUse = new Set([...after.catalogue.values()].flatMap((entry) => [...entry.tags]));
  const checkReference = (path: JsonPath, reference: string) => {
    const tag = tagOf(reference);
    if (reference === '*') return;
    if (tag === undefined) {
      if (!after.catalogue.has(reference)) error(path, l10n.t('Unknown provider \'{0}\': declare it under "providers", or use a tag such as tag:eu-hosted.', reference));
    } else if (!(KNOWN_TAGS as readonly string[]).includes(tag) && !tagsInUse.has(tag)) {
      warning(path, l10n.t("No provider carries the tag '{0}', so this entry allows none; the documented tags are {1}.", tag, KNOWN_TAGS.join(', ')));
    }
  };
  for (const [level, entry] of Object.entries(policy.matrix ?? {})) entry.providers?.forEach((reference, i) => checkReference(['matrix', level, 'providers', i], reference));
  policy.clients?.forEach((client, index) => client.providers?.forEach((reference, i) => checkReference(['clients', index, 'providers', i], reference)));
  problems.push(...trustProblems(policy, report, outer, kind));

  // Clients: declared once, by the outermost policy; rules must name a declared one.
  policy.clients?.forEach((client, index) => {
    const existing = outer.clients.get(client.id);
    if (existing !== undefined) warning(['clients', index, 'id'], l10n.t("The client '{0}' is already declared by {1}; this declaration is ignored.", client.id, policyName(existing.file)));
  });
  policy.rules?.forEach((rule, index) => {
    if (rule.client !== undefined && !after.clients.has(rule.client)) error(['rules', index, 'client'], l10n.t('Unknown client \'{0}\': declare it under "clients".', rule.client));
  });

  if (!hasErrors(problems)) problems.push(...looseningWarnings(policy, report, outer, after), ...inversionWarnings(policy, report, after));
  return problems;
}

/**
 * Whether a policy of this kind, inside `outer`, is the outermost policy in force: the
 * organisation's, or with none the workspace folder's own (a nested policy never is, even when
 * the folder above it has none). An organisation policy that could not be read still counts as
 * in force, so the workspace cannot take its place.
 */
function isOutermost(kind: LayerKind, outer: EffectivePolicy): boolean {
  return kind === 'organisation' || (kind === 'workspace' && outer.levelsFixedBy === undefined);
}

/**
 * Who may say what a provider is and guarantees, and waive the audit: the outermost policy in
 * force alone. An inner policy that declares a provider's tags, kind or endpoints otherwise than
 * the outer policies did, or waives the audit, has an error (so it is not used at all: failing
 * closed); repeating the outer declaration exactly is fine. User settings cannot either: what
 * they declare there is ignored, with a warning.
 */
function trustProblems(policy: PolicyDocument, report: Reporter, outer: EffectivePolicy, kind: LayerKind): Problem[] {
  const problems: Problem[] = [];
  if (isOutermost(kind, outer)) return problems;
  for (const [id, provider] of Object.entries(policy.providers ?? {})) {
    const existing = outer.catalogue.get(id);
    const changed: Array<'tags' | 'kind' | 'endpoints'> = [];
    if (provider.tags !== undefined && !sameSet(existing?.tags ?? new Set(), provider.tags)) changed.push('tags');
    if (provider.kind !== undefined && provider.kind !== existing?.kind) changed.push('kind');
    if (provider.endpoints !== undefined && !sameSet(new Set(existing?.endpoints ?? []), provider.endpoints)) changed.push('endpoints');
    for (const key of changed) {
      if (kind === 'user') {
        problems.push(
          report(
            ['providers', id, key],
            'warning',
            key === 'tags'
              ? l10n.t('User settings cannot give a provider tags (the policy decides what a provider guarantees); these tags are ignored.')
              : l10n.t("User settings cannot bind a provider to a kind or endpoints (the policy decides what a provider is); '{0}' is ignored.", key),
            'key',
          ),
        );
      } else if (existing === undefined) {
        problems.push(
          report(
            ['providers', id, key],
            'error',
            l10n.t("Only the outermost policy in force (the organisation's, or else the workspace folder's own) may declare a provider's {0}: declare '{1}' there, or remove its {0} here.", key, id),
            'key',
          ),
        );
      } else {
        problems.push(
          report(
            ['providers', id, key],
            'error',
            l10n.t(
              "The provider '{0}' is declared by {1}: only the outermost policy in force may declare its {2}. Repeat that declaration exactly, or remove {2} here.",
              id,
              policyName(existing.file),
              key,
            ),
            'key',
          ),
        );
      }
    }
  }
  if (policy.audit?.forward !== undefined && kind !== 'organisation') {
    problems.push(report(['audit', 'forward'], 'warning', l10n.t('Only the organisation policy may say where the audit trail is forwarded; this is ignored.'), 'key'));
  }
  if (policy.audit?.required === false && kind !== 'user') {
    problems.push(
      report(
        ['audit', 'required'],
        'error',
        l10n.t('Only the outermost policy in force (the organisation\'s, or else the workspace folder\'s own) may waive the audit record; remove "required": false here.'),
        'key',
      ),
    );
  }
  return problems;
}

/**
 * A matrix that allows AI for a level but not for a less sensitive one is almost certainly a
 * mistake, and makes raising a file's level allow AI: say so where this policy allows it.
 */
function inversionWarnings(policy: PolicyDocument, report: Reporter, after: EffectivePolicy): Problem[] {
  const problems: Problem[] = [];
  let closed: string | undefined;
  for (const { id } of after.levels) {
    const allowed = after.aiAllowedFor(id).allowed;
    if (!allowed) closed ??= id;
    else if (closed !== undefined && policy.matrix?.[id]?.aiAllowed === true) {
      problems.push(
        report(['matrix', id, 'aiAllowed'], 'warning', l10n.t("AI is allowed for '{0}' but not for the less sensitive '{1}': raising a file's level would allow AI. Check the matrix.", id, closed)),
      );
    }
  }
  return problems;
}

/** What `policy` declares less restrictively than the policies outside it: no effect, a warning each. */
function looseningWarnings(policy: PolicyDocument, report: Reporter, outer: EffectivePolicy, after: EffectivePolicy): Problem[] {
  const problems: Problem[] = [];
  const warning = (path: JsonPath, message: string) => problems.push(report(path, 'warning', message));
  const rank = (level: string) => after.rank(level) ?? 0;
  const floor = outer.defaultFloor();
  if (floor !== undefined && policy.defaultLevel !== undefined && rank(policy.defaultLevel) < rank(floor.value)) {
    warning(['defaultLevel'], l10n.t("'{0}' is below the default level '{1}' set by {2}: the higher level applies.", policy.defaultLevel, floor.value, policyName(floor.file)));
  }
  if (floor !== undefined) {
    policy.rules?.forEach((rule, index) => {
      if (rank(rule.level) < rank(floor.value))
        warning(['rules', index, 'level'], l10n.t("This rule cannot lower files below '{0}', the default level set by {1}: they keep '{0}'.", floor.value, policyName(floor.file)));
    });
  }
  for (const [level, entry] of Object.entries(policy.matrix ?? {})) {
    const denied = outer.declaredAiAllowed(level).find((declared) => !declared.value);
    if (entry.aiAllowed && denied !== undefined) {
      warning(['matrix', level, 'aiAllowed'], l10n.t("{0} does not allow AI for '{1}' files; this setting is ignored.", policyName(denied.file), level));
    }
    const lists = outer.declaredProviderLists(level);
    entry.providers?.forEach((reference, i) => {
      if (reference === '*' || lists.length === 0) return;
      const tag = tagOf(reference);
      const providers = tag === undefined ? [reference] : [...after.catalogue.keys()].filter((id) => after.matches(reference, id));
      const blocked = providers.filter((id) => !after.allowedBy(lists, id));
      const blocker = lists.find((list) => blocked.some((id) => !list.value.some((e) => after.matches(e, id))));
      if (blocked.length === 0 || blocker === undefined) return;
      warning(['matrix', level, 'providers', i], l10n.t("{0} does not allow {1} for '{2}' files; this entry cannot allow it.", policyName(blocker.file), blocked.join(', '), level));
    });
  }
  for (const [category, level] of Object.entries(policy.contentLevels ?? {}) as Array<[Category, string]>) {
    const higher = outer.declaredContentLevels(category).find((declared) => rank(declared.value) > rank(level));
    if (higher !== undefined) {
      warning(['contentLevels', category], l10n.t("{0} raises files containing {1} to '{2}'; a lower level here has no effect.", policyName(higher.file), categoryLabel(category), higher.value));
    }
  }
  for (const [category, count] of Object.entries(policy.contentThresholds ?? {}) as Array<[Category, number]>) {
    const lower = outer.declaredContentThresholds(category).find((declared) => declared.value < count);
    if (lower !== undefined) {
      warning(
        ['contentThresholds', category],
        l10n.t('{0} raises a file to its content level from {1} findings of {2}; a higher number here has no effect.', policyName(lower.file), lower.value, categoryLabel(category)),
      );
    }
  }
  const networkOn = outer.network.find((declared) => declared.value);
  if (policy.network === false && networkOn !== undefined) {
    warning(['network'], l10n.t('{0} switches network masking on; it cannot be switched off here.', policyName(networkOn.file)));
  }
  return problems;
}

/**
 * When a policy fixes levels of its own, the built-in values that name the built-in levels may
 * point nowhere; say so, and what happens instead (the highest level: fail closed).
 */
function builtInReferenceWarnings(policy: PolicyDocument, report: Reporter, after: EffectivePolicy): Problem[] {
  const problems: Problem[] = [];
  const highest = after.highest.id;
  const missing = (id: string) => after.rank(id) === undefined;
  if (policy.defaultLevel === undefined && missing(DEFAULT_POLICY.defaultLevel)) {
    problems.push(
      report(
        ['levels'],
        'warning',
        l10n.t("There is no level '{0}', the built-in default level: set defaultLevel, or files no rule matches get '{1}', the highest level.", DEFAULT_POLICY.defaultLevel, highest),
        'key',
      ),
    );
  }
  for (const [category, level] of Object.entries(DEFAULT_POLICY.contentLevels) as Array<[Category, string]>) {
    if (policy.contentLevels?.[category] === undefined && missing(level)) {
      problems.push(
        report(
          ['levels'],
          'warning',
          l10n.t("There is no level '{0}', the built-in content level for {1}: set contentLevels, or such files get '{2}', the highest level.", level, categoryLabel(category), highest),
          'key',
        ),
      );
    }
  }
  policy.levels?.forEach((level, index) => {
    // No outer policy exists here (this one fixes the levels), so only this one or the built-in matrix can cover a level.
    if (policy.matrix?.[level.id] === undefined && (DEFAULT_POLICY.matrix as Record<string, unknown>)[level.id] === undefined) {
      problems.push(report(['levels', index, 'id'], 'warning', l10n.t("The matrix has no entry for '{0}': AI is not allowed for it.", level.id)));
    }
  });
  return problems;
}

function sameIds(a: ReadonlyArray<{ id: string }>, b: ReadonlyArray<{ id: string }>): boolean {
  return a.length === b.length && a.every((level, i) => level.id === b[i]?.id);
}

function sameSet(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return a.size === new Set(b).size && b.every((tag) => a.has(tag));
}
