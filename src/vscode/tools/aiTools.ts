import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { normalisePath, PolicyFileLoader } from '../../core/classification';
import { describeError } from '../../core/errors';
import { HOOK_TOOLS, type HookTool, toolLabel } from '../../core/hooks';
import { formatProblem } from '../../core/policy';
import type { Logger } from '../../core/ports';
import { changedToolFiles, commandParts, forbiddenPaths, hookCommandOf, type PlannedToolFile, planToolSync, type ToolState, toolStates } from '../../core/tools/sync';
import type { PolicyService } from '../classification/policyService';

/** The AI tools the panel can name: those AI Guard governs through hooks, and two it can only detect. */
export type DetectedToolId = HookTool | 'continue' | 'cline';

/** What gave a tool away on this machine or in this workspace. */
export type ToolEvidence = { kind: 'extension'; name: string } | { kind: 'folder'; name: string } | { kind: 'host' } | { kind: 'program'; name: string };

export interface ToolStatus {
  id: DetectedToolId;
  label: string;
  evidence: ToolEvidence[];
  /** For a tool AI Guard governs: whether its files follow the policy; `unsupported` for the others. */
  state: ToolState | 'unsupported';
}

export interface AiToolsStatus {
  /** The workspace folder the files are in, if any. */
  folder: string | undefined;
  tools: ToolStatus[];
  /** How the hooks written from here run (`node …/dist/hook.js`), or why they cannot. */
  runner: { command: string } | { problem: string };
  /** The policy's errors, when it has some: nothing is written then. */
  policyErrors: string[];
}

/** One run of "Set Up AI Tools": what was shown and what was written. */
export interface ToolSetupOutcome {
  shown: string[];
  written: string[];
  result: 'written' | 'cancelled' | 'nothing-to-do' | 'refused';
}

/** What the person answers after looking at the diffs: a port, so tests can answer it. */
export type ConfirmToolSetup = (files: readonly PlannedToolFile[]) => Promise<boolean>;

/** Extensions that give a tool away (ids compared without case, as the editor does). */
const EXTENSIONS: ReadonlyArray<{ id: string; tool: DetectedToolId; name: string }> = [
  { id: 'github.copilot-chat', tool: 'copilot', name: 'GitHub Copilot Chat' },
  { id: 'github.copilot', tool: 'copilot', name: 'GitHub Copilot' },
  { id: 'anthropic.claude-code', tool: 'claude-code', name: 'Claude Code' },
  { id: 'google.geminicodeassist', tool: 'gemini-cli', name: 'Gemini Code Assist' },
  { id: 'continue.continue', tool: 'continue', name: 'Continue' },
  { id: 'saoudrizwan.claude-dev', tool: 'cline', name: 'Cline' },
];
/** Folders and files in the workspace folder that a tool reads. */
const FOLDERS: ReadonlyArray<{ path: string; tool: DetectedToolId }> = [
  { path: '.claude', tool: 'claude-code' },
  { path: '.cursor', tool: 'cursor' },
  { path: '.cursorignore', tool: 'cursor' },
  { path: '.gemini', tool: 'gemini-cli' },
  { path: '.aiexclude', tool: 'gemini-cli' },
  { path: '.github/hooks', tool: 'copilot' },
  { path: '.continue', tool: 'continue' },
  { path: '.clinerules', tool: 'cline' },
];
/** Command-line tools on the PATH. */
const PROGRAMS: ReadonlyArray<{ name: string; tool: DetectedToolId }> = [
  { name: 'claude', tool: 'claude-code' },
  { name: 'cursor-agent', tool: 'cursor' },
  { name: 'gemini', tool: 'gemini-cli' },
  { name: 'copilot', tool: 'copilot' },
];
const OTHER_LABELS: Readonly<Record<'continue' | 'cline', string>> = { continue: 'Continue', cline: 'Cline' };

/**
 * The AI tools of this machine and workspace, and whether each follows the policy: the same
 * plan as `ai-guard tools sync|check` (`src/core/tools/sync.ts`), from the editor's own policy
 * store. Its hooks run this extension's `dist/hook.js` with a Node found on this machine (the
 * extension host's own when it is Node, else the first `node` on the PATH), or `ai-guard` from
 * the PATH when there is no Node; a recorded hook whose program is gone (an updated extension)
 * counts as out of date.
 */
