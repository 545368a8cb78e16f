import type { ProviderErrorContext } from './types';
import { modelOf, type ProviderConfig, type ProviderKind } from './types';

/**
 * The addresses used when a configuration names none, as each SDK writes them: OpenAI's with
 * `/v1`, Anthropic's without (its SDK adds `/v1/messages`). Azure OpenAI and OpenAI-compatible
 * services always name theirs (the schema requires it).
 */
const DEFAULT_BASE_URL: Partial<Record<ProviderKind, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** What decides where a provider is called: its kind, base URL, and a cloud's region or location. */
export type Addressed = Pick<ProviderConfig, 'kind' | 'baseUrl'> & Partial<Pick<ProviderConfig, 'region' | 'location'>>;

/**
 * The public endpoint of a cloud region, as the vendors' SDKs build it: Bedrock's runtime in the
 * region, Vertex AI's regional host (the global location has no prefix).
 */
function regionalAddress(config: Addressed): string | undefined {
  if (config.kind === 'bedrock' && config.region !== undefined) return `https://bedrock-runtime.${config.region}.amazonaws.com`;
  if (config.kind === 'vertex-ai' && config.location !== undefined) {
    return config.location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${config.location}-aiplatform.googleapis.com`;
  }
  return undefined;
}

export function baseUrlOf(config: ProviderConfig): string {
  return addressOf(config) ?? '';
}

/** The address a provider is called at: its base URL, or its vendor's; undefined for the editor's models, which have none. */
export function addressOf(config: Addressed): string | undefined {
  return config.baseUrl ?? regionalAddress(config) ?? DEFAULT_BASE_URL[config.kind];
}

/**
 * An address fit for a message: without the user name, password, query and fragment a
 * hand-written URL may carry (a gateway key in `?key=`), which must not reach logs.
 */
export function displayUrl(address: string): string {
  try {
    const url = new URL(address);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return address;
  }
}

/** Which provider a message is about, with an address fit to show. */
export function errorContextOf(config: ProviderConfig): ProviderErrorContext {
  return { providerId: config.id, kind: config.kind, model: modelOf(config), baseUrl: displayUrl(baseUrlOf(config)) };
}
