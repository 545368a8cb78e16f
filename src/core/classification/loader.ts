import { describeError } from '../errors';
import type { DirectoryEntry, FileReader } from '../ports';
import { AI_IGNORE_FILES } from './ignoreFiles';
import { ancestorsOf, basename, dirname, joinPath, relativeInside } from './paths';
import { type FileChange, POLICY_FILE_NAME, POLICY_FOLDER } from './store';

/** Folders never searched for policies: other tools' data, not the workspace's own files. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/**
 * Finds and reads policy and ignore files through a `FileReader`, for callers without a
 * workspace of their own (the CLI; the editor has its file watchers). Folder listings are
 * cached for the loader's life, so one loader serves one command.
 */
export class PolicyFileLoader {
  private readonly listings = new Map<string, Promise<readonly DirectoryEntry[]>>();

  constructor(private readonly files: FileReader) {}

  /**
   * The workspace folder of a path, as an editor would open it: the outermost folder, from
   * `folder` up, holding a git repository (`.git`, a folder or a submodule's file) or a policy
   * (`.aiguard/`); `fallback` when there is none. A nested repository (a submodule, a clone
   * inside a clone) is no workspace of its own: every policy and ignore file above it applies.
   */
  async findRoot(folder: string, fallback: string): Promise<string> {
    let outermost: string | undefined;
    for (const current of this.upFrom(folder)) {
      const entries = await this.list(current);
      if (entries.some((entry) => entry.name === '.git' || (entry.name === POLICY_FOLDER && entry.kind === 'directory'))) outermost = current;
    }
    return outermost ?? fallback;
  }

  /** The top of the git repository holding `folder`: the nearest folder up with `.git`, if any. */
  async findRepository(folder: string): Promise<string | undefined> {
    for (const current of this.upFrom(folder)) {
      if ((await this.list(current)).some((entry) => entry.name === '.git')) return current;
    }
    return undefined;
  }

  /** `folder` and each folder above it, innermost first. */
  private *upFrom(folder: string): Generator<string> {
    let current = folder;
    for (;;) {
      yield current;
      const parent = dirname(current);
      if (parent === current || parent === '') return;
      current = parent;
    }
  }

  /** The policy and ignore files of `root` and of every folder down to `folder` (inclusive). */
  async along(root: string, folder: string): Promise<FileChange[]> {
    const relative = relativeInside(root, folder);
    if (relative === undefined) return [];
    const folders = relative === '' ? [root] : [...ancestorsOf(relative), relative].map((sub) => joinPath(root, sub));
    return (await Promise.all(folders.map((sub) => this.filesIn(sub)))).flat();
  }

  /** Every policy file under `folder`, at any depth (skipping `.git` and `node_modules`). */
  async policiesUnder(folder: string): Promise<FileChange[]> {
    const found: FileChange[] = [];
    const walk = async (current: string): Promise<void> => {
      const entries = await this.list(current);
      const policyFolder = entries.find((entry) => entry.name === POLICY_FOLDER && entry.kind === 'directory');
      if (policyFolder !== undefined) found.push(...(await this.policyIn(current)));
      await Promise.all(entries.filter((entry) => entry.kind === 'directory' && !SKIPPED_FOLDERS.has(entry.name) && entry.name !== POLICY_FOLDER).map((entry) => walk(joinPath(current, entry.name))));
    };
    await walk(folder);
    return found.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** The files of `folder` (at any depth) that are not folders, for classifying a whole tree. */
  async filesUnder(folder: string): Promise<string[]> {
    const found: string[] = [];
    const walk = async (current: string): Promise<void> => {
      for (const entry of await this.list(current)) {
        const path = joinPath(current, entry.name);
        if (entry.kind !== 'directory') found.push(path);
        else if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path);
      }
    };
    await walk(folder);
    return found.sort();
  }

  /** Whether `path` is a folder (listed as one by its parent). */
  async isFolder(path: string): Promise<boolean> {
    const name = basename(path);
    return (await this.list(dirname(path))).some((entry) => entry.name === name && entry.kind === 'directory');
  }

  private async filesIn(folder: string): Promise<FileChange[]> {
    const entries = await this.list(folder);
    const ignoreFiles = entries.filter((entry) => entry.kind !== 'directory' && (AI_IGNORE_FILES as readonly string[]).includes(entry.name));
    const changes = await Promise.all(ignoreFiles.map((entry) => this.read(joinPath(folder, entry.name))));
    const withPolicy = entries.some((entry) => entry.name === POLICY_FOLDER && entry.kind === 'directory') ? await this.policyIn(folder) : [];
    // An unreadable ignore file cannot be honoured and is skipped; an unreadable policy fails closed.
    return [...withPolicy, ...changes.filter((change) => change.unreadable === undefined)];
  }

  private async policyIn(folder: string): Promise<FileChange[]> {
    const policyFolder = joinPath(folder, POLICY_FOLDER);
    const entries = await this.list(policyFolder);
    if (!entries.some((entry) => entry.name === POLICY_FILE_NAME && entry.kind !== 'directory')) return [];
    return [await this.read(joinPath(policyFolder, POLICY_FILE_NAME))];
  }

  private async read(path: string): Promise<FileChange> {
    try {
      return { path, text: new TextDecoder().decode(await this.files.readFile(path)) };
    } catch (error) {
      return { path, text: undefined, unreadable: describeError(error) };
    }
  }

  /** A folder's entries; a folder that cannot be listed (absent, unreadable) has none. */
  private list(folder: string): Promise<readonly DirectoryEntry[]> {
    let listing = this.listings.get(folder);
    if (listing === undefined) {
      listing = this.files.readDirectory(folder).catch(() => []);
      this.listings.set(folder, listing);
    }
    return listing;
  }
}
