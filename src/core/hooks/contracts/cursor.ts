import type { HookAction, HookContract, HookRequest } from '../types';
import { asObject, json, optionalString, requiredString, toolArguments } from './payload';

/**
 * Cursor's agent hooks, `hooks.json` version 1 (project `.cursor/hooks.json`, user
 * `~/.cursor/hooks.json`, enterprise `/etc/cursor/hooks.json`), as Cursor's hooks documentation
 * describes them. Every input has `conversation_id`, `generation_id`, `hook_event_name`,
 * `workspace_roots`; then `beforeSubmitPrompt`: `prompt`, `attachments` (`{type, file_path}`);
 * `beforeReadFile` and `beforeTabFileRead`: `file_path`, `content`; `beforeShellExecution`:
 * `command`, `cwd`; `beforeMCPExecution`: `tool_name`, `tool_input` (JSON text), `url` or
 * `command`. Answers: `beforeSubmitPrompt` `{"continue": false, "user_message": …}`; the file
 * reads `{"permission": "allow" | "deny"}`; shell and MCP `{"permission": "allow" | "deny" |
 * "ask", "user_message", "agent_message"}`. Exit code 2 denies as well. No answer rewrites a
 * prompt or a file's content, so findings block.
 */
const FILE_EVENTS = new Set(['beforeReadFile', 'beforeTabFileRead']);
const PERMISSION_EVENTS = new Set(['beforeReadFile', 'beforeTabFileRead', 'beforeShellExecution', 'beforeMCPExecution']);

export const cursorContract: HookContract = {
  tool: 'cursor',
  parse(raw) {
    const payload = asObject(raw, 'the hook input');
    const event = requiredString(payload, 'hook_event_name');
    const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots.filter((root): root is string => typeof root === 'string') : [];
    const cwd = optionalString(payload, 'cwd') ?? roots[0];
    let action: HookAction;
    let toolName: string | undefined;
    if (event === 'beforeSubmitPrompt') {
      const attachments = Array.isArray(payload.attachments)
        ? payload.attachments
            .map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>).file_path : undefined))
            .filter((path): path is string => typeof path === 'string')
        : [];
      action = { kind: 'prompt', texts: [requiredString(payload, 'prompt')], rewritable: false, attachments };
    } else if (FILE_EVENTS.has(event)) {
      const content = optionalString(payload, 'content');
      action = { kind: 'read', paths: [requiredString(payload, 'file_path')], ...(content !== undefined ? { content } : {}) };
    } else if (event === 'beforeShellExecution') {
      action = { kind: 'shell', command: requiredString(payload, 'command') };
    } else if (event === 'beforeMCPExecution') {
      toolName = requiredString(payload, 'tool_name');
      action = { kind: 'mcp', input: toolArguments(payload.tool_input) };
    } else {
      action = { kind: 'none' };
    }
    return { tool: 'cursor', caller: 'cursor', event, ...(toolName !== undefined ? { toolName } : {}), cwd, enforceable: true, action, payload } satisfies HookRequest;
  },
  answer(request, verdict) {
    const denied = verdict.outcome !== 'allowed';
    const reason = verdict.outcome === 'allowed' ? undefined : verdict.reason;
    if (request.event === 'beforeSubmitPrompt') return { stdout: json(denied ? { continue: false, user_message: reason } : { continue: true }), stderr: '', exitCode: 0 };
    if (PERMISSION_EVENTS.has(request.event)) {
      const answer = denied ? { permission: 'deny', user_message: reason, agent_message: reason } : { permission: 'allow' };
      return { stdout: json(answer), stderr: '', exitCode: 0 };
    }
    return { stdout: denied ? '' : json({}), stderr: denied ? `${reason}\n` : '', exitCode: denied ? 2 : 0 };
  },
  failClosed(reason) {
    // One answer that refuses under every event's contract, and exit 2, which Cursor reads as a deny.
    return { stdout: json({ continue: false, permission: 'deny', user_message: reason, agent_message: reason }), stderr: `${reason}\n`, exitCode: 2 };
  },
};
