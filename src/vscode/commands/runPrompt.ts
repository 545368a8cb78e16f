import * as z from 'zod/mini';
import type { RunRequest } from '../ai/runPrompt';
import { type CommandId, Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * What a caller may pass: a template id, a provider id (or "copy"). Keybindings and other
 * extensions can pass anything, so the argument is parsed, and an invalid one is ignored.
 */
const RunArguments = z.object({ template: z.optional(z.string()), provider: z.optional(z.string()) });

async function run(container: Parameters<CommandModule['run']>[0], request: RunRequest): Promise<void> {
  await (await container.aiFeature()).run(request);
}

/** "AI Guard: Run Prompt…": pick a template and a provider, then run the governed pipeline. */
export const runPrompt: CommandModule = {
  id: Commands.runPrompt,
  run: async (container, argument) => {
    const parsed = RunArguments.safeParse(argument);
    await run(container, parsed.success ? parsed.data : {});
  },
};

/** A direct command for one template (from the palette or the editor's context menu); a provider id may be passed. */
export function templateCommand(id: CommandId, template: string): CommandModule {
  return {
    id,
    run: async (container, argument) => {
      const parsed = RunArguments.safeParse(argument);
      await run(container, { ...(parsed.success ? parsed.data : {}), template });
    },
  };
}
