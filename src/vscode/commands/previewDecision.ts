import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * The prompt preview's own Send and Don't send, in its title bar and on Ctrl+Enter / Escape:
 * the decision is made where the prompt is read, not in a notification that may hide itself.
 */
export const sendPreview: CommandModule = { id: Commands.sendPreview, run: async (container) => (await container.aiFeature()).decidePreview(true) };
export const declinePreview: CommandModule = { id: Commands.declinePreview, run: async (container) => (await container.aiFeature()).decidePreview(false) };
