import * as l10n from '@vscode/l10n';
import ignore, { type Ignore } from 'ignore';

/**
 * Gitignore-style patterns, for policy rules, the ignore files of AI tools and the built-in
 * sensitive paths, all matched by the `ignore` package (git's semantics, negations included).
 * Matching ignores case: on the case-insensitive file systems of macOS and Windows `.ENV` is
 * `.env`, and for a classifier matching more is the safe side.
 */

/** One pattern and what to report when it decides (for a rule file: its line number). */
export interface MarkedPattern {
  pattern: string;
  mark?: string;
}

export function compilePatterns(patterns: readonly MarkedPattern[]): Ignore {
  return ignore({ ignorecase: true }).add(patterns.map(({ pattern, mark }) => ({ pattern, mark })));
}

/**
 * The answer of a pattern set for one path: matched (by which pattern), re-included by a
 * negation that matched the path itself, or neither.
 */
export type MatchResult = { state: 'matched'; pattern: string; mark: string | undefined } | { state: 'reincluded' } | { state: 'none' };

const NONE: MatchResult = { state: 'none' };
const REINCLUDED: MatchResult = { state: 'reincluded' };

/**
 * A set of gitignore patterns governing one folder (`base`, relative to the workspace folder),
 * asked about files and folders by their folder and name, relative to the workspace folder.
 *
 * `ignore` answers one full path in about 2 µs and caches every path it has seen; classifying
 * 100,000 files through a dozen pattern sets that way takes seconds. Git's semantics allow
 * cheaper answers, cached here: a path is matched when its folder is (nothing can be
 * re-included below a matched folder); otherwise only the patterns matching the path itself
 * count. A pattern without `/` (`*.log`, `!keep.log`, `docs/`) looks at the last name alone,
 * and a pattern with one (`fixtures/*.json`) can only match names its last segment (`*.json`)
 * matches. So a path's own answer depends on its name alone unless a slash pattern could match
 * that name: answers are cached per folder and per name, and only those few paths are asked
 * about in full.
 */
export class PathMatcher {
  private readonly matcher: Ignore;
  /** The last segments of the slash patterns that can match files, or folders; undefined when none. */
  private readonly fileSegments: Ignore | undefined;
  private readonly folderSegments: Ignore | undefined;
  /**
   * A cheap first test by name: every pattern's last segment requires a literal (`*.sql`:
   * `.sql`), so a name containing none of them matches nothing and `ignore` need not be asked.
   * Undefined when some pattern requires no literal (`*`).
   */
  private readonly fileLiterals: readonly string[] | undefined;
  private readonly folderLiterals: readonly string[] | undefined;
  private readonly folders = new Map<string, MatchResult>();
  /** Per name: the answer when it depends on the name alone, or `path` when it needs the full path. */
  private readonly fileNames = new Map<string, MatchResult | 'path'>();
  private readonly folderNames = new Map<string, MatchResult | 'path'>();

  constructor(
    patterns: readonly MarkedPattern[],
    readonly base = '',
  ) {
    this.matcher = compilePatterns(patterns);
    const files: MarkedPattern[] = [];
    const folders: MarkedPattern[] = [];
    let fileLiterals: string[] | undefined = [];
    let folderLiterals: string[] | undefined = [];
    for (const { pattern } of patterns) {
      const body = pattern.trim().replace(/^!/, '');
      if (body === '' || pattern.trim().startsWith('#')) continue;
      const forFolders = body.endsWith('/');
      const path = forFolders ? body.slice(0, -1) : body;
      const segment = path.slice(path.lastIndexOf('/') + 1);
      const literal = requiredLiteral(segment);
      if (literal === undefined) folderLiterals = undefined;
      else folderLiterals?.push(literal);
      if (!forFolders) {
        if (literal === undefined) fileLiterals = undefined;
        else fileLiterals?.push(literal);
      }
      if (!path.includes('/')) continue;
      folders.push({ pattern: segment });
      if (!forFolders) files.push({ pattern: segment });
    }
    this.fileSegments = files.length > 0 ? compilePatterns(files) : undefined;
    this.folderSegments = folders.length > 0 ? compilePatterns(folders) : undefined;
    this.fileLiterals = fileLiterals;
    this.folderLiterals = folderLiterals;
  }

