import type * as AnthropicSdk from '@anthropic-ai/sdk';
import * as z from 'zod/mini';
import { type AttemptOutcome, type AttemptProgress, clientOptions, providerOf } from './call';
import { baseUrlOf } from './endpoints';
import { StreamFault, stainlessClassifier } from './failures';
import { type AiProvider, type ChatRequest, modelOf, type ProviderConfig, type ProviderConnection } from './types';

type AnthropicModule = typeof AnthropicSdk;
type StreamingBody = AnthropicSdk.Anthropic.MessageCreateParamsStreaming;

/** Anthropic requires an output limit; this one suits reviews and generated tests without truncating them. */
const DEFAULT_MAX_OUTPUT_TOKENS = 8_192;

const count = z.optional(z.nullable(z.number()));

/**
 * The events of a Messages stream this provider reads, with the fields it uses. Other events
 * (`ping`, `content_block_start`, thinking deltas) are skipped; a known event without its
 * fields is a malformed stream.
 */
const EventSchemas = {
  message_start: z.object({
    message: z.object({
      model: z.optional(z.string()),
      usage: z.optional(z.object({ input_tokens: count, output_tokens: count, cache_creation_input_tokens: count, cache_read_input_tokens: count })),
    }),
  }),
  content_block_delta: z.object({ delta: z.object({ type: z.string(), text: z.optional(z.string()) }) }),
  message_delta: z.object({
    delta: z.optional(z.object({ stop_reason: z.optional(z.nullable(z.string())) })),
    usage: z.optional(z.object({ output_tokens: count, input_tokens: count })),
  }),
};
const EventTypeSchema = z.object({ type: z.string() });

/**
 * Anthropic's Messages API through `@anthropic-ai/sdk`. Bedrock and Vertex are not offered:
 * their clients live in separate packages (`@anthropic-ai/bedrock-sdk`, `@anthropic-ai/vertex-sdk`)
 * with cloud credentials of their own, which is more than a configuration switch.
 */
export function createAnthropicProvider(sdk: AnthropicModule, config: ProviderConfig, connection: ProviderConnection): AiProvider {
  const client = new sdk.Anthropic({
    ...clientOptions(config, connection),
    baseURL: baseUrlOf(config),
    ...(connection.apiKey === undefined ? { defaultHeaders: { Authorization: null, 'x-api-key': null } } : {}),
  });
  return providerOf(config, connection.apiKey, stainlessClassifier(sdk), (request, signal, progress) => streamOnce(client, body(config, request), signal, progress));
}

function body(config: ProviderConfig, request: ChatRequest): StreamingBody {
  return {
    model: modelOf(config),
    max_tokens: request.maxOutputTokens ?? config.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...(request.system === undefined ? {} : { system: request.system }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    stream: true,
  };
}

async function streamOnce(client: AnthropicSdk.Anthropic, request: StreamingBody, signal: AbortSignal, progress: AttemptProgress): Promise<AttemptOutcome> {
  const stream = await client.messages.create(request, { signal });
  progress.responded();
  const outcome: AttemptOutcome = {};
  let stopped = false;
  for await (const event of stream) {
    progress.alive();
    const type = EventTypeSchema.safeParse(event);
    if (!type.success) throw new StreamFault(false);
    switch (type.data.type) {
      case 'message_start': {
        const { message } = parse(EventSchemas.message_start, event);
        if (message.model) outcome.model = message.model;
        const usage = message.usage;
        // Cached prompt tokens are billed apart but are part of the prompt: the input is their sum.
        if (typeof usage?.input_tokens === 'number') outcome.inputTokens = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
        break;
      }
      case 'content_block_delta': {
        const { delta } = parse(EventSchemas.content_block_delta, event);
        if (delta.type === 'text_delta' && delta.text) progress.text(delta.text);
        break;
      }
      case 'message_delta': {
        const { delta, usage } = parse(EventSchemas.message_delta, event);
        if (delta?.stop_reason) outcome.finishReason = delta.stop_reason;
        // The output count in message_delta is cumulative: the last one is the total.
        if (typeof usage?.output_tokens === 'number') outcome.outputTokens = usage.output_tokens;
        break;
      }
      case 'message_stop':
        stopped = true;
        break;
    }
  }
  // A stream that stops without message_stop was cut off, unless it stopped because the runner aborted it.
  if (!signal.aborted && !stopped) throw new StreamFault(true);
  return outcome;
}

function parse<T>(schema: z.ZodMiniType<T>, event: unknown): T {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new StreamFault(false);
  return parsed.data;
}
