import type { SecretStore } from '../ports';
import type { ProviderConfig, ProviderKind } from './types';

const GENERIC_KEY_VARIABLE_NAME = 'AI_GUARD_API_KEY';

/**
 * The environment variable for a kind's key, as its vendor's own tools name it. An
 * OpenAI-compatible service (Mistral, a LiteLLM gateway, a vLLM server…) is not OpenAI: reading
 * `OPENAI_API_KEY` for it would send an OpenAI key to another company's server, so it reads
 * only the generic variable (or the key stored for its id).
 */
export const KEY_VARIABLE: Readonly<Record<ProviderKind, string>> = {
  openai: 'OPENAI_API_KEY',
  'openai-compatible': GENERIC_KEY_VARIABLE_NAME,
  'azure-openai': 'AZURE_OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  // The editor's models are signed in through the editor: no key of ours is ever read for them.
  'vscode-lm': GENERIC_KEY_VARIABLE_NAME,
};

/** The environment variable read for any kind, after the kind's own. */
export const GENERIC_KEY_VARIABLE = GENERIC_KEY_VARIABLE_NAME;

/** Where a provider's key is kept in the secret store. */
export function secretKeyFor(providerId: string): string {
  return `aiGuard.apiKey.${providerId}`;
}

export interface KeySources {
  secrets?: SecretStore;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The API key for a provider: the one stored with "AI Guard: Set API Key" first, then the
 * kind's environment variable, then `AI_GUARD_API_KEY`. Undefined when there is none, which
 * `createProvider` accepts only for local providers (tag `local`, e.g. Ollama).
 *
 * A keychain that cannot be read (no keyring on a Linux desktop) does not hide a key set in the
 * environment; the keychain's error is raised only when the environment has no key either.
 */
export async function resolveApiKey(config: Pick<ProviderConfig, 'id' | 'kind'>, sources: KeySources): Promise<string | undefined> {
  let keychainError: unknown;
  try {
    const stored = clean(await sources.secrets?.get(secretKeyFor(config.id)));
    if (stored !== undefined) return stored;
  } catch (error) {
    keychainError = error;
  }
  const fromEnvironment = clean(sources.env[KEY_VARIABLE[config.kind]]) ?? clean(sources.env[GENERIC_KEY_VARIABLE]);
  if (fromEnvironment !== undefined) return fromEnvironment;
  if (keychainError !== undefined) throw keychainError;
  return undefined;
}

/** A key pasted with spaces or a line break around it still works; an empty one is no key. */
function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
