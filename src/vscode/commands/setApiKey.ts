import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/** "AI Guard: Set API Key": stores (or removes) a provider's key in SecretStorage. Takes an optional provider id. */
export const setApiKey: CommandModule = {
  id: Commands.setApiKey,
  run: async (container, providerId) => {
    await (await container.aiFeature()).setApiKey(typeof providerId === 'string' ? providerId : undefined);
  },
};
