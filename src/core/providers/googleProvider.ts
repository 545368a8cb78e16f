import type * as GoogleSdk from '@google/genai';
import * as z from 'zod/mini';
import { type AttemptOutcome, type AttemptProgress, DEFAULT_TIMEOUT_MS, providerOf } from './call';
import { addressOf } from './endpoints';
import { type Classifier, classifyOther, type ErrorBody, type Failure, failureOfStatus, StreamFault } from './failures';
import { type AiProvider, type ChatRequest, modelOf, type ProviderConfig, type ProviderConnection } from './types';

type GoogleModule = typeof GoogleSdk;
type GenerateParameters = GoogleSdk.GenerateContentParameters;

/** Gemini's default output limit is the model's maximum (65,536 tokens for 2.5 Pro): every call carries a smaller one, which the budget reserves. */
const DEFAULT_MAX_OUTPUT_TOKENS = 8_192;

/** The scope Vertex AI's calls need, as the SDK asks for it. */
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

const count = z.optional(z.nullable(z.number()));

/**
 * The fields of a `GenerateContentResponse` chunk this provider reads. Parts marked `thought`
 * are the model's reasoning summaries, not its answer, and are skipped; a chunk without these
 * shapes is a malformed stream.
 */
const ChunkSchema = z.object({
  modelVersion: z.optional(z.nullable(z.string())),
  candidates: z.optional(
    z.nullable(
      z.array(
        z.object({
          index: z.optional(z.nullable(z.number())),
          content: z.optional(z.nullable(z.object({ parts: z.optional(z.nullable(z.array(z.object({ text: z.optional(z.nullable(z.string())), thought: z.optional(z.nullable(z.boolean())) })))) }))),
          finishReason: z.optional(z.nullable(z.string())),
        }),
      ),
    ),
  ),
  promptFeedback: z.optional(z.nullable(z.object({ blockReason: z.optional(z.nullable(z.string())) }))),
  usageMetadata: z.optional(z.nullable(z.object({ promptTokenCount: count, candidatesTokenCount: count, thoughtsTokenCount: count }))),
});

/**
 * The Gemini API (`gemini`, with an API key) and Vertex AI (`vertex-ai`, with Google Cloud's
 * application-default credentials, a project and a location), both through Google's official
 * `@google/genai` SDK and its `streamGenerateContent?alt=sse` protocol.
 *
 * The address is always given explicitly (the vendor's, the location's regional host, or
 * `baseUrl` for a private endpoint), so that `GOOGLE_GEMINI_BASE_URL` and `GOOGLE_VERTEX_BASE_URL`
 * cannot send the call elsewhere than where the policy's catalogue checked it; the key is always
 * given too (the SDK would otherwise read `GOOGLE_API_KEY` or `GEMINI_API_KEY` for any address),
 * and never for Vertex AI, where a key would switch the SDK to its express mode.
 */
export function createGoogleProvider(sdk: GoogleModule, config: ProviderConfig, connection: ProviderConnection): AiProvider {
  const httpOptions: GoogleSdk.HttpOptions = {
    baseUrl: addressOf(config) ?? '',
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
    ...(connection.fetch === undefined ? {} : { fetch: connection.fetch }),
  };
  const client =
    config.kind === 'vertex-ai'
      ? new sdk.GoogleGenAI({
          vertexai: true,
          project: config.project ?? '',
          location: config.location ?? '',
          httpOptions,
          googleAuthOptions: {
            scopes: [CLOUD_PLATFORM_SCOPE],
            // Given, so that the library does not ask the Compute Engine metadata server for one (seconds of waiting off Google Cloud, and a request that leaves the machine).
            projectId: config.project ?? '',
            // The token requests go through the same fetch, and to `tokenUrl` when Google's is reached through a private endpoint.
            clientOptions: {
              ...(config.tokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: config.tokenUrl } }),
              ...(connection.fetch === undefined ? {} : { transporterOptions: { fetchImplementation: connection.fetch } }),
            },
          },
        })
      : new sdk.GoogleGenAI({ apiKey: connection.apiKey ?? '', httpOptions });
  return providerOf(config, connection.apiKey, classifyGoogle(sdk), (request, signal, progress) => streamOnce(client, parameters(config, request, signal), signal, progress));
}

