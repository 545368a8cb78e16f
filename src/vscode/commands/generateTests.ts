import { Commands } from '../../shared/ids';
import { templateCommand } from './runPrompt';

/** "AI Guard: Generate Tests": unit tests for the selection (or the file). */
export const generateTests = templateCommand(Commands.generateTests, 'generate-tests');
