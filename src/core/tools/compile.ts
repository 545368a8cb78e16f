import * as jsonc from 'jsonc-parser/lib/esm/main.js';
import { GENERATED_BLOCK_END, GENERATED_BLOCK_START } from '../classification/ignoreFiles';
import type { HookTool } from '../hooks/types';
import { json, mergedByPath, objectAt, parseObject, type ToolFile } from './files';
import { MCP_ON_PATH, type McpLaunch, mcpServerFiles } from './mcpServers';

export { type ToolFile, ToolFileError } from './files';

/**
 * The policy compiled into each AI tool's own files (`ai-guard tools sync`): ignore files for
 * what a tool may not read, Claude Code's `permissions.deny` rules, and each tool's hook
 * configuration running `ai-guard hook <tool>`. Every file keeps what a person wrote in it:
 * ignore files get one marked block; JSON files get our entries only (hooks recognised by their
 * command, Claude's rules by the list we wrote last time, kept beside them). Rendering what a
 * file already holds gives the same text, so syncing twice changes nothing.
 */
export interface ToolInputs {
  /** For each tool, the paths (relative to the folder, `/`-separated) the policy forbids it. */
  forbidden: Readonly<Record<HookTool, readonly string[]>>;
  /** The built-in sensitive patterns (`.env`, keys…), negations included, for files not yet there. */
  builtIn: readonly string[];
  /** The command a tool's hook runs, e.g. `"/usr/bin/node" "/opt/ai-guard/dist/hook.js" cursor`. */
  command: (tool: HookTool) => string;
  /** How each tool starts the `ai-guard mcp` server registered in its MCP configuration (`ai-guard` from the PATH by default; null: not registered). */
  mcp?: McpLaunch | null;
}

/** Ignore files and the tool whose forbidden list each gets. */
const IGNORE_FILES: ReadonlyArray<{ path: string; tool: HookTool }> = [
  { path: '.cursorignore', tool: 'cursor' },
  { path: '.geminiignore', tool: 'gemini-cli' },
  // Gemini Code Assist (the IDE extensions) reads .aiexclude; it is Google's Gemini too.
  { path: '.aiexclude', tool: 'gemini-cli' },
];

/** Claude Code's tools that read files or run commands, for its PreToolUse and PostToolUse matchers. */
const CLAUDE_MATCHER = 'Read|Grep|Glob|LS|NotebookRead|Edit|MultiEdit|Write|NotebookEdit|Bash|mcp__.*';
const GEMINI_MATCHER = 'read_file|read_many_files|glob|search_file_content|grep|list_directory|replace|write_file|run_shell_command|mcp__.*';
/** Where `tools sync` keeps the Claude Code rules it wrote, to replace them next time and leave a person's own. */
export const CLAUDE_GENERATED = '.claude/ai-guard.generated.json';

export function toolFiles(inputs: ToolInputs): ToolFile[] {
  const files: ToolFile[] = IGNORE_FILES.map(({ path, tool }) => ({ path, tool, render: (existing) => withBlock(existing, ignoreLines(inputs, tool)) }));
  files.push(
    { path: '.claude/settings.json', tool: 'claude-code', render: (existing, read) => claudeSettings(existing, inputs, previousClaudeRules(read(CLAUDE_GENERATED))) },
    {
      path: CLAUDE_GENERATED,
      tool: 'claude-code',
      render: () => json({ comment: 'Written by ai-guard tools sync: the permissions.deny rules it added to settings.json.', deny: claudeRules(inputs) }),
    },
    { path: '.cursor/hooks.json', tool: 'cursor', render: (existing) => cursorHooks(existing, inputs.command('cursor')) },
    { path: '.gemini/settings.json', tool: 'gemini-cli', render: (existing) => geminiSettings(existing, inputs.command('gemini-cli')) },
    { path: '.github/hooks/ai-guard.json', tool: 'copilot', render: () => copilotHooks(inputs.command('copilot')) },
    ...(inputs.mcp === null ? [] : mcpServerFiles(inputs.mcp ?? MCP_ON_PATH)),
  );
  return mergedByPath(files);
}

