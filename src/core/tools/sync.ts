import * as z from 'zod/mini';
import type { Classification } from '../classification/types';
import { parseJsonAs } from '../json';
import type { PolicyStore } from '../classification/store';
import { sensitivePatterns } from '../classification/builtins';
import { HOOK_TOOLS, type HookTool, providerFor } from '../hooks/types';
import { providerAllowed } from '../pipeline/providerPolicy';
import { CLAUDE_GENERATED, managedFiles, type ToolFile, toolFiles } from './compile';
import { MCP_ON_PATH, type McpLaunch, recordedMcpLaunch } from './mcpServers';
import { type ToolTelemetry, withToolTelemetry } from './telemetry';

/**
 * What `ai-guard tools sync|check` and the editor's "Set Up AI Tools" share: from the policy in
 * force for a folder and the files there now, each AI tool file's current and proposed text.
 * The callers only read files, show or write what differs and report; the decisions are here.
 */

/** One file `tools sync` writes, with what it holds now and what it would hold. */
export interface PlannedToolFile {
  /** Relative to the folder synced (`.cursor/hooks.json`), or to the managed folder under `managed/`. */
  path: string;
  /** The absolute path, `/`-separated. */
  at: string;
  tool: HookTool;
  /** The file's text now; undefined when it does not exist. */
  before: string | undefined;
  after: string;
  /** Whether a managed (organisation) file rather than one of the folder's own. */
  managed: boolean;
}

export interface ToolSyncInput {
  /** The folder synced (absolute, `/`-separated). */
  dir: string;
  /** Each tool's forbidden paths, from `forbiddenPaths`. */
  forbidden: Readonly<Record<HookTool, readonly string[]>>;
  /** The command each tool's hook runs on this machine. */
  command: (tool: HookTool) => string;
  /** Reads a file's text (undefined when it does not exist). */
  read: (path: string) => Promise<string | undefined>;
  /**
   * `check` compares what the files say, not which machine's path their hooks run: a hook that
   * runs `… hook <tool>` from any path is kept as it is (CI's CLI is elsewhere). The editor keeps
   * only a recorded command that runs on this machine (a predicate).
   */
  keepRecordedCommands: boolean | ((command: string, tool: HookTool) => boolean);
  /** Also the organisation's managed files, into this absolute folder (their hooks run `ai-guard` from the PATH). */
  managedDir?: string;
  /**
   * How the tools start `ai-guard mcp` on this machine (with `keepRecordedCommands`, a recorded
   * launch is kept); `ai-guard` from the PATH by default; null: the server is not registered (the
   * editor, whose package ships no command line to start it).
   */
  mcp?: McpLaunch | null;
  /** More files of the folder, planned like the others (the approved templates' export). */
  extraFiles?: readonly ToolFile[];
  /** The organisation's collector, which the managed files point each tool's own telemetry at. */
  managedTelemetry?: ToolTelemetry;
}

/** Every file, in order; `ToolFileError` when a file to merge into is not valid JSON. */
export async function planToolSync(input: ToolSyncInput): Promise<PlannedToolFile[]> {
  const builtIn = sensitivePatterns();
  const mcp = input.mcp === null ? null : (input.mcp ?? MCP_ON_PATH);
  const plan = (command: (tool: HookTool) => string, launch: McpLaunch | null) => [
    ...toolFiles({ forbidden: input.forbidden, builtIn, command, mcp: launch }).map((file) => ({ file, at: `${input.dir}/${file.path}`, managed: false })),
    ...(input.extraFiles ?? []).map((file) => ({ file, at: `${input.dir}/${file.path}`, managed: false })),
    ...(input.managedDir === undefined
      ? []
      : withToolTelemetry(managedFiles({ forbidden: input.forbidden, builtIn, command: (tool) => `ai-guard hook ${tool}` }), input.managedTelemetry).map((file) => ({
          file,
          at: `${input.managedDir}/${file.path}`,
          managed: true,
        }))),
  ];
  const existing = new Map<string, string | undefined>();
  for (const at of new Set([...plan(input.command, mcp).map((entry) => entry.at), `${input.dir}/${CLAUDE_GENERATED}`])) existing.set(at, await input.read(at));
  const keep = input.keepRecordedCommands;
  const entries =
    keep === false
      ? plan(input.command, mcp)
      : plan(recordedCommands([...existing.values()], input.command, keep === true ? () => true : keep), mcp === null ? null : recordedMcpLaunch([...existing.values()], mcp));
  return entries.map(({ file, at, managed }) => ({
    path: file.path,
    at,
    tool: file.tool,
    before: existing.get(at),
    after: file.render(existing.get(at), (path) => existing.get(`${input.dir}/${path}`)),
    managed,
  }));
}

