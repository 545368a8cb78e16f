import type * as BedrockSdk from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod/mini';
import { type AttemptOutcome, type AttemptProgress, providerOf } from './call';
import { addressOf } from './endpoints';
import { type Classifier, classifyOther, CONTEXT_TOO_LARGE, type Failure, failureOfStatus, networkCause, StreamFault } from './failures';
import { retryAfterMs } from './retry';
import { type AiProvider, type ChatRequest, modelOf, type ProviderConfig } from './types';

type BedrockModule = typeof BedrockSdk;
type ConverseStreamInput = BedrockSdk.ConverseStreamCommandInput;

/** Bedrock requires no output limit, but every call carries one: the budget reserves it, and the model may not write past it. */
const DEFAULT_MAX_OUTPUT_TOKENS = 8_192;

const count = z.optional(z.nullable(z.number()));

/**
 * The events of a ConverseStream this provider reads, as the SDK decodes them from the
 * `application/vnd.amazon.eventstream` frames: one key per event. `contentBlockStart`,
 * `contentBlockStop` and tool-use deltas are skipped; a known event without its fields is a
 * malformed stream.
 */
const EventSchema = z.object({
  contentBlockDelta: z.optional(z.object({ delta: z.optional(z.object({ text: z.optional(z.nullable(z.string())) })) })),
  messageStop: z.optional(z.object({ stopReason: z.string() })),
  metadata: z.optional(
    z.object({
      usage: z.optional(z.object({ inputTokens: count, outputTokens: count, cacheReadInputTokens: count, cacheWriteInputTokens: count })),
    }),
  ),
});

/**
 * Amazon Bedrock through the Converse streaming API (`ConverseStream`), which serves every model
 * family Bedrock hosts (Anthropic, Mistral, Meta, Amazon Nova…) with one request shape.
 *
 * Credentials are the AWS SDK's default chain (environment, `AWS_PROFILE` and `~/.aws`, SSO,
 * container and instance roles): AI Guard never reads or stores them, and no key of ours is sent.
 * The region is the configuration's, and the endpoint is always given explicitly (the region's
 * public runtime, or `baseUrl` for a VPC or private endpoint), so that no `AWS_ENDPOINT_URL*`
 * variable can send the call elsewhere than where the policy's catalogue checked it.
 */
export function createBedrockProvider(sdk: BedrockModule, config: ProviderConfig): AiProvider {
  const client = new sdk.BedrockRuntimeClient({
    region: config.region ?? '',
    endpoint: addressOf(config) ?? '',
    // Retries are runCall's, bounded and cancellable, the same for every provider.
    maxAttempts: 1,
  });
  return providerOf(config, undefined, classifyBedrock, (request, signal, progress) => streamOnce(sdk, client, body(config, request), signal, progress));
}

function body(config: ProviderConfig, request: ChatRequest): ConverseStreamInput {
  return {
    modelId: modelOf(config),
    messages: request.messages.map((message) => ({ role: message.role, content: [{ text: message.content }] })),
    ...(request.system === undefined ? {} : { system: [{ text: request.system }] }),
    inferenceConfig: {
      maxTokens: request.maxOutputTokens ?? config.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    },
  };
}

