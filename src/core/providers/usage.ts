import type { AttemptOutcome } from './types';
import type { ChatRequest, Usage } from './types';

/** About four characters a token: the usual rule of thumb for English and code with GPT and Claude tokenizers. */
const CHARACTERS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** Every text a request sends: the system prompt, then the messages. */
export function promptTexts(request: ChatRequest): string[] {
  return [...(request.system === undefined ? [] : [request.system]), ...request.messages.map((message) => message.content)];
}

/**
 * The usage of a call: the provider's counts, or estimates for those it did not report
 * (OpenAI-compatible servers that ignore `stream_options`, a cut-off Anthropic stream).
 */
export function usageOf(outcome: AttemptOutcome, prompt: readonly string[], answer: string): Usage {
  const estimated = outcome.inputTokens === undefined || outcome.outputTokens === undefined;
  return {
    inputTokens: outcome.inputTokens ?? estimateTokens(prompt.join('\n')),
    outputTokens: outcome.outputTokens ?? estimateTokens(answer),
    estimated,
  };
}
