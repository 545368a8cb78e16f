import { isHookTool } from '../../core/hooks/types';
import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * "AI Guard: Set Up AI Tools": writes each AI tool's ignore files, deny rules and hooks from the
 * policy (what `ai-guard tools sync` writes), after showing each file as a diff and asking. With
 * a tool id (the panel's button), only that tool's files.
 */
export const setUpAiTools: CommandModule = {
  id: Commands.setUpAiTools,
  run: async (container, tool?: unknown) => (await container.aiTools()).setUp(typeof tool === 'string' && isHookTool(tool) ? tool : undefined),
};
