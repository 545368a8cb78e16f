import type { HookAction, HookContract, HookRequest } from '../types';
import { asObject, json, optionalString, stringsIn, toolArguments } from './payload';
import { type ToolNames, toolCallAction } from './toolCalls';

/**
 * GitHub Copilot's agent hooks, `.github/hooks/*.json` version 1, as the Copilot CLI hooks
 * reference documents them. Two input formats, chosen by how the event is spelled in the
 * configuration: camelCase events (`preToolUse`, `userPromptSubmitted`, `postToolUse`) send
 * camelCase fields without an event name (`cwd`, `toolName`, `toolArgs` — arguments, possibly
 * as JSON text —, `prompt`, `toolResult`); PascalCase events, VS Code's format, send
 * `hook_event_name`, `tool_name`, `tool_input`. Only `preToolUse` is acted on:
 * `{"permissionDecision": "deny", "permissionDecisionReason": …}` on stdout. Hook failures
 * (non-zero exit, timeout) are skipped, never blocking, so every refusal of ours, a failure
 * included, is that JSON with exit 0. `userPromptSubmitted`'s output is ignored: a prompt
 * cannot be blocked there, only audited.
 */
const NAMES: ToolNames = {
  reads: {
    view: { keys: ['path', 'file_path'] },
    grep: { keys: ['path'], folderWide: true },
    glob: { keys: ['path'], folderWide: true },
    // Edits answer with part of the file: they read what they edit.
    edit: { keys: ['path', 'file_path'] },
    create: { keys: ['path', 'file_path'] },
    // VS Code's tool names, for its PascalCase payloads.
    read_file: { keys: ['filePath', 'file_path', 'path'] },
    Read: { keys: ['file_path'] },
  },
  shells: new Set(['bash', 'powershell', 'run_in_terminal', 'Bash']),
  commandKey: 'command',
  isMcp: (name) => name.startsWith('mcp_') || name.startsWith('mcp__'),
};

export const copilotContract: HookContract = {
  tool: 'copilot',
  parse(raw) {
    const payload = asObject(raw, 'the hook input');
    // VS Code documents its common field as `hookEventName`; earlier builds sent `hook_event_name`.
    const pascal = optionalString(payload, 'hook_event_name') ?? optionalString(payload, 'hookEventName');
    const toolName = optionalString(payload, pascal !== undefined ? 'tool_name' : 'toolName');
    const prompt = optionalString(payload, 'prompt');
    const result = pascal !== undefined ? payload.tool_result : payload.toolResult;
    const event = pascal ?? (toolName !== undefined ? (result !== undefined ? 'postToolUse' : 'preToolUse') : prompt !== undefined ? 'userPromptSubmitted' : 'unknown');
    let action: HookAction = { kind: 'none' };
    if (event === 'preToolUse' || event === 'PreToolUse') {
      action = toolCallAction(NAMES, toolName ?? '', toolArguments(pascal !== undefined ? payload.tool_input : payload.toolArgs));
      // PowerShell escapes with a backtick: its backslashes are Windows path separators, not the POSIX escapes the shell reading assumes.
      if (action.kind === 'shell' && toolName === 'powershell') action = { kind: 'shell', command: action.command.replace(/\\/g, '/') };
    } else if ((event === 'userPromptSubmitted' || event === 'UserPromptSubmit') && prompt !== undefined) action = { kind: 'prompt', texts: [prompt], rewritable: false };
    else if (event === 'postToolUse' || event === 'PostToolUse') action = { kind: 'output', texts: stringsIn(result), rewritable: false };
    // Only preToolUse's answer is acted on; VS Code also acts on a PascalCase UserPromptSubmit.
    const enforceable = event === 'preToolUse' || event === 'PreToolUse' || event === 'UserPromptSubmit';
    return { tool: 'copilot', caller: 'copilot', event, ...(toolName !== undefined ? { toolName } : {}), cwd: optionalString(payload, 'cwd'), enforceable, action, payload } satisfies HookRequest;
  },
  answer(request, verdict) {
    if (verdict.outcome === 'allowed') return { stdout: json({}), stderr: '', exitCode: 0 };
    const reason = verdict.reason;
    // VS Code reads a prompt's refusal from the common output (`continue`, `stopReason`); Claude Code's `decision` is kept for hosts that read that.
    if (request.event === 'UserPromptSubmit') return { stdout: json({ decision: 'block', reason, continue: false, stopReason: reason }), stderr: '', exitCode: 0 };
    if (!request.enforceable) return { stdout: json({}), stderr: `${reason}\n`, exitCode: 0 };
    return { stdout: json(deny(request.event === 'PreToolUse', reason)), stderr: '', exitCode: 0 };
  },
  failClosed(reason, raw) {
    const pascal = typeof raw === 'object' && raw !== null && ('hook_event_name' in raw || 'hookEventName' in raw);
    return { stdout: json(deny(pascal, reason)), stderr: `${reason}\n`, exitCode: 0 };
  },
};

/** The CLI reads the top-level fields; VS Code reads `hookSpecificOutput`, as Claude Code does. */
function deny(pascal: boolean, reason: string): Record<string, unknown> {
  const top = { permissionDecision: 'deny', permissionDecisionReason: reason };
  return pascal ? { ...top, hookSpecificOutput: { hookEventName: 'PreToolUse', ...top } } : top;
}
