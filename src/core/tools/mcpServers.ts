import type { HookTool } from '../hooks/types';
import { json, objectAt, parseObject, type ToolFile } from './files';

/**
 * The `ai-guard mcp` server registered in each AI tool's MCP configuration, so the approved
 * templates show as slash commands there: `.mcp.json` (Claude Code), `.cursor/mcp.json`,
 * `.vscode/mcp.json` (Copilot Chat in VS Code) and `mcpServers` in `.gemini/settings.json`.
 * The entry named {@link MCP_SERVER_NAME} is ours and is replaced; every other server and key a
 * person wrote is kept. Rendering what a file already holds gives the same text.
 */
export const MCP_SERVER_NAME = 'ai-guard';

/** How the server is started: `ai-guard` from the PATH, or this machine's Node and `dist/cli.js`. */
export interface McpLaunch {
  command: string;
  /** The arguments before `mcp` (the CLI script, when `command` is Node). */
  args: readonly string[];
}

export const MCP_ON_PATH: McpLaunch = { command: 'ai-guard', args: [] };

/** Each tool's MCP file: where it lives, the key its servers are under, and whether it names the workspace folder. */
const MCP_FILES: ReadonlyArray<{ path: string; tool: HookTool; key: 'mcpServers' | 'servers'; entry: (launch: McpLaunch) => Record<string, unknown> }> = [
  // Claude Code and Gemini CLI start a project's servers in the project folder.
  { path: '.mcp.json', tool: 'claude-code', key: 'mcpServers', entry: (launch) => ({ type: 'stdio', command: launch.command, args: [...launch.args, 'mcp'] }) },
  { path: '.gemini/settings.json', tool: 'gemini-cli', key: 'mcpServers', entry: (launch) => ({ command: launch.command, args: [...launch.args, 'mcp'] }) },
  // Cursor and VS Code expand ${workspaceFolder}; their servers may start elsewhere.
  { path: '.cursor/mcp.json', tool: 'cursor', key: 'mcpServers', entry: (launch) => ({ command: launch.command, args: [...launch.args, 'mcp', '${workspaceFolder}'] }) },
  { path: '.vscode/mcp.json', tool: 'copilot', key: 'servers', entry: (launch) => ({ type: 'stdio', command: launch.command, args: [...launch.args, 'mcp', '${workspaceFolder}'] }) },
];

export function mcpServerFiles(launch: McpLaunch): ToolFile[] {
  return MCP_FILES.map(({ path, tool, key, entry }) => ({
    path,
    tool,
    render: (existing) => {
      const file = parseObject(existing, path);
      file[key] = { ...objectAt(file, key), [MCP_SERVER_NAME]: entry(launch) };
      return json(file);
    },
  }));
}

/**
 * How the files already start the server (the first of them that registers it), so that
 * `tools check` on another machine compares the configuration, not whose path it runs; else
 * `fallback`.
 */
export function recordedMcpLaunch(texts: ReadonlyArray<string | undefined>, fallback: McpLaunch): McpLaunch {
  for (const text of texts) {
    let file: Record<string, unknown>;
    try {
      file = parseObject(text, '');
    } catch {
      continue;
    }
    for (const key of ['mcpServers', 'servers']) {
      const entry = objectAt(file, key)[MCP_SERVER_NAME] as { command?: unknown; args?: unknown } | undefined;
      const args = Array.isArray(entry?.args) ? entry.args : undefined;
      const at = args?.indexOf('mcp') ?? -1;
      if (typeof entry?.command === 'string' && args !== undefined && at >= 0 && args.slice(0, at).every((arg) => typeof arg === 'string')) {
        return { command: entry.command, args: args.slice(0, at) as string[] };
      }
    }
  }
  return fallback;
}
