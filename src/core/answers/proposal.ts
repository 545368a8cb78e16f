import { applyPatch, parsePatch, type StructuredPatch } from 'diff';

/**
 * What an answer proposes for the code it was asked about, for "Apply as diff": the replacement
 * text of the range the run was about (a `code` output), or the whole file after a unified diff
 * (a `diff` output). The editor shows the proposal in a diff view and applies it only when the
 * person accepts; nothing here touches a file.
 */
export type Proposal = { kind: 'replace-range'; text: string } | { kind: 'replace-file'; text: string };

export type ProposalResult = { ok: true; proposal: Proposal } | { ok: false; reason: 'no-code' | 'no-diff' | 'diff-other-file' | 'diff-does-not-apply' | 'several-files'; detail?: string };

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;

/** The fenced code blocks of a Markdown answer, in order, with their info string's language. */
export function codeBlocks(answer: string): Array<{ language: string; code: string }> {
  const blocks: Array<{ language: string; code: string }> = [];
  for (const match of answer.matchAll(FENCE)) blocks.push({ language: (match[2] ?? '').toLowerCase(), code: match[3] ?? '' });
  return blocks;
}

/**
 * The code an answer proposes: its largest fenced block that is not a diff (models often add
 * a usage example after the main block, which is shorter), without the fence's final newline
 * when the original had none. An answer without a fence is not code: the model explained
 * instead of rewriting, and applying its prose would break the file.
 */
export function proposedCode(answer: string, originalEndsWithNewline: boolean): string | undefined {
  const candidates = codeBlocks(answer).filter((block) => block.language !== 'diff' && block.language !== 'patch');
  if (candidates.length === 0) return undefined;
  const largest = candidates.reduce((best, block) => (block.code.length > best.code.length ? block : best));
  return originalEndsWithNewline ? largest.code : largest.code.replace(/\r?\n$/, '');
}

/** The unified diff an answer carries: its `diff` fenced block(s), or the whole answer when it is a bare diff. */
export function proposedDiff(answer: string): string | undefined {
  const fenced = codeBlocks(answer).filter((block) => block.language === 'diff' || block.language === 'patch' || /^(?:---|\+\+\+|@@) /m.test(block.code));
  if (fenced.length > 0) return fenced.map((block) => block.code).join('\n');
  return /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m.test(answer) ? answer : undefined;
}

/** Whether a patch's file names designate `path` (workspace-relative, `/` separators). */
function patchTargets(patch: StructuredPatch, path: string): boolean {
  const strip = (name: string | undefined) =>
    (name ?? '')
      .replace(/^[ab]\//, '')
      .replace(/\t.*$/, '')
      .trim();
  const names = [strip(patch.oldFileName), strip(patch.newFileName)].filter((name) => name !== '' && name !== '/dev/null');
  // A diff without file names (only hunks) is taken to be about the file the run was about.
  return names.length === 0 || names.some((name) => name === path || path.endsWith(`/${name}`) || name.endsWith(`/${path}`));
}

/**
 * The proposal of an answer for a run about `path` (its `original` text, and the part of it the
 * run was about). `code` outputs replace that part; `diff` outputs patch the whole file, with a
 * little fuzz for the line numbers models get wrong, but never with context that does not match.
 */
export function proposalOf(answer: string, output: 'markdown' | 'code' | 'diff', target: { path: string; original: string; part: string }): ProposalResult {
  if (output === 'diff') {
    const text = proposedDiff(answer);
    if (text === undefined) return { ok: false, reason: 'no-diff' };
    let patches: StructuredPatch[];
    try {
      patches = parsePatch(text).filter((patch) => patch.hunks.length > 0);
    } catch (error) {
      return { ok: false, reason: 'diff-does-not-apply', detail: error instanceof Error ? error.message : String(error) };
    }
    if (patches.length === 0) return { ok: false, reason: 'no-diff' };
    const mine = patches.filter((patch) => patchTargets(patch, target.path));
    if (mine.length === 0) return { ok: false, reason: 'diff-other-file' };
    if (mine.length > 1) return { ok: false, reason: 'several-files' };
    const patched = applyPatch(target.original, mine[0] as StructuredPatch, { fuzzFactor: 0, autoConvertLineEndings: true });
    if (patched === false) return { ok: false, reason: 'diff-does-not-apply' };
    return { ok: true, proposal: { kind: 'replace-file', text: patched } };
  }
  const code = proposedCode(answer, /\n$/.test(target.part));
  if (code === undefined) return { ok: false, reason: 'no-code' };
  return { ok: true, proposal: { kind: 'replace-range', text: code } };
}
