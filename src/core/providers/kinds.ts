/**
 * The wire protocols AI Guard speaks; `openai-compatible` covers Mistral, Gemini's OpenAI
 * endpoint, Ollama, vLLM, LiteLLM… `bedrock` is Amazon Bedrock's Converse API (every model family
 * Bedrock hosts), `vertex-ai` Google Vertex AI and `gemini` the Gemini API, both through Google's
 * `generateContent`. `vscode-lm` is the editor's own language models (Copilot's,
 * or those another extension provides), which exist only inside the editor: the core describes
 * it, the editor adapter calls it, and the CLI refuses it with a clear message.
 *
 * Apart from `types.ts` so that the policy's provider catalogue, which binds an id to its kind,
 * can name them without importing the providers.
 */
export const PROVIDER_KINDS = ['openai', 'azure-openai', 'openai-compatible', 'anthropic', 'bedrock', 'vertex-ai', 'gemini', 'vscode-lm'] as const;

/**
 * Provider and client ids, and tags: the providers' settings and the policy share these forms.
 * Here, below the policy, so that the providers' settings check them without importing it.
 */
export const NAME_ID = /^[a-z0-9][a-z0-9._-]*$/;
export const TAG = /^[a-z0-9][a-z0-9-]*$/;

/** The kinds whose calls are signed with cloud credentials found by the vendor's own chain (AWS profiles and SSO, Google's application-default credentials), never with a key of ours. */
export const CLOUD_CREDENTIAL_KINDS: readonly ProviderKind[] = ['bedrock', 'vertex-ai'];
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