/**
 * The organisation's files, for an administrator to deploy on every machine, where a person
 * cannot remove them: Claude Code's `managed-settings.json` (with `allowManagedHooksOnly`, so
 * only these hooks run), Cursor's enterprise `hooks.json`, Gemini CLI's system settings, and
 * the paths to paste into GitHub Copilot's content exclusion. They hold the built-in sensitive
 * patterns only, since a project's own paths mean nothing on another machine; `tools sync`
 * in each repository adds those.
 */
export function managedFiles(inputs: ToolInputs): ToolFile[] {
  const general: ToolInputs = { ...inputs, forbidden: { 'claude-code': [], cursor: [], copilot: [], 'gemini-cli': [] } };
  return [
    {
      path: 'claude-code/managed-settings.json',
      tool: 'claude-code',
      render: () => json({ ...claudeSettingsObject(undefined, general, new Set()), allowManagedHooksOnly: true }),
    },
    { path: 'cursor/hooks.json', tool: 'cursor', render: () => cursorHooks(undefined, inputs.command('cursor')) },
    { path: 'gemini-cli/settings.json', tool: 'gemini-cli', render: () => geminiSettings(undefined, inputs.command('gemini-cli')) },
    { path: 'copilot/hooks.json', tool: 'copilot', render: () => copilotHooks(inputs.command('copilot')) },
    {
      path: 'github/content-exclusion.yml',
      tool: 'copilot',
      render: () =>
        [
          '# Paste into GitHub: the repository or organisation settings, Copilot, Content exclusion.',
          '# Generated by ai-guard tools sync --managed from the policy.',
          ...inputs.builtIn.filter((pattern) => !pattern.startsWith('!')).map((pattern) => `- ${JSON.stringify(pattern.startsWith('**/') ? pattern : `**/${pattern}`)}`),
          ...inputs.forbidden.copilot.map((path) => `- ${JSON.stringify(`/${path}${path.endsWith('/') ? '**' : ''}`)}`),
          '',
        ].join('\n'),
    },
  ];
}

function ignoreLines(inputs: ToolInputs, tool: HookTool): string[] {
  return [...inputs.builtIn, ...inputs.forbidden[tool].map((path) => `/${escapeIgnore(path)}`)];
}

