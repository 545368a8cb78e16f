import * as l10n from '@vscode/l10n';
import type { FileReader } from '../ports';
import { basename, dirname, joinPath, normalisePath, relativeInside } from './paths';

/** What to classify for one path a prompt draws from. */
export interface ResolvedPath {
  /** The path as named, then (when it differs) where its links lead: each is classified, and the strictest decides. */
  paths: string[];
  /** Set when the path lies in a workspace folder but a link takes it outside every one. */
  leavesWorkspace: boolean;
}

/**
 * Resolves the paths a prompt draws from to what they really are, through the caller's
 * `realPath` (the core never touches a disk). A link is classified by its own path and by its
 * target's, so that neither a link into a restricted folder nor a harmless file behind a link
 * named `secret.env` passes; a path that leads out of the workspace is flagged, for the caller
 * to refuse. A path that does not exist (a file a diff deletes) is resolved through its nearest
 * existing folder, which may itself be a link.
 */
export class SourcePathResolver {
  private rootsReal: Promise<Array<{ root: string; real: string }>> | undefined;

  constructor(
    private readonly realPath: FileReader['realPath'],
    /** The workspace folders, absolute and canonical. */
    private readonly roots: readonly string[],
  ) {}

  async resolve(path: string): Promise<ResolvedPath> {
    const canonical = normalisePath(path);
    if (this.realPath === undefined) return { paths: [canonical], leavesWorkspace: false };
    const real = (await this.realOf(canonical)) ?? canonical;
    const inWorkspace = this.roots.some((root) => relativeInside(root, canonical) !== undefined);
    // The target is named through the workspace folder as the caller knows it, whose own path
    // may be a link: git, for one, names files by their real path.
    let target: string | undefined;
    for (const { root, real: rootReal } of await this.realRoots()) {
      const relative = relativeInside(root, real) ?? relativeInside(rootReal, real);
      if (relative !== undefined) {
        target = joinPath(root, relative);
        break;
      }
    }
    return { paths: [...new Set([canonical, target ?? real])], leavesWorkspace: inWorkspace && target === undefined };
  }

  private realRoots(): Promise<Array<{ root: string; real: string }>> {
    this.rootsReal ??= Promise.all(this.roots.map(async (root) => ({ root, real: (await this.realOf(root)) ?? root })));
    return this.rootsReal;
  }

  /** The real path of `path`, or of its nearest existing folder followed by the rest; undefined when nothing of it exists. */
  private async realOf(path: string): Promise<string | undefined> {
    const realPath = this.realPath as NonNullable<FileReader['realPath']>;
    let current = path;
    let rest = '';
    for (;;) {
      try {
        const real = normalisePath(await realPath(current));
        return rest === '' ? real : joinPath(real, rest);
      } catch {
        const parent = dirname(current);
        if (parent === current || parent === '') return undefined;
        rest = rest === '' ? basename(current) : `${basename(current)}/${rest}`;
        current = parent;
      }
    }
  }
}

/** Why a source whose link leaves the workspace is refused (its target is not named: it lies outside what the policy knows). */
export function leavesWorkspaceMessage(shown: string): string {
  return l10n.t('{0} is a link to a place outside the workspace; AI Guard does not send what lies outside it, and nothing was sent.', shown);
}
