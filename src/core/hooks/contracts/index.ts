import type { HookContract, HookTool } from '../types';
import { claudeCodeContract } from './claudeCode';
import { copilotContract } from './copilot';
import { cursorContract } from './cursor';
import { geminiCliContract } from './geminiCli';

const CONTRACTS: Readonly<Record<HookTool, HookContract>> = {
  'claude-code': claudeCodeContract,
  cursor: cursorContract,
  copilot: copilotContract,
  'gemini-cli': geminiCliContract,
};

export function contractFor(tool: HookTool): HookContract {
  return CONTRACTS[tool];
}
