import type { SecretStore } from '../ports';
import { addressOf } from './endpoints';
import { atEndpoint } from './origins';
import { CLOUD_CREDENTIAL_KINDS } from './kinds';
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
  gemini: 'GEMINI_API_KEY',
  // Bedrock and Vertex AI sign their calls with the cloud's own credentials (see `usesCloudCredentials`): no key is read for them.
  bedrock: GENERIC_KEY_VARIABLE_NAME,
  'vertex-ai': GENERIC_KEY_VARIABLE_NAME,
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
 * Where each vendor's own key may go: its company's endpoints. `OPENAI_API_KEY` sent to another
 * host (a gateway, a look-alike, an `--base-url` typed by someone else) would hand OpenAI
 * credentials to that host's owner.
 */
export const VENDOR_ENDPOINTS: Readonly<Partial<Record<ProviderKind, readonly string[]>>> = {
  openai: ['https://api.openai.com'],
  anthropic: ['https://api.anthropic.com'],
  gemini: ['https://generativelanguage.googleapis.com'],
  'azure-openai': ['https://*.openai.azure.com', 'https://*.cognitiveservices.azure.com', 'https://*.services.ai.azure.com'],
};

/** A configuration, as far as its key is concerned. */
export type KeyedProvider = Pick<ProviderConfig, 'id' | 'kind' | 'baseUrl'>;

/**
 * The vendor variable (`OPENAI_API_KEY`…) that may not be read for this provider because it is
 * not called at its vendor's endpoints, nor at one the policy's catalogue names for it
 * (`endpointNamed`, from `PolicyStore.providerTrustFor`); undefined when it may be, or the kind
 * has none of its own.
 */
export function withheldKeyVariable(config: KeyedProvider, endpointNamed: boolean): string | undefined {
  const variable = KEY_VARIABLE[config.kind];
  if (variable === GENERIC_KEY_VARIABLE || endpointNamed) return undefined;
  const address = addressOf(config);
  return address !== undefined && atEndpoint(VENDOR_ENDPOINTS[config.kind] ?? [], address) ? undefined : variable;
}

/**
 * The API key for a provider: the one stored with "AI Guard: Set API Key" for its id first, then
 * the kind's vendor variable (only where that vendor's key may go, see `withheldKeyVariable`),
 * then `AI_GUARD_API_KEY`. Never any for Bedrock and Vertex AI, which use the cloud's credentials. Undefined when there is none, which `createProvider` accepts only for
 * local providers (tag `local`, e.g. Ollama).
 *
 * A keychain that cannot be read (no keyring on a Linux desktop) does not hide a key set in the
 * environment; the keychain's error is raised only when the environment has no key either.
 */
export async function resolveApiKey(config: KeyedProvider, sources: KeySources, endpointNamed = false): Promise<string | undefined> {
  // A key given to Bedrock or Vertex AI would change how the SDK authenticates (Vertex's express mode), or go unused: none is read.
  if (CLOUD_CREDENTIAL_KINDS.includes(config.kind)) return undefined;
  let keychainError: unknown;
  try {
    const stored = clean(await sources.secrets?.get(secretKeyFor(config.id)));
    if (stored !== undefined) return stored;
  } catch (error) {
    keychainError = error;
  }
  const vendor = withheldKeyVariable(config, endpointNamed) === undefined ? clean(sources.env[KEY_VARIABLE[config.kind]]) : undefined;
  const fromEnvironment = vendor ?? clean(sources.env[GENERIC_KEY_VARIABLE]);
  if (fromEnvironment !== undefined) return fromEnvironment;
  if (keychainError !== undefined) throw keychainError;
  return undefined;
}

/** How to reach a provider as far as its key goes: the key, and the vendor variable withheld from it, for the message when there is none. */
export async function keyConnection(config: KeyedProvider, sources: KeySources, endpointNamed: boolean): Promise<{ apiKey: string | undefined; keyWithheld?: string }> {
  const apiKey = await resolveApiKey(config, sources, endpointNamed);
  const keyWithheld = withheldKeyVariable(config, endpointNamed);
  return { apiKey, ...(keyWithheld === undefined ? {} : { keyWithheld }) };
}

/** A key pasted with spaces or a line break around it still works; an empty one is no key. */
function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
