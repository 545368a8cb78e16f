import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { type ContentSummary, diffFiles, type PolicySnapshot, summariseFindings, unreadableDiffMessage } from '../../core/classification';
import { describeError } from '../../core/errors';
import type { Template, TemplateContext } from '../../core/templates';
import { runGit } from '../../node/git';
import { scanSettingsOf } from '../classification/policyService';
import type { AiContext } from './deps';

/** A file or folder the prompt draws from besides the active document, classified like it. */
export interface ExtraSource {
  uri: vscode.Uri;
  content?: ContentSummary;
  /** A folder standing for what it holds (the repository for its diff or history, a listed folder): classified as a folder. */
  folder?: boolean;
  /** Why this input is refused whatever its level (a diff whose file names cannot be read). */
  refusal?: string;
}

export type GatheredInputs = { context: TemplateContext; sources: ExtraSource[] } | { cancelled: true } | { error: string };

const GIT_TIMEOUT_MS = 15_000;
/** A folder listing stops here: enough to show a module's shape, small enough for any prompt. */
const TREE_LIMITS = { depth: 4, entries: 400 };
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'dist', 'out', 'build', 'target', '.venv', '__pycache__', '.next', 'coverage']);

const needs = (template: Template, input: Template['inputs'][number]['name']) => template.inputs.find((candidate) => candidate.name === input);

/**
 * The inputs a template asks for beyond the active editor's text: a git diff of the working
 * tree, the last weeks of git history, a listing of the file's folder, the selection as logs,
 * and notes the person types (see below for when they are asked). Each is gathered only when the template declares it, so a code
 * review does not run git. The diff's files, and the diff's content, become sources that the
 * pipeline classifies before anything is sent.
 */
export async function gatherTemplateInputs(
  deps: Pick<AiContext, 'redaction' | 'log' | 'prompter'>,
  editor: vscode.TextEditor,
  template: Template,
  base: TemplateContext,
  options: { askOptionalNotes: boolean; policies: PolicySnapshot },
): Promise<GatheredInputs> {
  const context: TemplateContext = { ...base };
  const sources: ExtraSource[] = [];
  const document = editor.document;
  const folder = document.uri.scheme === 'file' ? dirname(document.uri.fsPath) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  if (needs(template, 'logs')) context.logs = base.selection;

  const gitDiff = needs(template, 'git-diff');
  const gitLog = needs(template, 'git-log');
  if ((gitDiff || gitLog) && folder !== undefined) {
    try {
      const root = (await runGit(['rev-parse', '--show-toplevel'], { cwd: folder, timeoutMs: GIT_TIMEOUT_MS })).trim();
      if (gitDiff) {
        // Staged and unstaged changes against the last commit: what a review before committing sees.
        const diff = await runGit(['diff', 'HEAD', '--no-color', '--no-ext-diff', '--'], { cwd: root, timeoutMs: GIT_TIMEOUT_MS });
        context.diff = diff;
        // Every file the diff touches, read by the parser the CLI uses; its names are relative to the repository's top.
        const { paths, complete } = diffFiles(diff);
        for (const path of paths) sources.push({ uri: vscode.Uri.file(join(root, path)) });
        if (!complete) sources.push({ uri: vscode.Uri.file(root), folder: true, refusal: unreadableDiffMessage() });
        // The diff's own content counts at the repository's root, raised by what it holds.
        sources.push({
          uri: vscode.Uri.file(root),
          folder: true,
          content: summariseFindings(await (await deps.redaction.scanner(document.uri, scanSettingsOf(options.policies, document.uri))).scan(diff)),
        });
      }
      if (gitLog) {
        context.gitLog = await runGit(['log', '--since=2.weeks', '--max-count=300', '--date=short', '--no-color', '--pretty=format:%h %ad %an: %s'], { cwd: root, timeoutMs: GIT_TIMEOUT_MS });
        sources.push({ uri: vscode.Uri.file(root), folder: true });
      }
    } catch (error) {
      // A required input that cannot be had stops here with git's reason; an optional one is left out.
      if (gitDiff?.required || gitLog?.required) return { error: vscode.l10n.t('The template {0} needs git, which failed: {1}', template.id, describeError(error)) };
      deps.log.warn(`git could not be read for template ${template.id}: ${describeError(error)}`);
    }
  }

  if (needs(template, 'folder-tree') && folder !== undefined) {
    const uri = vscode.Uri.file(folder);
    context.folder = { path: vscode.workspace.asRelativePath(uri, false), tree: await folderTree(uri) };
    sources.push({ uri, folder: true });
  }

  // Required notes are always asked for. Optional ones only when the person chose the template
  // in "Run Prompt…": a direct command or a click in the panel is meant to run at once.
  const notes = needs(template, 'user-notes');
  if (notes && (notes.required || options.askOptionalNotes)) {
    const typed = await deps.prompter.notes(template, notes.required);
    if (typed === undefined) return { cancelled: true };
    if (typed.trim() !== '') context.notes = typed;
  }
  return { context, sources };
}

/** An indented listing of a folder, folders first, without build output and dependencies. */
async function folderTree(root: vscode.Uri): Promise<string> {
  const lines: string[] = [];
  const walk = async (uri: vscode.Uri, depth: number): Promise<void> => {
    let entries: Array<[string, vscode.FileType]>;
    try {
      entries = await vscode.workspace.fs.readDirectory(uri);
    } catch {
      return;
    }
    entries.sort(([a, aType], [b, bType]) => Number(!(aType & vscode.FileType.Directory)) - Number(!(bType & vscode.FileType.Directory)) || a.localeCompare(b));
    for (const [name, type] of entries) {
      if (lines.length >= TREE_LIMITS.entries) return;
      const isFolder = (type & vscode.FileType.Directory) !== 0;
      if (isFolder && SKIPPED_FOLDERS.has(name)) continue;
      lines.push(`${'  '.repeat(depth)}${name}${isFolder ? '/' : ''}`);
      if (isFolder && depth + 1 < TREE_LIMITS.depth) await walk(vscode.Uri.joinPath(uri, name), depth + 1);
    }
  };
  await walk(root, 0);
  if (lines.length >= TREE_LIMITS.entries) lines.push(vscode.l10n.t('… (the listing stops at {0} entries)', TREE_LIMITS.entries));
  return lines.join('\n');
}
