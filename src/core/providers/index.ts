import { errorContextOf } from './endpoints';
import { ProviderError } from './errors';
import * as l10n from '@vscode/l10n';
import { type AiProvider, isEditorModel, needsApiKey, type ProviderConfig, type ProviderConnection } from './types';

export * from './types';
export { GENERIC_KEY_VARIABLE, KEY_VARIABLE, keyConnection, resolveApiKey, secretKeyFor, VENDOR_ENDPOINTS, withheldKeyVariable, type KeySources } from './apiKeys';
export { ProviderError, type NotFoundSubject, type ProviderErrorCode } from './errors';
export { estimateTokens } from './usage';

/**
 * A provider ready to call, for a parsed configuration and its key (see `resolveApiKey`).
 *
 * A missing key is reported here, before anything is loaded or sent, unless the provider is
 * local. The SDK is imported on this first use, not when the extension starts: the bundles keep
 * each SDK in a file of its own (`dist/sdk-openai.js`, `dist/sdk-anthropic.js`, `dist/sdk-bedrock.js`,
 * `dist/sdk-google.js`, see
 * scripts/build.mjs), so activation never reads them.
 */
export async function createProvider(config: ProviderConfig, given: ProviderConnection): Promise<AiProvider> {
  // An empty key (a blank environment variable) is no key, rather than one the SDK rejects.
  const connection: ProviderConnection = { ...given, apiKey: given.apiKey?.trim() || undefined };
  if (isEditorModel(config)) {
    throw new Error(l10n.t("Provider '{0}' is one of the editor's language models (kind vscode-lm): only the VS Code or Cursor extension can call it.", config.id));
  }
  if (connection.apiKey === undefined && needsApiKey(config)) {
    throw new ProviderError('missing-key', errorContextOf(config), connection.keyWithheld === undefined ? {} : { keyWithheld: connection.keyWithheld });
  }
  if (config.kind === 'bedrock') {
    const [{ createBedrockProvider }, sdk] = await Promise.all([import('./bedrockProvider'), import('@aws-sdk/client-bedrock-runtime')]);
    return createBedrockProvider(sdk, config);
  }
  if (config.kind === 'gemini' || config.kind === 'vertex-ai') {
    const [{ createGoogleProvider }, sdk] = await Promise.all([import('./googleProvider'), import('@google/genai')]);
    return createGoogleProvider(sdk, config, connection);
  }
  if (config.kind === 'anthropic') {
    const [{ createAnthropicProvider }, sdk] = await Promise.all([import('./anthropicProvider'), import('@anthropic-ai/sdk')]);
    return createAnthropicProvider(sdk, config, connection);
  }
  const [{ createOpenAIProvider }, sdk] = await Promise.all([import('./openaiProvider'), import('openai')]);
  return createOpenAIProvider(sdk, config, connection);
}