export class AiToolsService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private current: Promise<AiToolsStatus> | undefined;
  /** Each tool's state when last computed, to warn when a policy change leaves set-up tools stale. */
  private lastStates: Partial<Record<HookTool, ToolState>> | undefined;
  lastSetup: ToolSetupOutcome | undefined;
  /** The tools named by the last stale warning (for tests and the log). */
  lastStaleWarning: string[] | undefined;
  private diffs: ProposedFiles | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly classification: PolicyService,
    private readonly logger: Logger,
    /** Whether the person wants the files written: the editor's dialog, unless the container hands another answer (a script, in tests). */
    private readonly confirm: ConfirmToolSetup = confirmWithDialog,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.claude,.cursor,.gemini,.github/hooks}/**');
    const ignoreWatcher = vscode.workspace.createFileSystemWatcher('**/{.cursorignore,.geminiignore,.aiexclude}');
    const invalidate = () => this.invalidate(false);
    this.disposables.push(
      watcher,
      ignoreWatcher,
      ...[watcher, ignoreWatcher].flatMap((w) => [w.onDidCreate(invalidate), w.onDidChange(invalidate), w.onDidDelete(invalidate)]),
      vscode.extensions.onDidChange(invalidate),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      classification.onDidChange((uris) => uris === undefined && this.invalidate(true)),
    );
  }

  /** The status, computed once per change of the policy, the tools' files or the extensions. */
  status(): Promise<AiToolsStatus> {
    this.current ??= this.compute().catch((error: unknown) => {
      this.logger.error(`AI tools: their status could not be read: ${describeError(error)}`);
      return { folder: this.folder(), tools: [], runner: { problem: describeError(error) }, policyErrors: [] };
    });
    return this.current;
  }

  /** Waits for the current status (and the stale warning it may show). */
  async settled(): Promise<void> {
    await this.status();
  }

  private invalidate(policyChanged: boolean): void {
    this.current = undefined;
    this.changed.fire();
    if (policyChanged && this.lastStates !== undefined) void this.warnIfStale(this.lastStates);
  }

  /** After a policy change: a warning naming each tool that was set up and whose files are now out of date. */
  private async warnIfStale(before: Partial<Record<HookTool, ToolState>>): Promise<void> {
    const after = await this.status();
    const stale = after.tools.filter((tool): tool is ToolStatus & { id: HookTool } => tool.state === 'stale' && before[tool.id as HookTool] === 'governed');
    if (stale.length === 0) return;
    this.lastStaleWarning = stale.map((tool) => tool.id);
    this.logger.warn(`AI tools: the policy changed; the files of ${stale.map((tool) => tool.id).join(', ')} are out of date.`);
    const setUp = vscode.l10n.t('Set Up AI Tools');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'AI Guard: the policy changed, and the files of {0} no longer follow it: those tools may read what the policy now forbids. Update them?',
        stale.map((tool) => tool.label).join(', '),
      ),
      setUp,
    );
    if (choice === setUp) await vscode.commands.executeCommand('aiGuard.setUpAiTools');
  }

  private folder(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder?.scheme === 'file' ? normalisePath(folder.fsPath) : undefined;
  }

  private async compute(): Promise<AiToolsStatus> {
    const folder = this.folder();
    const runner = hookRunner(this.context.extensionUri.fsPath);
    const evidence = this.detect(folder);
    const tools: ToolStatus[] = [];
    let policyErrors: string[] = [];
    let states: Record<HookTool, ToolState> | undefined;
    if (folder !== undefined) {
      const planned = await this.plan(folder, runner);
      policyErrors = planned.errors;
      if (planned.files !== undefined) states = toolStates(planned.files);
    }
    for (const tool of HOOK_TOOLS) tools.push({ id: tool, label: toolLabel(tool), evidence: evidence.get(tool) ?? [], state: states?.[tool] ?? 'missing' });
    for (const tool of ['continue', 'cline'] as const) if (evidence.has(tool)) tools.push({ id: tool, label: OTHER_LABELS[tool], evidence: evidence.get(tool) ?? [], state: 'unsupported' });
    if (states !== undefined) this.lastStates = states;
    // Found first, then in the order above.
    tools.sort((a, b) => Number(b.evidence.length > 0) - Number(a.evidence.length > 0));
    return { folder, tools, runner: 'command' in runner ? { command: runner.command('claude-code').replace(/ hook claude-code$/, '') } : runner, policyErrors };
  }

  private detect(folder: string | undefined): Map<DetectedToolId, ToolEvidence[]> {
    const found = new Map<DetectedToolId, ToolEvidence[]>();
    const add = (tool: DetectedToolId, evidence: ToolEvidence) => found.set(tool, [...(found.get(tool) ?? []).filter((known) => JSON.stringify(known) !== JSON.stringify(evidence)), evidence]);
    if (vscode.env.appName.toLowerCase().includes('cursor')) add('cursor', { kind: 'host' });
    for (const extension of EXTENSIONS) if (vscode.extensions.getExtension(extension.id) !== undefined) add(extension.tool, { kind: 'extension', name: extension.name });
    if (folder !== undefined) for (const { path, tool } of FOLDERS) if (existsSync(join(folder, path))) add(tool, { kind: 'folder', name: path });
    for (const { name, tool } of PROGRAMS) if (onPath(name) !== undefined) add(tool, { kind: 'program', name });
    return found;
  }

  /** The plan of `ai-guard tools sync` for the folder: the policy in force there, each tool's files now and as they should be. */
  private async plan(
    folder: string,
    runner: HookRunner,
    keepRecorded: boolean | ((command: string) => boolean) = (command) => runsHere(command),
  ): Promise<{ files?: PlannedToolFile[]; errors: string[] }> {
    await this.classification.whenReady();
    const store = await this.classification.policyStore();
    const errors = [...store.problems().values()]
      .flat()
      .filter((problem) => problem.severity === 'error')
      .map((problem) => formatProblem(problem));
    if (errors.length > 0) return { errors };
    const loader = new PolicyFileLoader(nodeFiles);
    const files = await loader.filesUnder(folder);
    const forbidden = forbiddenPaths(store, folder, files, process.env);
    const command = 'command' in runner ? runner.command : (tool: HookTool) => `ai-guard hook ${tool}`;
    const planned = await planToolSync({ dir: folder, forbidden, command, read: (at) => readFile(at, 'utf8').catch(() => undefined), keepRecordedCommands: keepRecorded, mcp: null });
    return { files: planned, errors };
  }

  /**
   * "Set Up AI Tools": the files that would change (all tools', or one tool's), each shown as a
   * diff of what it holds now against what it would hold, then written only once the person
   * confirms. Nothing is written on cancel, with a policy in error, or without a way to run hooks.
   */
  async setUp(only?: HookTool): Promise<ToolSetupOutcome> {
    const outcome = await this.runSetUp(only);
    this.lastSetup = outcome;
    return outcome;
  }

  private async runSetUp(only: HookTool | undefined): Promise<ToolSetupOutcome> {
    const refused = (message: string): ToolSetupOutcome => {
      void vscode.window.showErrorMessage(message);
      return { shown: [], written: [], result: 'refused' };
    };
    const folder = this.folder();
    if (folder === undefined) return refused(vscode.l10n.t('AI Guard: open a folder first: the AI tools read their settings from the workspace folder.'));
    if (!vscode.workspace.isTrusted) return refused(vscode.l10n.t('AI Guard: trust this workspace first: setting up AI tools writes hook commands that they will run.'));
    const runner = hookRunner(this.context.extensionUri.fsPath);
    if ('problem' in runner) return refused(runner.problem);
    let planned: { files?: PlannedToolFile[]; errors: string[] };
    try {
      planned = await this.plan(folder, runner);
    } catch (error) {
      return refused(vscode.l10n.t('AI Guard: {0} is not valid JSON; fix it, then set up the AI tools again (nothing was written).', describeError(error)));
    }
    if (planned.files === undefined) return refused(vscode.l10n.t('AI Guard: the policy has errors, so the AI tools cannot be set up from it: {0}', planned.errors.join('; ')));
    const changed = changedToolFiles(planned.files).filter((file) => only === undefined || file.tool === only);
    if (changed.length === 0) {
      void vscode.window.showInformationMessage(
        only === undefined ? vscode.l10n.t("AI Guard: every AI tool's files already follow the policy.") : vscode.l10n.t("AI Guard: {0}'s files already follow the policy.", toolLabel(only)),
      );
      return { shown: [], written: [], result: 'nothing-to-do' };
    }
    this.diffs ??= new ProposedFiles();
    for (const file of changed) await this.diffs.show(file);
    if (!(await this.confirm(changed))) return { shown: changed.map((file) => file.path), written: [], result: 'cancelled' };
    for (const file of changed) {
      await mkdir(dirname(file.at), { recursive: true });
      await writeFile(file.at, file.after);
    }
    this.logger.info(`AI tools: wrote ${changed.map((file) => file.path).join(', ')}.`);
    this.invalidate(false);
    void vscode.window.showInformationMessage(vscode.l10n.t('AI Guard wrote {0} file(s). Commit them so that everyone working here is governed too.', changed.length));
    return { shown: changed.map((file) => file.path), written: changed.map((file) => file.path), result: 'written' };
  }

  dispose(): void {
    this.diffs?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** The default confirmation: a modal dialog listing the files, over the diffs it follows. */
export const confirmWithDialog: ConfirmToolSetup = async (files) => {
  const write = vscode.l10n.t('Write the files');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('AI Guard will write {0} file(s) for the AI tools, as the diffs show. Write them?', files.length),
    { modal: true, detail: files.map((file) => file.path).join('\n') },
    write,
  );
  return choice === write;
};