  /**
   * The answer for the file `name` in `folder` (relative to the workspace folder, inside
   * `base`); `inFolder` is `matchFolder(folder)` when the caller already has it.
   */
  matchFile(folder: string, name: string, inFolder: MatchResult = this.matchFolder(folder)): MatchResult {
    if (inFolder.state === 'matched') return inFolder;
    const byName = this.fileByName(name);
    return byName === 'path' ? this.fileByPath(folder, name) : byName;
  }

  /**
   * The answer for a file named `name` whose folder is not matched, when the name alone
   * decides; `path` when the full path is needed (`fileByPath`). Callers may cache it by name.
   */
  fileByName(name: string): MatchResult | 'path' {
    return this.byName(name, '', this.fileNames, this.fileSegments, this.fileLiterals);
  }

  /** `fileByName` without caching, for callers that cache the answers of several matchers at once. */
  fileByNameUncached(name: string): MatchResult | 'path' {
    return this.nameAnswer(name, '', this.fileSegments, this.fileLiterals);
  }

  /** The answer for the file `name` in `folder`, whose folder is not matched, from its full path. */
  fileByPath(folder: string, name: string): MatchResult {
    return this.byPath(folder, name, '');
  }

  /** The answer for `folder` itself (relative to the workspace folder, inside `base`); none for `base`. */
  matchFolder(folder: string): MatchResult {
    let result = this.folders.get(folder);
    if (result === undefined) {
      const relative = this.relative(folder);
      if (relative === '') {
        result = NONE;
      } else {
        const slash = folder.lastIndexOf('/');
        const parent = relative.includes('/') ? this.matchFolder(folder.slice(0, slash)) : NONE;
        result = parent.state === 'matched' ? parent : this.own(folder.slice(0, Math.max(slash, 0)), folder.slice(slash + 1), '/', this.folderNames, this.folderSegments, this.folderLiterals);
      }
      this.folders.set(folder, result);
    }
    return result;
  }

  /** The patterns' answer for one path itself (its folder not matched): by name when that is enough. */
  private own(folder: string, name: string, suffix: '' | '/', names: Map<string, MatchResult | 'path'>, segments: Ignore | undefined, literals: readonly string[] | undefined): MatchResult {
    const byName = this.byName(name, suffix, names, segments, literals);
    return byName === 'path' ? this.byPath(folder, name, suffix) : byName;
  }

  private byName(name: string, suffix: '' | '/', names: Map<string, MatchResult | 'path'>, segments: Ignore | undefined, literals: readonly string[] | undefined): MatchResult | 'path' {
    let answer = names.get(name);
    if (answer === undefined) {
      answer = this.nameAnswer(name, suffix, segments, literals);
      names.set(name, answer);
    }
    return answer;
  }

  private nameAnswer(name: string, suffix: '' | '/', segments: Ignore | undefined, literals: readonly string[] | undefined): MatchResult | 'path' {
    const lower = name.toLowerCase();
    if (literals !== undefined && !literals.some((literal) => lower.includes(literal))) return NONE;
    return segments?.ignores(name) ? 'path' : toMatch(this.matcher.test(`${name}${suffix}`));
  }

  private byPath(folder: string, name: string, suffix: '' | '/'): MatchResult {
    const relative = this.relative(folder);
    return toMatch(this.matcher.test(`${relative === '' ? '' : `${relative}/`}${name}${suffix}`));
  }

  private relative(folder: string): string {
    return this.base === '' ? folder : folder.length <= this.base.length ? '' : folder.slice(this.base.length + 1);
  }
}

/**
 * Several matchers asked about the same files: their answers by file name are cached together,
 * so one lookup per file gives them all. Callers cache each matcher's answer for a folder
 * (`matchFolder`) and pass them in, in the same order.
 */
export class MatcherSet {
  private readonly byName = new Map<string, ReadonlyArray<MatchResult | 'path'>>();