/** An ignore file with our block replaced (or appended), the person's lines around it untouched. */
export function withBlock(existing: string | undefined, lines: readonly string[]): string {
  const block = [GENERATED_BLOCK_START, ...lines, GENERATED_BLOCK_END].join('\n');
  const text = existing ?? '';
  const start = text.indexOf(`${GENERATED_BLOCK_START}\n`);
  const end = start < 0 ? -1 : text.indexOf(GENERATED_BLOCK_END, start);
  if (start >= 0 && end >= 0) return text.slice(0, start) + block + text.slice(end + GENERATED_BLOCK_END.length);
  const before = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${before}${before === '' ? '' : '\n'}${block}\n`;
}

function escapeIgnore(path: string): string {
  return path.replace(/[\\*?[\]!#]/g, '\\$&').replace(/^ | $/g, '\\ ');
}

/**
 * Claude Code's `Read(…)` rules (gitignore patterns; `./` from the folder Claude runs in, which
 * `tools sync` assumes is this one). Negated built-ins cannot be written as deny rules and are
 * left out: `.env.example` is then denied too, on the safe side, and the hook still judges it.
 */
function claudeRules(inputs: ToolInputs): string[] {
  const builtIn = inputs.builtIn.filter((pattern) => !pattern.startsWith('!')).map((pattern) => `Read(${pattern.startsWith('**/') ? pattern : `**/${pattern}`})`);
  return [...builtIn, ...inputs.forbidden['claude-code'].map((path) => `Read(./${path})`)];
}

function previousClaudeRules(text: string | undefined): Set<string> {
  if (text === undefined) return new Set();
  // The record of what we wrote last time: another shape (an older version's, an edited file) forgets nothing but our own old rules.
  const value: unknown = jsonc.parse(text);
  const deny = typeof value === 'object' && value !== null && 'deny' in value ? value.deny : undefined;
  return new Set(Array.isArray(deny) ? deny.filter((rule): rule is string => typeof rule === 'string') : []);
}

function claudeSettings(existing: string | undefined, inputs: ToolInputs, previous: ReadonlySet<string>): string {
  return json(claudeSettingsObject(existing, inputs, previous));
}

function claudeSettingsObject(existing: string | undefined, inputs: ToolInputs, previous: ReadonlySet<string>): Record<string, unknown> {
  const settings = parseObject(existing, '.claude/settings.json');
  const permissions = objectAt(settings, 'permissions');
  const own = Array.isArray(permissions.deny) ? permissions.deny.filter((rule) => typeof rule !== 'string' || !previous.has(rule)) : [];
  const ours = claudeRules(inputs).filter((rule) => !own.includes(rule));
  permissions.deny = [...own, ...ours];
  settings.permissions = permissions;
  const command = inputs.command('claude-code');
  const entry = { type: 'command', command };
  settings.hooks = withHooks(objectAt(settings, 'hooks'), 'claude-code', {
    UserPromptSubmit: [{ hooks: [entry] }],
    PreToolUse: [{ matcher: CLAUDE_MATCHER, hooks: [entry] }],
    PostToolUse: [{ matcher: CLAUDE_MATCHER, hooks: [entry] }],
  });
  return settings;
}

function cursorHooks(existing: string | undefined, command: string): string {
  const file = parseObject(existing, '.cursor/hooks.json');
  file.version = 1;
  const entry = { command };
  file.hooks = withHooks(objectAt(file, 'hooks'), 'cursor', {
    beforeSubmitPrompt: [entry],
    beforeReadFile: [entry],
    beforeTabFileRead: [entry],
    beforeShellExecution: [entry],
    beforeMCPExecution: [entry],
  });
  return json(file);
}

function geminiSettings(existing: string | undefined, command: string): string {
  const settings = parseObject(existing, '.gemini/settings.json');
  const entry = { type: 'command', command, name: 'ai-guard' };
  settings.hooks = withHooks(objectAt(settings, 'hooks'), 'gemini-cli', {
    BeforeAgent: [{ hooks: [entry] }],
    BeforeModel: [{ hooks: [entry] }],
    BeforeTool: [{ matcher: GEMINI_MATCHER, hooks: [entry] }],
    AfterTool: [{ matcher: GEMINI_MATCHER, hooks: [entry] }],
  });
  return json(settings);
}

/** The whole file is ours (`.github/hooks/*.json` are one file per purpose). */
function copilotHooks(command: string): string {
  const entry = { type: 'command', bash: command, powershell: command, timeoutSec: 30 };
  return json({ version: 1, hooks: { preToolUse: [entry], userPromptSubmitted: [entry] } });
}

/**
 * A hooks object with our entries replaced: an entry (or a group's entry) whose command runs
 * `hook <tool>` is ours; groups left empty are dropped; ours are appended to each event.
 */
function withHooks(hooks: Record<string, unknown>, tool: HookTool, ours: Record<string, unknown[]>): Record<string, unknown> {
  const isOurs = (entry: unknown) =>
    typeof entry === 'object' && entry !== null && typeof (entry as { command?: unknown }).command === 'string' && (entry as { command: string }).command.endsWith(` hook ${tool}`) === true;
  const result: Record<string, unknown> = {};
  for (const [event, value] of Object.entries(hooks)) {
    if (!Array.isArray(value)) {
      result[event] = value;
      continue;
    }
    const kept = value
      .map((group) => {
        if (isOurs(group)) return undefined;
        if (typeof group === 'object' && group !== null && Array.isArray((group as { hooks?: unknown }).hooks)) {
          const inner = (group as { hooks: unknown[] }).hooks.filter((entry) => !isOurs(entry));
          return inner.length === 0 ? undefined : { ...(group as object), hooks: inner };
        }
        return group;
      })
      .filter((group) => group !== undefined);
    result[event] = kept;
  }
  for (const [event, entries] of Object.entries(ours)) result[event] = [...((result[event] as unknown[] | undefined) ?? []), ...entries];
  return result;
}
