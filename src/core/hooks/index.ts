// The hooks of other AI tools: each tool's contract (payload in, answer out) and one decision for all.
export {
  HOOK_TOOLS,
  type HookTool,
  isHookTool,
  TOOL_PROVIDERS,
  providerFor,
  type HookAction,
  type HookRequest,
  type HookVerdict,
  type HookAnswer,
  type HookContract,
  HookInputError,
  type KindCounts,
} from './types';
export { decideHook, type HookPolicyPort, toolLabel, PROMPT_FILE_NAME, FOLDER_LIMIT } from './decide';
export { contractFor } from './contracts';
