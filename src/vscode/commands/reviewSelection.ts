import { Commands } from '../../shared/ids';
import { templateCommand } from './runPrompt';

/** "AI Guard: Review Selection": the built-in code review of the selection (or the file). */
export const reviewSelection = templateCommand(Commands.reviewSelection, 'code-review');
