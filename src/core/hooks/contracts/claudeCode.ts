import type { HookAction, HookAnswer, HookContract, HookRequest } from '../types';
import { copilotContract } from './copilot';
import { asObject, json, optionalString, requiredString, stringsIn, toolArguments } from './payload';
import { mcpByPrefix, type ToolNames, toolCallAction } from './toolCalls';

/**
 * Claude Code's command hooks, as its hooks reference documents them (settings.json `hooks`,
 * Claude Code 2.x). Input on stdin: `session_id`, `transcript_path`, `cwd`, `hook_event_name`,
 * and per event `prompt` (UserPromptSubmit), `tool_name` + `tool_input` (PreToolUse), and
 * `tool_response` (PostToolUse). Output: exit 0 with JSON on stdout —
 * PreToolUse `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision":
 * "deny", "permissionDecisionReason": …}}`; UserPromptSubmit and PostToolUse `{"decision":
 * "block", "reason": …}` — or exit 2 with the reason on stderr, which blocks the tool call or
 * erases the prompt. Any other non-zero exit is a hook error that Claude Code ignores, so every
 * failure of ours ends in exit 2. No answer can replace a built-in tool's output: PostToolUse
 * can only tell Claude, after the fact, not to use it.
 *
 * Other hosts run the hooks of `.claude/settings.json`, and the request names the caller, so
 * the audit counts the event for the tool that sent it, once: Cursor (its third-party hooks)
 * sends Claude Code's payload with `cursor_version`; GitHub Copilot sends its own — VS Code's
 * agent hooks `hookEventName` and `sessionId` in camelCase beside `tool_name`, the Copilot CLI
 * `toolName`/`toolArgs` and no event name — which is read, and answered, as Copilot's contract.
 */
const NAMES: ToolNames = {
  reads: {
    Read: { keys: ['file_path'] },
    NotebookRead: { keys: ['notebook_path'] },
    Grep: { keys: ['path'], folderWide: true },
    Glob: { keys: ['path'], folderWide: true },
    LS: { keys: ['path'], folderWide: true },
    // An edit answers with a snippet of the file around the change: it reads what it edits.
    Edit: { keys: ['file_path'] },
    MultiEdit: { keys: ['file_path'] },
    Write: { keys: ['file_path'] },
    NotebookEdit: { keys: ['notebook_path'] },
  },
  shells: new Set(['Bash']),
  commandKey: 'command',
  isMcp: mcpByPrefix,
};

export const claudeCodeContract: HookContract = {
  tool: 'claude-code',
  parse(raw) {
    const payload = asObject(raw, 'the hook input');
    if (fromCopilot(payload)) return { ...copilotContract.parse(payload), tool: 'claude-code', caller: 'copilot' };
    const event = requiredString(payload, 'hook_event_name');
    const base = {
      tool: 'claude-code' as const,
      caller: payload.cursor_version !== undefined ? ('cursor' as const) : ('claude-code' as const),
      event,
      cwd: optionalString(payload, 'cwd'),
      enforceable: true,
      payload,
    };
    const toolName = event === 'PreToolUse' || event === 'PostToolUse' ? requiredString(payload, 'tool_name') : undefined;
    let action: HookAction;
    if (event === 'UserPromptSubmit') {
      // `@path` mentions put the file into the prompt without a PreToolUse: they count as reads.
      const prompt = requiredString(payload, 'prompt');
      const attachments = [...prompt.matchAll(/(?:^|\s)@([^\s@]+)/g)].map((match) => match[1] as string);
      action = { kind: 'prompt', texts: [prompt], rewritable: false, attachments };
    } else if (event === 'PreToolUse') action = toolCallAction(NAMES, toolName as string, toolArguments(payload.tool_input));
    else if (event === 'PostToolUse') action = { kind: 'output', texts: stringsIn(payload.tool_response), rewritable: false };
    else action = { kind: 'none' };
    return { ...base, ...(toolName !== undefined ? { toolName } : {}), action } satisfies HookRequest;
  },
  answer(request, verdict) {
    if (request.caller === 'copilot') return copilotContract.answer(request, verdict);
    if (verdict.outcome === 'allowed') return ok('');
    // A verdict of `redacted` cannot be applied here (no Claude Code answer rewrites a prompt or a built-in tool's output): it blocks.
    const reason = verdict.reason;
    if (request.event === 'PreToolUse') return ok(json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } }));
    if (request.event === 'UserPromptSubmit' || request.event === 'PostToolUse') return ok(json({ decision: 'block', reason }));
    return { stdout: '', stderr: `${reason}\n`, exitCode: 2 };
  },
  failClosed(reason, raw) {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && fromCopilot(raw as Record<string, unknown>)) return copilotContract.failClosed(reason, raw);
    return { stdout: '', stderr: `${reason}\n`, exitCode: 2 };
  },
};

/**
 * Whether a payload sent to Claude Code's hooks comes from GitHub Copilot: Claude Code always
 * sends `hook_event_name` and `session_id`; VS Code sends `hookEventName` and `sessionId`, the
 * Copilot CLI no event name and camelCase tool fields.
 */
function fromCopilot(payload: Record<string, unknown>): boolean {
  if (payload.hook_event_name !== undefined) return false;
  return payload.hookEventName !== undefined || payload.sessionId !== undefined || payload.toolName !== undefined || payload.toolArgs !== undefined;
}

function ok(stdout: string): HookAnswer {
  return { stdout, stderr: '', exitCode: 0 };
}
