import type * as OpenAISdk from 'openai';
import * as z from 'zod/mini';
import { type AttemptOutcome, type AttemptProgress, clientOptions, providerOf } from './call';
import { baseUrlOf } from './endpoints';
import { StreamFault, stainlessClassifier } from './failures';
import { type AiProvider, type ChatRequest, modelOf, type ProviderConfig, type ProviderConnection } from './types';

type OpenAIModule = typeof OpenAISdk;
type ChatMessageParam = OpenAISdk.OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * The fields of a `chat.completion.chunk` this provider reads. Everything else is ignored, so
 * servers that add their own fields (Azure's content filter results, reasoning deltas) still work;
 * a chunk without these shapes is a malformed stream.
 */
const ChunkSchema = z.object({
  model: z.optional(z.nullable(z.string())),
  choices: z.optional(
    z.nullable(
      z.array(
        z.object({
          index: z.optional(z.number()),
          delta: z.optional(z.nullable(z.object({ content: z.optional(z.nullable(z.string())) }))),
          finish_reason: z.optional(z.nullable(z.string())),
        }),
      ),
    ),
  ),
  usage: z.optional(z.nullable(z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }))),
});

/**
 * OpenAI, Azure OpenAI (through the SDK's Azure client: deployment path, `api-version`, `api-key`
 * header) and every OpenAI-compatible service, through chat completions streamed with usage.
 */
export function createOpenAIProvider(sdk: OpenAIModule, config: ProviderConfig, connection: ProviderConnection): AiProvider {
  const client = createClient(sdk, config, connection);
  return providerOf(config, connection.apiKey, stainlessClassifier(sdk), (request, signal, progress) => streamOnce(client, body(config, request), signal, progress));
}

function createClient(sdk: OpenAIModule, config: ProviderConfig, connection: ProviderConnection): OpenAISdk.OpenAI {
  const keyless = connection.apiKey === undefined;
  const common = {
    ...clientOptions(config, connection),
    // Set explicitly so that nothing comes from OPENAI_ORG_ID or OPENAI_PROJECT_ID.
    organization: null,
    project: null,
  };
  if (config.kind === 'azure-openai') {
    return new sdk.AzureOpenAI({
      ...common,
      // Null, not absent, so that OPENAI_BASE_URL is not read (it would conflict with the endpoint).
      baseURL: null,
      endpoint: config.baseUrl ?? '',
      ...(config.deployment === undefined ? {} : { deployment: config.deployment }),
      ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
      ...(keyless ? { defaultHeaders: { 'api-key': null } } : {}),
    });
  }
  return new sdk.OpenAI({ ...common, baseURL: baseUrlOf(config), ...(keyless ? { defaultHeaders: { Authorization: null } } : {}) });
}

type StreamingBody = OpenAISdk.OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;

function body(config: ProviderConfig, request: ChatRequest): StreamingBody {
  const messages: ChatMessageParam[] = [
    ...(request.system === undefined ? [] : [{ role: 'system' as const, content: request.system }]),
    ...request.messages.map((message) => ({ role: message.role, content: message.content })),
  ];
  const maxTokens = request.maxOutputTokens ?? config.maxOutputTokens;
  return {
    model: modelOf(config),
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    // OpenAI's newer models refuse max_tokens; compatible servers mostly know only max_tokens.
    ...(maxTokens === undefined ? {} : config.kind === 'openai-compatible' ? { max_tokens: maxTokens } : { max_completion_tokens: maxTokens }),
  };
}

async function streamOnce(client: OpenAISdk.OpenAI, request: StreamingBody, signal: AbortSignal, progress: AttemptProgress): Promise<AttemptOutcome> {
  const stream = await client.chat.completions.create(request, { signal });
  progress.responded();
  const outcome: AttemptOutcome = {};
  for await (const raw of stream) {
    progress.alive();
    const chunk = ChunkSchema.safeParse(raw);
    if (!chunk.success) throw new StreamFault(false);
    if (chunk.data.model) outcome.model ??= chunk.data.model;
    // One answer is asked for (n = 1), so only choice 0 carries it.
    for (const choice of chunk.data.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      if (choice.delta?.content) progress.text(choice.delta.content);
      if (choice.finish_reason) outcome.finishReason = choice.finish_reason;
    }
    if (chunk.data.usage) {
      outcome.inputTokens = chunk.data.usage.prompt_tokens;
      outcome.outputTokens = chunk.data.usage.completion_tokens;
    }
  }
  // A stream that stops without a finish reason was cut off, unless it stopped because the runner aborted it.
  if (!signal.aborted && outcome.finishReason === undefined) throw new StreamFault(true);
  return outcome;
}
