import { type HookAction, type HookContract, HookInputError, type HookRequest } from '../types';
import { asObject, json, optionalString, requiredString, stringsIn, toolArguments } from './payload';
import { mcpByPrefix, type ToolNames, toolCallAction } from './toolCalls';

/**
 * Gemini CLI's hooks, as its hooks reference documents them (`.gemini/settings.json` `hooks`,
 * Gemini CLI 0.2x). Input: `session_id`, `transcript_path`, `cwd`, `hook_event_name`,
 * `timestamp`, and per event `prompt` (BeforeAgent), `llm_request` with `messages[].content`
 * (BeforeModel), `tool_name` + `tool_input` (BeforeTool), `tool_response.llmContent`
 * (AfterTool). Output: exit 0 and JSON with `decision: "deny"` and `reason`, or exit 2 with the
 * reason on stderr (other exit codes are warnings: the CLI goes on). BeforeModel can replace
 * the request (`hookSpecificOutput.llm_request`) and AfterTool the output
 * (`hookSpecificOutput.tool_output`), so there findings are redacted rather than blocked.
 */
const NAMES: ToolNames = {
  reads: {
    read_file: { keys: ['absolute_path', 'file_path', 'path'] },
    read_many_files: { keys: ['paths', 'include'] },
    glob: { keys: ['path', 'dir_path'], folderWide: true },
    search_file_content: { keys: ['path', 'dir_path'], folderWide: true },
    grep: { keys: ['path', 'dir_path'], folderWide: true },
    list_directory: { keys: ['path', 'dir_path'], folderWide: true },
    // Edits answer with a diff of the file: they read what they edit.
    replace: { keys: ['file_path', 'absolute_path'] },
    write_file: { keys: ['file_path', 'absolute_path'] },
  },
  shells: new Set(['run_shell_command']),
  commandKey: 'command',
  isMcp: mcpByPrefix,
};

export const geminiCliContract: HookContract = {
  tool: 'gemini-cli',
  parse(raw) {
    const payload = asObject(raw, 'the hook input');
    const event = requiredString(payload, 'hook_event_name');
    let action: HookAction;
    let toolName: string | undefined;
    if (event === 'BeforeAgent') action = { kind: 'prompt', texts: [requiredString(payload, 'prompt')], rewritable: false };
    else if (event === 'BeforeModel') action = { kind: 'prompt', texts: modelMessages(payload).map((message) => message.content), rewritable: true };
    else if (event === 'BeforeTool' || event === 'AfterTool') {
      toolName = requiredString(payload, 'tool_name');
      if (event === 'BeforeTool') action = toolCallAction(NAMES, toolName, toolArguments(payload.tool_input));
      else {
        const response = payload.tool_response;
        const content = typeof response === 'object' && response !== null ? (response as Record<string, unknown>).llmContent : response;
        action = { kind: 'output', texts: [stringsIn(content).join('\n')], rewritable: true };
      }
    } else action = { kind: 'none' };
    return {
      tool: 'gemini-cli',
      caller: 'gemini-cli',
      event,
      ...(toolName !== undefined ? { toolName } : {}),
      cwd: optionalString(payload, 'cwd'),
      enforceable: true,
      action,
      payload,
    } satisfies HookRequest;
  },
  answer(request, verdict) {
    if (verdict.outcome === 'allowed') return { stdout: json({}), stderr: '', exitCode: 0 };
    if (verdict.outcome === 'redacted' && request.event === 'BeforeModel') {
      const messages = modelMessages(request.payload);
      let next = 0;
      const redacted = messages.map((message) => ({ ...message, content: verdict.texts[next++] ?? '' }));
      const llmRequest = { ...(request.payload.llm_request as Record<string, unknown>), messages: redacted };
      return { stdout: json({ systemMessage: verdict.reason, hookSpecificOutput: { hookEventName: 'BeforeModel', llm_request: llmRequest } }), stderr: '', exitCode: 0 };
    }
    if (verdict.outcome === 'redacted' && request.event === 'AfterTool') {
      return { stdout: json({ systemMessage: verdict.reason, hookSpecificOutput: { hookEventName: 'AfterTool', tool_output: verdict.texts[0] ?? '' } }), stderr: '', exitCode: 0 };
    }
    return { stdout: json({ decision: 'deny', reason: verdict.reason, systemMessage: verdict.reason }), stderr: '', exitCode: 0 };
  },
  failClosed(reason) {
    return { stdout: '', stderr: `${reason}\n`, exitCode: 2 };
  },
};

function modelMessages(payload: Record<string, unknown>): Array<Record<string, unknown> & { content: string }> {
  const request = asObject(payload.llm_request, "'llm_request'");
  if (!Array.isArray(request.messages)) throw new HookInputError("'llm_request.messages' is not a list");
  return request.messages.map((message) => {
    const object = asObject(message, 'a message');
    return { ...object, content: optionalString(object, 'content') ?? '' };
  });
}