async function streamOnce(sdk: BedrockModule, client: BedrockSdk.BedrockRuntimeClient, input: ConverseStreamInput, signal: AbortSignal, progress: AttemptProgress): Promise<AttemptOutcome> {
  const response = await client.send(new sdk.ConverseStreamCommand(input), { abortSignal: signal });
  progress.responded();
  const outcome: AttemptOutcome = {};
  let stopped = false;
  if (response.stream === undefined) throw new StreamFault(false);
  for await (const raw of response.stream) {
    progress.alive();
    const event = EventSchema.safeParse(raw);
    if (!event.success) throw new StreamFault(false);
    const { contentBlockDelta, messageStop, metadata: meta } = event.data;
    if (contentBlockDelta?.delta?.text) progress.text(contentBlockDelta.delta.text);
    if (messageStop !== undefined) {
      outcome.finishReason = messageStop.stopReason;
      stopped = true;
    }
    if (meta !== undefined) {
      const usage = meta.usage;
      // Cached prompt tokens are part of the prompt: the input is their sum, as for Anthropic.
      if (typeof usage?.inputTokens === 'number') outcome.inputTokens = usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
      if (typeof usage?.outputTokens === 'number') outcome.outputTokens = usage.outputTokens;
    }
  }
  // The stream ends with messageStop, then metadata: without messageStop it was cut off, unless the runner aborted it.
  if (!signal.aborted && !stopped) throw new StreamFault(true);
  outcome.model = input.modelId ?? '';
  return outcome;
}

/** What the AWS SDK's errors carry: the service's exception name, the HTTP status, and the response's headers. */
interface AwsError {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { headers?: Record<string, string | undefined> };
}

/** The exception names Bedrock answers with, by what they mean for the person. */
const UNAUTHORIZED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredTokenExceptionException',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
]);
const FORBIDDEN = new Set(['AccessDeniedException']);
const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);
const SERVER = new Set(['InternalServerException', 'ServiceUnavailableException', 'ModelStreamErrorException', 'ModelNotReadyException', 'ModelErrorException']);

/**
 * Bedrock's errors: an HTTP error before the stream (its status and `x-amzn-errortype`), an
 * exception frame inside it (only its name), or the credential chain finding nothing.
 */
const classifyBedrock: Classifier = (error, hints): Failure => {
  const aws = (typeof error === 'object' && error !== null ? error : {}) as AwsError;
  const name = typeof aws.name === 'string' ? aws.name : '';
  if (name === 'AbortError') return { code: 'cancelled', facts: {}, retryable: false };
  // The default chain ran out of places to look (no environment, profile, SSO session or role).
  if (name === 'CredentialsProviderError' || (name === 'ProviderError' && /credential/i.test(String(aws.message)))) return { code: 'missing-key', facts: {}, retryable: false };
  if (name === 'TokenProviderError' || /SSO session .*(?:expired|invalid)|token is expired/i.test(String(aws.message))) return { code: 'unauthorized', facts: {}, retryable: false };
  const status = typeof aws.$metadata?.httpStatusCode === 'number' ? aws.$metadata.httpStatusCode : undefined;
  const message = typeof aws.message === 'string' ? aws.message : undefined;
  const body = { ...(message === undefined ? {} : { message }), code: name };
  const headers = aws.$response?.headers ?? {};
  const wait = retryAfterMs({ get: (header) => headers[header] ?? null });
  if (UNAUTHORIZED.has(name)) return { code: 'unauthorized', facts: status === undefined ? {} : { status }, retryable: false };
  if (FORBIDDEN.has(name)) return { code: 'forbidden', facts: { status: status ?? 403 }, retryable: false };
  if (name === 'ResourceNotFoundException') return { code: 'not-found', facts: { status: status ?? 404, notFound: 'model' }, retryable: false };
  if (name === 'ValidationException' && CONTEXT_TOO_LARGE.test(message ?? '')) return failureOfStatus(413, body, undefined, hints);
  if (THROTTLED.has(name)) return failureOfStatus(429, body, wait, hints);
  if (name === 'ModelTimeoutException') return { code: 'timeout', facts: {}, retryable: false };
  // An exception frame inside an opened stream carries no status of its own (the response was a 200).
  if (status === undefined || status === 200) {
    if (SERVER.has(name)) return { code: 'server', facts: {}, retryable: true };
    if (name === 'ValidationException') return failureOfStatus(400, body, undefined, hints);
    if (aws.$fault === undefined || networkCause(error) !== undefined) return classifyOther(error, hints);
    return { code: 'server', facts: {}, retryable: true };
  }
  return failureOfStatus(status, body, wait, hints);
};
