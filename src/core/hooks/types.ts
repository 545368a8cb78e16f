/**
 * What `ai-guard hook <tool>` works with, whatever the tool: a request read from the tool's
 * payload by its contract (`contracts/*.ts`), a verdict from `decideHook`, and the answer the
 * contract writes back in the tool's own format.
 */

/** The AI tools whose hooks AI Guard answers. */
export const HOOK_TOOLS = ['claude-code', 'cursor', 'copilot', 'gemini-cli'] as const;
export type HookTool = (typeof HOOK_TOOLS)[number];

export function isHookTool(value: string): value is HookTool {
  return (HOOK_TOOLS as readonly string[]).includes(value);
}

/**
 * Each tool is a provider for the policy's matrix: its id in the policy's `providers`
 * catalogue, so that a level that does not allow it blocks the tool there too.
 */
export const TOOL_PROVIDERS: Readonly<Record<HookTool, string>> = {
  'claude-code': 'anthropic',
  cursor: 'cursor',
  copilot: 'github-copilot',
  'gemini-cli': 'google-gemini',
};

/**
 * The provider a tool is judged as on this machine: Claude Code configured for Amazon Bedrock
 * or Google Vertex AI (its documented `CLAUDE_CODE_USE_BEDROCK` / `CLAUDE_CODE_USE_VERTEX`,
 * which its hooks inherit) sends prompts there, not to Anthropic's API.
 */
export function providerFor(tool: HookTool, env: Readonly<Record<string, string | undefined>>): string {
  if (tool === 'claude-code' && isSet(env.CLAUDE_CODE_USE_BEDROCK)) return 'aws-bedrock';
  if (tool === 'claude-code' && isSet(env.CLAUDE_CODE_USE_VERTEX)) return 'google-vertex';
  return TOOL_PROVIDERS[tool];
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * What the tool is about to do, as far as the policy is concerned.
 * - `prompt`: texts about to be sent to the model (a prompt, or a model request's messages);
 *   `rewritable` when the contract can replace them with redacted ones; `attachments`, files
 *   the tool attaches to the prompt (Cursor).
 * - `read`: files about to be read (`content` when the tool hands it over, as Cursor does).
 * - `shell`: a command line about to run.
 * - `mcp`: an MCP tool about to be called with these arguments.
 * - `output`: a tool's output about to be given to the model; `rewritable` as for prompts.
 * - `none`: an event the policy has nothing to say about (allowed).
 */
export type HookAction =
  | { kind: 'prompt'; texts: string[]; rewritable: boolean; attachments?: string[] }
  | { kind: 'read'; paths: string[]; content?: string }
  | { kind: 'shell'; command: string }
  | { kind: 'mcp'; input: unknown }
  | { kind: 'output'; texts: string[]; rewritable: boolean }
  | { kind: 'none' };

export interface HookRequest {
  /** The contract that read the payload. */
  tool: HookTool;
  /** The tool that sent it: another host may run the same hook (Cursor runs Claude Code's). */
  caller: HookTool;
  /** The tool's name for the event (`PreToolUse`, `beforeReadFile`…). */
  event: string;
  /** The tool's name for the tool call, when the event is about one (`Read`, `run_shell_command`…). */
  toolName?: string;
  /** The folder the tool works in: relative paths are resolved from it, and a prompt gets its level. */
  cwd: string | undefined;
  action: HookAction;
  /**
   * Whether the tool acts on the answer. Some events are notifications only (Copilot CLI's
   * `userPromptSubmitted`): the decision is still made and audited, and the answer says so.
   */
  enforceable: boolean;
  /** The payload as parsed, for contracts that answer with a rewritten copy of part of it. */
  payload: Record<string, unknown>;
}

/** Findings counted by kind, for the reason and the audit record (never a value). */
export type KindCounts = Readonly<Record<string, number>>;

export type HookVerdict =
  | { outcome: 'allowed'; level?: string; counts?: KindCounts }
  | { outcome: 'blocked'; reason: string; level?: string; counts?: KindCounts }
  /** The texts of a rewritable prompt or output, in the same order, with findings masked. */
  | { outcome: 'redacted'; texts: string[]; reason: string; level?: string; counts: KindCounts };

/** What the hook process writes and the exit code it ends with. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One tool's hook contract: how to read its payload and how to answer it. */
export interface HookContract {
  tool: HookTool;
  /** Reads a payload; throws `HookInputError` when it is not one this contract knows. */
  parse(payload: unknown): HookRequest;
  answer(request: HookRequest, verdict: HookVerdict): HookAnswer;
  /**
   * The answer that refuses whatever was asked, for when the payload could not be read or the
   * decision could not be made. `payload` is what could be parsed of the input, if anything.
   */
  failClosed(reason: string, payload: unknown): HookAnswer;
}

/** A payload that is not JSON, not an object, or lacks what its event needs. */
export class HookInputError extends Error {}