/** The files whose text would change. */
export function changedToolFiles(files: readonly PlannedToolFile[]): PlannedToolFile[] {
  return files.filter((file) => file.after !== file.before);
}

/**
 * For each tool, the files under `dir` (absolute paths in `files`) that the policy in `store`
 * forbids it, relative to `dir`, outside the built-in sensitive ones (written as patterns). A
 * folder all of whose files are forbidden is written once, as `folder/`, so new files there are
 * covered too. The store must already hold the policies along every file's folder.
 */
export function forbiddenPaths(store: PolicyStore, dir: string, files: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<HookTool, string[]> {
  const classified = files.filter((file) => file.startsWith(`${dir}/`)).map((file) => ({ file: file.slice(dir.length + 1), classification: store.classify(file) }));
  const result = {} as Record<HookTool, string[]>;
  for (const tool of HOOK_TOOLS) {
    const provider = providerFor(tool, env);
    const denied = (classification: Classification) => classification.excluded || !providerAllowed(classification, { id: provider, tags: store.at(classification.path).toolTags(provider) });
    result[tool] = compact(classified.map(({ file, classification }) => ({ file, denied: denied(classification), builtIn: classification.reasons.some((reason) => reason.source === 'built-in') })));
  }
  return result;
}

/** Denied files, with each folder whose files are all denied written once as `folder/`. */
function compact(files: ReadonlyArray<{ file: string; denied: boolean; builtIn: boolean }>): string[] {
  const allowedIn = new Set<string>();
  for (const { file, denied } of files) if (!denied) for (const folder of ancestors(file)) allowedIn.add(folder);
  const out = new Set<string>();
  for (const { file, denied, builtIn } of files) {
    if (!denied) continue;
    const whole = ancestors(file).find((folder) => !allowedIn.has(folder));
    if (whole !== undefined) out.add(`${whole}/`);
    else if (!builtIn) out.add(file);
  }
  return [...out].sort();
}

/** `a/b/c.txt` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The hook command a tool's files already run (`… hook <tool>`), if any. */
export function recordedCommand(texts: ReadonlyArray<string | undefined>, tool: HookTool): string | undefined {
  const pattern = new RegExp(`"(?:command|bash)":\\s*("(?:[^"\\\\]|\\\\.)* hook ${tool}")`);
  for (const text of texts) {
    const found = text === undefined ? null : pattern.exec(text);
    const command = found?.[1] === undefined ? undefined : parseJsonAs(found[1], z.string());
    if (command !== undefined) return command;
  }
  return undefined;
}

/** The hook commands the files already run, tool by tool (those `keep` accepts), else `fallback`'s. */
function recordedCommands(texts: ReadonlyArray<string | undefined>, fallback: (tool: HookTool) => string, keep: (command: string, tool: HookTool) => boolean): (tool: HookTool) => string {
  return (tool) => {
    const recorded = recordedCommand(texts, tool);
    return recorded !== undefined && keep(recorded, tool) ? recorded : fallback(tool);
  };
}

/**
 * Each tool's state in a folder, from a plan made with `keepRecordedCommands` (what `tools
 * check` compares): `governed` when every file of the tool follows the policy, `missing` when
 * none of its hook files exists yet, else `stale`.
 */
export type ToolState = 'governed' | 'missing' | 'stale';

export function toolStates(files: readonly PlannedToolFile[]): Record<HookTool, ToolState> {
  const states = {} as Record<HookTool, ToolState>;
  for (const tool of HOOK_TOOLS) {
    const own = files.filter((file) => file.tool === tool && !file.managed);
    const hooks = own.filter((file) => file.path.endsWith('.json') && file.path !== CLAUDE_GENERATED);
    states[tool] = own.every((file) => file.after === file.before)
      ? 'governed'
      : hooks.every((file) => file.before === undefined || recordedCommand([file.before], tool) === undefined)
        ? 'missing'
        : 'stale';
  }
  return states;
}

/** The command a hook runs: a Node and a script, by absolute path (quoted for a shell when they need it), then `hook <tool>`. */
export function hookCommandOf(runtime: string, script: string): (tool: HookTool) => string {
  return (tool) => `${quote(runtime)} ${quote(script)} hook ${tool}`;
}

function quote(path: string): string {
  return /^[\w./:\\-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The program and script a recorded hook command runs (`node /…/hook.js hook cursor`), unquoted; undefined for `ai-guard hook …`. */
export function commandParts(command: string): { runtime: string; script: string } | undefined {
  const words = [...command.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '')));
  if (words.length !== 4 || words[2] !== 'hook') return undefined;
  return { runtime: words[0] ?? '', script: words[1] ?? '' };
}