/** Proposed texts in read-only documents, each shown in a diff against the file as it is. */
class ProposedFiles implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(TOOLS_SCHEME, { provideTextDocumentContent: (uri) => this.texts.get(uri.toString()) ?? '' });
  }

  async show(file: PlannedToolFile): Promise<void> {
    this.count += 1;
    const proposed = vscode.Uri.from({ scheme: TOOLS_SCHEME, path: `/${this.count}/proposed/${file.path}` });
    this.texts.set(proposed.toString(), file.after);
    let current = vscode.Uri.file(file.at);
    if (file.before === undefined) {
      current = vscode.Uri.from({ scheme: TOOLS_SCHEME, path: `/${this.count}/current/${file.path}` });
      this.texts.set(current.toString(), '');
    }
    const title = file.before === undefined ? vscode.l10n.t('{0} (new file) ↔ proposed by AI Guard', file.path) : vscode.l10n.t('{0} ↔ proposed by AI Guard', file.path);
    await vscode.commands.executeCommand('vscode.diff', current, proposed, title, { preview: false, preserveFocus: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/** The scheme of the proposed AI tool files shown in diffs. */
export const TOOLS_SCHEME = 'aiguard-tools';

type HookRunner = { command: (tool: HookTool) => string } | { problem: string };

/**
 * How a hook written from the editor runs on this machine: a Node (the extension host's own when
 * it is Node, as in code-server or a remote; else the first `node` on the PATH: the desktop
 * editor's host is Electron, which would start the editor) and this extension's `dist/hook.js`;
 * else `ai-guard` from the PATH; else nothing, and why.
 */
export function hookRunner(extensionPath: string): HookRunner {
  const script = join(extensionPath, 'dist', 'hook.js');
  const node = process.versions.electron === undefined ? process.execPath : onPath(process.platform === 'win32' ? 'node.exe' : 'node');
  if (node !== undefined && existsSync(script)) return { command: hookCommandOf(node, script) };
  if (onPath(process.platform === 'win32' ? 'ai-guard.cmd' : 'ai-guard') !== undefined) return { command: (tool) => `ai-guard hook ${tool}` };
  return {
    problem: vscode.l10n.t(
      "AI Guard: no Node.js was found on the PATH to run the AI tools' hooks. Install Node.js 20 or later (or the ai-guard command line: npm install -g ai-guard), then set up the AI tools again.",
    ),
  };
}

/** Whether a recorded hook command runs here: its Node and script exist, or `ai-guard` is on the PATH. */
export function runsHere(command: string): boolean {
  const parts = commandParts(command);
  if (parts === undefined) return /^ai-guard hook /.test(command) && onPath(process.platform === 'win32' ? 'ai-guard.cmd' : 'ai-guard') !== undefined;
  return isFile(parts.runtime) && isFile(parts.script);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of an executable on the PATH, if there is one. */
function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** The core's `FileReader` over Node's file system, for listing the workspace folder. */
const nodeFiles = {
  readFile: (path: string) => readFile(path),
  readDirectory: async (path: string) =>
    (await readdir(path, { withFileTypes: true })).map((entry) => ({ name: entry.name, kind: entry.isDirectory() ? ('directory' as const) : entry.isFile() ? ('file' as const) : ('other' as const) })),
};
