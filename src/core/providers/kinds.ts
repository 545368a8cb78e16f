/**
 * The wire protocols AI Guard speaks; `openai-compatible` covers Mistral, Gemini's OpenAI
 * endpoint, Ollama, vLLM, LiteLLM… `vscode-lm` is the editor's own language models (Copilot's,
 * or those another extension provides), which exist only inside the editor: the core describes
 * it, the editor adapter calls it, and the CLI refuses it with a clear message.
 *
 * Apart from `types.ts` so that the policy's provider catalogue, which binds an id to its kind,
 * can name them without importing the providers.
 */
export const PROVIDER_KINDS = ['openai', 'azure-openai', 'openai-compatible', 'anthropic', 'vscode-lm'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
