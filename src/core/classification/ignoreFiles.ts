import { type MarkedPattern, MatcherSet, type MatchResult, type PathMatcher } from '../policy/patterns';
import { ancestorsOf, dirname } from './paths';

/**
 * The ignore files AI tools already read, each telling its tool which files it must not send
 * to a model. AI Guard honours all of them for every provider: a file any of them excludes is
 * excluded from AI.
 */
export const AI_IGNORE_FILES = [
  '.aiexclude', // Gemini Code Assist, Android Studio
  '.aiignore', // JetBrains AI Assistant, Junie
  '.cursorignore', // Cursor
  '.codeiumignore', // Windsurf (Codeium)
  '.continueignore', // Continue
  '.geminiignore', // Gemini CLI
  '.clineignore', // Cline
  '.rooignore', // Roo Code
  '.aiderignore', // Aider
] as const;

export type IgnoreConvention = (typeof AI_IGNORE_FILES)[number];

export function isIgnoreFileName(name: string): name is IgnoreConvention {
  return (AI_IGNORE_FILES as readonly string[]).includes(name);
}

/** One ignore file, compiled once: its patterns keep their line numbers for the reasons. */
export interface IgnoreFile {
  /** Where the file is, as the caller named it (for reasons). */
  file: string;
  /** The folder it governs, relative to the workspace folder ('' for the folder itself). */
  folder: string;
  convention: IgnoreConvention;
  matcher: PathMatcher;
}

/** An ignore file's patterns; each remembers its line for the reasons. */
export function ignoreFilePatterns(text: string): MarkedPattern[] {
  return text.split(/\r\n|\n|\r/).map((pattern, index) => ({ pattern, mark: String(index + 1) }));
}

/**
 * The ignore files governing some folders, per convention (outermost first), and their
 * matchers as one set (in the same order, flattened) for one lookup per file name.
 */
interface IgnoreSet {
  groups: ReadonlyArray<readonly IgnoreFile[]>;
  matchers: MatcherSet;
}

/** The ignore files governing one folder: its own exclusion, if any, or its files and their answers for it. */
export interface FolderIgnores {
  exclusion: Exclusion | undefined;
  set: IgnoreSet | undefined;
  inFolder: readonly MatchResult[];
}

const NOTHING: FolderIgnores = { exclusion: undefined, set: undefined, inFolder: [] };

/** Which ignore file excludes a path, and by which line. */
export interface Exclusion {
  file: string;
  line: number;
  pattern: string;
}

/**
 * The ignore files of one workspace folder, answering "is this path excluded?" with git's
 * semantics per convention: each file governs its folder; within a convention a deeper file
 * overrides a shallower one, so it can re-include (`!keep.log`) what a parent file excluded;
 * and as in git, nothing can be re-included below an excluded folder. Conventions do not
 * interact: excluded by any is excluded.
 *
 * One approximation, on the safe side: when a deeper file re-includes a folder that a
 * shallower file excluded, a file inside it that the shallower file would exclude only through
 * that folder stays excluded (git would include it).
 *
 * Answers for folders are cached, so classifying many files of one folder costs one lookup of
 * the folder plus one test of the file name per applicable ignore file.
 */
export class IgnoreFileIndex {
  private readonly byFolder = new Map<string, IgnoreFile[]>();
  private readonly applicable = new Map<string, IgnoreSet>();
  private readonly sets = new Map<string, IgnoreSet>();
  private readonly folderExclusions = new Map<string, Exclusion | null>();

  constructor(files: Iterable<IgnoreFile>) {
    for (const file of files) {
      const list = this.byFolder.get(file.folder) ?? [];
      list.push(file);
      this.byFolder.set(file.folder, list);
    }
  }

  /** What holds for every file of `folder` (relative to the workspace folder): for `exclusionOf`. */
  folderState(folder: string): FolderIgnores {
    if (this.byFolder.size === 0) return NOTHING;
    const exclusion = this.folderExclusion(folder);
    if (exclusion !== undefined) return { exclusion, set: undefined, inFolder: [] };
    const set = this.applicableTo(folder);
    return set.groups.length === 0 ? NOTHING : { exclusion, set, inFolder: set.matchers.folderAnswers(folder) };
  }

  /** Why the file `name` in a folder (whose state is given) is excluded, or undefined. */
  exclusionOf(state: FolderIgnores, folder: string, name: string): Exclusion | undefined {
    if (state.exclusion !== undefined || state.set === undefined) return state.exclusion;
    const { groups, matchers } = state.set;
    const byName = matchers.nameAnswers(name);
    let index = 0;
    for (const files of groups) {
      const first = index;
      index += files.length;
      const decision = decideGroup(files, (_file, i) => matchers.answer(first + i, state.inFolder, byName, folder, name));
      if (decision !== undefined) return decision;
    }
    return undefined;
  }

  private folderExclusion(folder: string): Exclusion | undefined {
    if (folder === '') return undefined;
    const cached = this.folderExclusions.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    const parent = dirname(folder);
    // A folder is governed by the files of its ancestors, not by its own.
    let result = this.folderExclusion(parent);
    for (const files of result === undefined ? this.applicableTo(parent).groups : []) {
      result = decideGroup(files, (file) => file.matcher.matchFolder(folder));
      if (result !== undefined) break;
    }
    this.folderExclusions.set(folder, result ?? null);
    return result;
  }

  /** The ignore files governing `folder`, grouped by convention; folders with the same files share one set. */
  private applicableTo(folder: string): IgnoreSet {
    let set = this.applicable.get(folder);
    if (set === undefined) {
      const byConvention = new Map<IgnoreConvention, IgnoreFile[]>();
      for (const ancestor of [...ancestorsOf(folder), ...(folder === '' ? [] : [folder])]) {
        for (const file of this.byFolder.get(ancestor) ?? []) {
          const list = byConvention.get(file.convention) ?? [];
          list.push(file);
          byConvention.set(file.convention, list);
        }
      }
      const groups = [...byConvention.values()];
      const key = groups.flat().map((file) => file.file).join('\n');
      set = this.sets.get(key);
      if (set === undefined) {
        set = { groups, matchers: new MatcherSet(groups.flat().map((file) => file.matcher)) };
        this.sets.set(key, set);
      }
      this.applicable.set(folder, set);
    }
    return set;
  }
}

/**
 * Git's answer from the files of one convention, outermost first (each `answer`ed for the
 * path): the deepest decision wins, a re-inclusion cancelling an outer exclusion.
 */
function decideGroup(files: readonly IgnoreFile[], answer: (file: IgnoreFile, index: number) => MatchResult): Exclusion | undefined {
  let decision: Exclusion | undefined;
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as IgnoreFile;
    const result = answer(file, i);
    if (result.state === 'matched') {
      decision = { file: file.file, line: Number(result.mark), pattern: result.pattern };
    } else if (result.state === 'reincluded') {
      decision = undefined;
    }
  }
  return decision;
}
