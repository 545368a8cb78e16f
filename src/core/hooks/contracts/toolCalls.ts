import type { HookAction } from '../types';
import { pathsFrom } from './payload';

/**
 * How one tool names its built-in tools: which read files (and from which argument), which
 * run a shell command, and how MCP tools are named. A folder-wide tool (a search) with no path
 * argument works in the current folder, so it stands for `.`.
 */
export interface ToolNames {
  reads: Readonly<Record<string, { keys: readonly string[]; folderWide?: boolean }>>;
  shells: ReadonlySet<string>;
  commandKey: string;
  isMcp: (name: string) => boolean;
}

/** The action of a tool call, from its name and its arguments. */
export function toolCallAction(names: ToolNames, toolName: string, input: Record<string, unknown>): HookAction {
  const read = names.reads[toolName];
  if (read !== undefined) {
    const paths = pathsFrom(input, read.keys);
    return { kind: 'read', paths: paths.length === 0 && read.folderWide ? ['.'] : paths };
  }
  if (names.shells.has(toolName)) {
    const command = input[names.commandKey];
    return { kind: 'shell', command: typeof command === 'string' ? command : '' };
  }
  if (names.isMcp(toolName)) return { kind: 'mcp', input };
  return { kind: 'none' };
}

/** MCP tools are `mcp__<server>__<tool>` in Claude Code and Gemini CLI. */
export const mcpByPrefix = (name: string): boolean => name.startsWith('mcp__');
