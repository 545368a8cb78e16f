import * as l10n from '@vscode/l10n';
/**
 * The files a diff touches, read from its headers, so that every one of them is classified
 * before the diff is sent anywhere. It reads what `git diff` writes (`diff --git`, `---`/`+++`,
 * `rename from`/`copy to`, quoted names with escapes, `--no-prefix` and mnemonic prefixes,
 * combined `diff --cc` diffs) and plain unified diffs without git headers.
 *
 * When a name could carry git's `a/` or `b/` prefix, both readings are returned: classifying
 * one file too many can only make the result stricter, while stripping a real folder named `a`
 * would classify the wrong file.
 */

/** What `diffFiles` found: the paths as written (relative, `/` separators), and whether every part of the diff had a readable header. */
export interface DiffFiles {
  paths: string[];
  /**
   * False when some of the diff's content could not be tied to a file (changes without a
   * header, a header whose name cannot be read): its files cannot all be classified, so the
   * caller must not treat the diff as harmless.
   */
  complete: boolean;
}

/** One-letter prefixes git puts before names (`a/`, `b/`, and those of `diff.mnemonicPrefix` and `--no-index`). */
const GIT_PREFIX = /^[abciow12]\//;
const NULL_PATH = '/dev/null';
const TWO_WAY_HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

export function diffFiles(diff: string): DiffFiles {
  const paths = new Set<string>();
  let complete = true;
  /** Whether the current file section has named at least one file. */
  let named = false;
  /** Inside a section that began with `diff --git`/`--cc`, which must name a file before it ends. */
  let section = false;
  /** Lines left in a two-way hunk (old side, new side), or `combined` inside a combined hunk. */
  let hunk: { old: number; new: number } | 'combined' | undefined;
  let pendingOld: string | undefined;

  const add = (raw: string | undefined, prefixed: boolean) => {
    if (raw === undefined) {
      complete = false;
      return;
    }
    if (raw === NULL_PATH) {
      named = true;
      return;
    }
    const path = raw.replace(/\\/g, '/');
    if (path === '') {
      complete = false;
      return;
    }
    named = true;
    // The likelier reading first, so that messages name the file git meant.
    if (prefixed && GIT_PREFIX.test(path) && path.length > 2) paths.add(path.slice(2));
    paths.add(path);
  };
  const endSection = () => {
    if (section && !named) complete = false;
    section = false;
    named = false;
    pendingOld = undefined;
  };

  const lines = diff.split(/\r?\n/);
  for (const line of lines) {
    if (hunk !== undefined && !line.startsWith('diff ')) {
      if (hunk === 'combined') {
        if (/^[ +\-\\]/.test(line) || line === '') continue;
        hunk = undefined;
      } else {
        const mark = line[0];
        if (mark === '\\') continue;
        if (mark === '-' && hunk.old > 0) hunk.old -= 1;
        else if (mark === '+' && hunk.new > 0) hunk.new -= 1;
        else if ((mark === ' ' || line === '') && hunk.old > 0 && hunk.new > 0) {
          hunk.old -= 1;
          hunk.new -= 1;
        } else hunk = undefined;
        if (hunk !== undefined) {
          if (hunk.old === 0 && hunk.new === 0) hunk = undefined;
          continue;
        }
      }
    }
    if (line.startsWith('diff --git ')) {
      endSection();
      section = true;
      for (const path of gitHeaderPaths(line.slice('diff --git '.length))) add(path, true);
    } else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      endSection();
      section = true;
      add(unquote(line.slice(line.indexOf(' ', 5) + 1)), false);
    } else if (/^(?:rename|copy) (?:from|to) /.test(line)) {
      add(unquote(line.slice(line.indexOf(' ', line.indexOf(' ') + 1) + 1)), false);
    } else if (line.startsWith('--- ')) {
      pendingOld = line.slice(4);
    } else if (line.startsWith('+++ ') && pendingOld !== undefined) {
      const [old, next] = [headerName(pendingOld), headerName(line.slice(4))];
      pendingOld = undefined;
      // A plain unified diff starts its file here; in a git section these name the same file again.
      if (!section) named = false;
      add(old, true);
      add(next, true);
    } else if (line.startsWith('@@@')) {
      if (!named) complete = false;
      hunk = 'combined';
    } else if (line.startsWith('@@ ')) {
      const counts = TWO_WAY_HUNK.exec(line);
      if (!named || counts === null) complete = false;
      hunk = counts === null ? undefined : { old: Number(counts[1] ?? 1), new: Number(counts[2] ?? 1) };
      if (hunk !== undefined && hunk.old === 0 && hunk.new === 0) hunk = undefined;
    } else if (line.startsWith('Binary files ') && !named) {
      complete = false;
    }
  }
  endSection();
  if (paths.size === 0 && diff.trim() !== '') complete = false;
  return { paths: [...paths], complete };
}

/**
 * The two names of a `diff --git` line. Quoted names are exact; unquoted ones are ambiguous
 * when they hold spaces, so the line is split where both halves name the same file (what git
 * writes when the file was not renamed); a rename is named again by its `rename` lines.
 */
function gitHeaderPaths(rest: string): string[] {
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest);
    const first = unquote(rest.slice(0, end));
    const second = rest.slice(end + 1);
    return [first, unquote(second)].filter((path): path is string => path !== undefined);
  }
  if (rest.endsWith('"')) {
    const start = rest.lastIndexOf(' "');
    if (start < 0) return [];
    const second = unquote(rest.slice(start + 1));
    return [rest.slice(0, start), ...(second !== undefined ? [second] : [])];
  }
  const spaces = [...rest.matchAll(/ /g)].map((match) => match.index);
  for (const space of spaces) {
    const [a, b] = [rest.slice(0, space), rest.slice(space + 1)];
    if (a === b || (GIT_PREFIX.test(a) && GIT_PREFIX.test(b) && a.slice(2) === b.slice(2))) return [a, b];
  }
  // Different names with spaces: every reading of the line, since the rename lines may be absent.
  return spaces.length === 1 ? [rest.slice(0, spaces[0]), rest.slice((spaces[0] as number) + 1)] : spaces.flatMap((space) => [rest.slice(0, space), rest.slice(space + 1)]);
}

/** The name on a `---`/`+++` line: quoted, or up to a tab (where `diff -u` puts a date). */
function headerName(text: string): string | undefined {
  if (text.startsWith('"')) return unquote(text.slice(0, quotedEnd(text)));
  const tab = text.indexOf('\t');
  return (tab >= 0 ? text.slice(0, tab) : text).replace(/\s+$/, '');
}

/** The index just past the closing quote of a quoted name at the start of `text`. */
function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** A name as git writes it: as is, or in double quotes with C escapes and octal bytes (UTF-8). */
function unquote(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  if (text.length < 2 || !text.endsWith('"')) return undefined;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] as string;
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return undefined;
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1))?.[0];
    if (octal !== undefined) {
      bytes.push(Number.parseInt(octal, 8));
      i += 3;
    } else if (ESCAPES[next] !== undefined) {
      bytes.push(ESCAPES[next] as number);
      i += 1;
    } else {
      return undefined;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Why a diff whose file names could not all be read is refused: its files cannot be classified. */
export function unreadableDiffMessage(): string {
  return l10n.t("The diff's file names could not all be read, so the files it touches cannot be classified; nothing was sent. Give a unified diff with its file headers, as git diff writes it.");
}
