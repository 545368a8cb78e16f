import { Commands } from '../../shared/ids';
import { templateCommand } from './runPrompt';

/** "AI Guard: Document Code": documentation comments for the selection (or the file). */
export const documentCode = templateCommand(Commands.documentCode, 'document');