  constructor(readonly matchers: readonly PathMatcher[]) {}

  /** Every matcher's answer for `folder` itself, in order. */
  folderAnswers(folder: string): MatchResult[] {
    return this.matchers.map((matcher) => matcher.matchFolder(folder));
  }

  /** Every matcher's answer for a file name, in order (see `PathMatcher.fileByName`). */
  nameAnswers(name: string): ReadonlyArray<MatchResult | 'path'> {
    let answers = this.byName.get(name);
    if (answers === undefined) {
      answers = this.matchers.map((matcher) => matcher.fileByNameUncached(name));
      this.byName.set(name, answers);
    }
    return answers;
  }

  /** Matcher `index`'s answer for the file `name` in `folder`, from the folder's and the name's answers. */
  answer(index: number, inFolder: readonly MatchResult[], byName: ReadonlyArray<MatchResult | 'path'>, folder: string, name: string): MatchResult {
    const forFolder = inFolder[index] as MatchResult;
    if (forFolder.state === 'matched') return forFolder;
    const own = byName[index] as MatchResult | 'path';
    return own === 'path' ? (this.matchers[index] as PathMatcher).fileByPath(folder, name) : own;
  }
}

/**
 * The longest run of plain characters a glob segment requires (lowercased: matching ignores
 * case), or undefined when it requires none (`*`, `?*`) or escapes make it unclear.
 */
function requiredLiteral(segment: string): string | undefined {
  if (segment.includes('\\')) return undefined;
  let longest = '';
  for (const part of segment.replace(/\[[^\]]*\]/g, '*').split(/[*?]+/)) if (part.length > longest.length) longest = part;
  return longest === '' ? undefined : longest.toLowerCase();
}

function toMatch(result: ReturnType<Ignore['test']>): MatchResult {
  if (result.ignored && result.rule !== undefined) return { state: 'matched', pattern: result.rule.pattern, mark: result.rule.mark };
  return result.unignored ? REINCLUDED : NONE;
}

const DRIVE_OR_HOME = /^(?:[A-Za-z]:[\\/]|~)/;
const PARENT_SEGMENT = /(?:^|\/)\.\.(?:\/|$)/;
const BACKSLASH_SEPARATOR = /\\[A-Za-z0-9_]/;
const RANGE = /\[!?([^\]])-([^\]])/g;

/**
 * Why a policy pattern can never do what its author meant, or undefined when it is fine.
 * Git accepts anything, so "bad" here means: matches nothing (empty, a comment, a lone `!`, an
 * empty range), or points outside the policy's folder (absolute, `~`, `..`), or uses `\` as a
 * folder separator (in gitignore syntax it escapes the next character).
 */
export function patternProblem(pattern: string): string | undefined {
  const trimmed = pattern.trim();
  const body = trimmed.startsWith('!') ? trimmed.slice(1) : trimmed;
  if (trimmed === '') return l10n.t('An empty pattern matches nothing.');
  if (trimmed.startsWith('#')) return l10n.t('A pattern starting with # is a comment in gitignore syntax and matches nothing; put a backslash before the # to match a name that starts with it.');
  if (body.trim() === '') return l10n.t('A lone ! matches nothing.');
  if (DRIVE_OR_HOME.test(body)) return l10n.t("Patterns are relative to the policy's folder: an absolute path or ~ never matches.");
  if (PARENT_SEGMENT.test(body)) return l10n.t("A pattern cannot reach outside the policy's folder with ..; put the rule in a policy higher up.");
  if (BACKSLASH_SEPARATOR.test(body)) return l10n.t('Use / between folders: in gitignore syntax a backslash escapes the next character.');
  for (const [range, from, to] of body.matchAll(RANGE)) {
    if ((from as string) > (to as string)) return l10n.t('The character range {0} is empty, so the pattern matches nothing.', `${range}]`);
  }
  return undefined;
}

/** Whether a pattern re-includes (`!…`) rather than matches. */
export function isNegation(pattern: string): boolean {
  return pattern.trim().startsWith('!');
}
