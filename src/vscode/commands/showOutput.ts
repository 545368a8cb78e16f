import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/** "AI Guard: Show Output": reveals the extension's log, where every decision is explained. */
export const showOutput: CommandModule = {
  id: Commands.showOutput,
  run: (container) => {
    container.logger.show();
  },
};