function parameters(config: ProviderConfig, request: ChatRequest, signal: AbortSignal): GenerateParameters {
  return {
    model: modelOf(config),
    contents: request.messages.map((message) => ({ role: message.role === 'assistant' ? 'model' : 'user', parts: [{ text: message.content }] })),
    config: {
      abortSignal: signal,
      maxOutputTokens: request.maxOutputTokens ?? config.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      ...(request.system === undefined ? {} : { systemInstruction: request.system }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    },
  };
}

async function streamOnce(client: GoogleSdk.GoogleGenAI, request: GenerateParameters, signal: AbortSignal, progress: AttemptProgress): Promise<AttemptOutcome> {
  const stream = await client.models.generateContentStream(request);
  progress.responded();
  const outcome: AttemptOutcome = {};
  for await (const raw of stream) {
    progress.alive();
    const chunk = ChunkSchema.safeParse(raw);
    if (!chunk.success) throw new StreamFault(false);
    if (chunk.data.modelVersion) outcome.model ??= chunk.data.modelVersion;
    // One answer is asked for (candidateCount 1), so only candidate 0 carries it.
    for (const candidate of chunk.data.candidates ?? []) {
      if ((candidate.index ?? 0) !== 0) continue;
      for (const part of candidate.content?.parts ?? []) if (part.text && part.thought !== true) progress.text(part.text);
      if (candidate.finishReason) outcome.finishReason = candidate.finishReason;
    }
    // A prompt refused by the safety filters has no candidate, only a reason.
    if (chunk.data.promptFeedback?.blockReason) outcome.finishReason ??= chunk.data.promptFeedback.blockReason;
    const usage = chunk.data.usageMetadata;
    // Thinking tokens are billed as output: the output is their sum with the answer's.
    if (typeof usage?.promptTokenCount === 'number') outcome.inputTokens = usage.promptTokenCount;
    if (typeof usage?.candidatesTokenCount === 'number' || typeof usage?.thoughtsTokenCount === 'number') outcome.outputTokens = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  }
  // A stream that stops without a finish reason was cut off, unless it stopped because the runner aborted it.
  if (!signal.aborted && outcome.finishReason === undefined) throw new StreamFault(true);
  return outcome;
}

/** Google's error body: `{ error: { code, message, status, details } }`, which the SDK puts, as JSON, in its `ApiError`'s message. */
const GoogleErrorSchema = z.object({
  error: z.object({
    message: z.optional(z.unknown()),
    status: z.optional(z.unknown()),
    details: z.optional(z.array(z.object({ reason: z.optional(z.unknown()), retryDelay: z.optional(z.unknown()) }))),
  }),
});

interface GoogleError {
  body: ErrorBody;
  reasons: string[];
  /** google.rpc.RetryInfo's delay (`"30s"`), in milliseconds. */
  retryAfterMs?: number;
}

function readGoogleError(message: string): GoogleError {
  let parsed: z.infer<typeof GoogleErrorSchema> | undefined;
  try {
    const result = GoogleErrorSchema.safeParse(JSON.parse(message));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return { body: {}, reasons: [] };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const body: ErrorBody = {};
  const said = text(parsed.error.message);
  const status = text(parsed.error.status);
  if (said !== undefined) body.message = said;
  if (status !== undefined) body.code = status;
  const details = parsed.error.details ?? [];
  const reasons = details.map((detail) => text(detail.reason)).filter((reason) => reason !== undefined);
  const delay = details.map((detail) => /^(\d+(?:\.\d+)?)s$/.exec(text(detail.retryDelay) ?? '')?.[1]).find((seconds) => seconds !== undefined);
  return { body, reasons, ...(delay === undefined ? {} : { retryAfterMs: Number.parseFloat(delay) * 1000 }) };
}

/**
 * The SDK's `ApiError` (an HTTP error, or an error chunk inside the stream, with Google's status
 * code), then what any provider may meet (aborts, broken connections, faults of the runtime).
 * The Gemini API answers a wrong key with a 400 whose reason is `API_KEY_INVALID`.
 */
function classifyGoogle(sdk: GoogleModule): Classifier {
  return (error, hints): Failure => {
    if (error instanceof Error && error.name === 'AbortError') return { code: 'cancelled', facts: {}, retryable: false };
    if (error instanceof sdk.ApiError) {
      const { body, reasons, retryAfterMs } = readGoogleError(error.message);
      if (reasons.includes('API_KEY_INVALID') || body.code === 'UNAUTHENTICATED') return { code: 'unauthorized', facts: { status: error.status }, retryable: false };
      return failureOfStatus(error.status, body, retryAfterMs, hints);
    }
    // The SDK's own words when a stream ends in the middle of an event.
    if (error instanceof Error && /^Incomplete JSON segment/.test(error.message)) return { code: 'malformed-stream', facts: { truncated: true }, retryable: false };
    if (error instanceof Error && /^exception parsing stream chunk/.test(error.message)) return { code: 'malformed-stream', facts: { truncated: false }, retryable: false };
    if (isMissingCredentials(error)) return { code: 'missing-key', facts: {}, retryable: false };
    return classifyOther(error, hints);
  };
}

/** google-auth-library's words when application-default credentials are nowhere to be found. */
function isMissingCredentials(error: unknown): boolean {
  return error instanceof Error && /Could not load the default credentials|Unable to detect a Project Id/i.test(error.message);
}
