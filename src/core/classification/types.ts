import type { LevelId } from '../policy/schema';
import type { Category, Finding } from '../redaction/kinds';

/**
 * Where a reason comes from. The CLI's JSON prints it as is, so the names are stable.
 * - `policy-invalid`: a policy has errors (its last valid version is used, or none is);
 * - `rule`, `default`: a policy's rule or default level (`default` also for the built-in one);
 * - `built-in`: a built-in sensitive path (`.env`, private keys, credentials);
 * - `content`: what the redaction engine found in the file (the category, never the value),
 *   or why the content was not looked at;
 * - `ignore-file`: an AI tool's ignore file excludes the file;
 * - `matrix`: a policy (or the built-in matrix) does not allow AI for the level;
 * - `client`: the client the file belongs to, and how it narrows the providers.
 */
export type ReasonSource = 'policy-invalid' | 'rule' | 'default' | 'built-in' | 'content' | 'ignore-file' | 'matrix' | 'client';

export interface Reason {
  source: ReasonSource;
  /** A sentence for people, in the current language. */
  detail: string;
  /** The file that says so (a policy, an ignore file), when there is one. */
  file?: string;
  line?: number;
  /** The level this reason asks for, for reasons that set a level. */
  level?: string;
}

/** The policy key that declares one provider list, e.g. `matrix.confidential.providers` or `clients[acme].providers`. */
export interface ProviderRuleOrigin {
  key: string;
  /** The policy file that declares it; undefined for the built-in policy. */
  file: string | undefined;
}

/**
 * A file's classification. Reasons are ordered most decisive first: problems with the
 * policies; then what set the level (in evaluation order: organisation, workspace, nested
 * folders, user, built-in paths, content); then what limits AI use (ignore files, the matrix,
 * the client); last, the rules and defaults a higher level outranked.
 */
export interface Classification {
  /** The path as classified: canonical, absolute or relative to its workspace folder. */
  path: string;
  /** The workspace folder the path is in, or undefined when it is in none. */
  root: string | undefined;
  /** The id of the file's sensitivity level (its definition: `levelLabel`, and the policy's `levels`). */
  level: LevelId;
  levelLabel: string;
  levelColor: string | undefined;
  /** The level's position, 0 for the least sensitive; compare ranks, not ids. */
  levelRank: number;
  client: { id: string; name: string } | undefined;
  /** Whether any AI provider may see the file: false when excluded or when the matrix says no. */
  aiAllowed: boolean;
  /** Excluded by an AI tool's ignore file. */
  excluded: boolean;
  /** The known providers (catalogue and the caller's list) allowed for this file, sorted. */
  allowedProviders: readonly string[];
  /**
   * The provider lists that apply (ids, `tag:…`, `*`); a provider must satisfy each. Empty
   * lists mean none is allowed. For providers not known when classifying.
   */
  providerRules: ReadonlyArray<readonly string[]>;
  /**
   * Where each of `providerRules` is declared (same order): the policy key and its file
   * (undefined: the built-in policy). Absent where unknown; used to tell which key to change.
   */
  providerRuleOrigins?: ReadonlyArray<ProviderRuleOrigin>;
  /** The detection categories masked before any AI call. */
  redact: readonly Category[];
  /** Put into words on first access (see `ClassificationResult`). */
  readonly reasons: Reason[];
}

/**
 * What the caller learned from the file's content, for `contentLevels`. The caller runs the
 * redaction scan (classification never reads or scans files); `counts` are findings per
 * category. A file that could not be scanned still gets its path-based level: `binary` and
 * `unreadable` say so in a reason; `too-large` and `scan-failed` fail closed (the file is
 * treated as containing every category that has a content level).
 */
export type ContentSummary = { readonly counts: Readonly<Partial<Record<Category, number>>> } | { readonly skipped: 'binary' | 'unreadable' | 'too-large' | 'scan-failed' };

/**
 * What is masked before content of these levels leaves (an AI call, a redacted copy): secrets
 * and the names the policy lists are always masked, since a policy that names a client means
 * it "masked wherever it appears" (a scanner without a dictionary finds none); each level's
 * matrix line adds the rest.
 */
export function maskedCategories(levels: ReadonlyArray<Pick<Classification, 'redact'>>): Set<Category> {
  return new Set<Category>(['secret', 'dictionary', ...levels.flatMap((level) => level.redact)]);
}

/** Findings counted by category: the content summary of a scan. */
export function summariseFindings(findings: ReadonlyArray<Pick<Finding, 'category'>>): ContentSummary {
  const counts: Partial<Record<Category, number>> = {};
  for (const { category } of findings) counts[category] = (counts[category] ?? 0) + 1;
  return { counts };
}
