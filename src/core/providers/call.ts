import { errorContextOf } from './endpoints';
import { ProviderError, type ProviderErrorContext, withoutKey } from './errors';
import type { Classifier, ClassifyHints, Failure } from './failures';
import { DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER_MS, retryDelayMs, sleep } from './retry';
import { type AiProvider, type AttemptOutcome, type ChatRequest, type ChatResult, modelOf, type ProviderConfig, type ProviderConnection, type StreamOptions } from './types';
import { promptTexts, usageOf } from './usage';

/** The longest wait for a sign of life from a provider when its configuration sets none. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export type { AttemptOutcome } from './types';

/** What a provider's request reports while it runs. */
export interface AttemptProgress {
  /** The response arrived (headers read): from now on a broken connection is a cut-off answer. */
  responded(): void;
  /** An event arrived: the provider is alive, so the idle timeout starts again. */
  alive(): void;
  /** A piece of the answer. */
  text(chunk: string): void;
}

/**
 * One request to the provider, streamed to its end. It must pass `signal` to the SDK, and
 * return normally when the SDK ends the stream because `signal` aborted (the runner knows why).
 */
export type Attempt = (signal: AbortSignal, progress: AttemptProgress) => Promise<AttemptOutcome>;

/**
 * The options both SDK clients take alike. Retries and the idle timeout are `runCall`'s, so the
 * SDK retries nothing and only bounds the wait for the response headers. Its logging is off: it
 * could print requests, and the core logs through its ports only. A local service without a key
 * gets a placeholder, because both SDKs insist on a key (the Anthropic one would otherwise look
 * for credentials in the environment and in config files); each provider then removes the key
 * header with a `null` default header, so nothing is sent.
 */
export function clientOptions(config: ProviderConfig, connection: ProviderConnection) {
  return {
    apiKey: connection.apiKey ?? 'no-key',
    maxRetries: 0,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'off' as const,
    ...(connection.fetch === undefined ? {} : { fetch: connection.fetch }),
  };
}

/**
 * A provider whose `stream` runs `send` (one request of its protocol) under `runCall`, with the
 * configuration's timeout and retries and messages about this provider.
 */
export function providerOf(
  config: ProviderConfig,
  apiKey: string | undefined,
  classify: Classifier,
  send: (request: ChatRequest, signal: AbortSignal, progress: AttemptProgress) => Promise<AttemptOutcome>,
): AiProvider {
  const settings: CallSettings = { context: errorContextOf(config), classify, apiKey, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries };
  return {
    id: config.id,
    kind: config.kind,
    model: modelOf(config),
    stream: (request, options = {}) => runCall(settings, request, options, (signal, progress) => send(request, signal, progress)),
  };
}

export interface CallSettings {
  context: ProviderErrorContext;
  classify: Classifier;
  apiKey: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

/**
 * Runs a streamed call with what every provider needs: cancellation, an idle timeout (the
 * longest wait for the response, then between two events, so a long answer that keeps coming is
 * never cut), bounded retries with backoff that honour `retry-after` and stop once text was
 * shown, usage with estimates where the provider gave none, and every failure as a `ProviderError`.
 */
export async function runCall(settings: CallSettings, request: ChatRequest, options: StreamOptions, attempt: Attempt): Promise<ChatResult> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = settings.maxRetries ?? DEFAULT_MAX_RETRIES;
  const prompt = promptTexts(request);
  // Whatever a failure says, from the provider or the runtime, is shown and logged: never with the key.
  const fail = (failure: Failure, attempts: number) =>
    withoutKey(new ProviderError(failure.code, settings.context, { ...failure.facts, attempts, ...(failure.code === 'timeout' ? { timeoutMs } : {}) }), settings.apiKey);
  const cancelled = (attempts: number) => fail({ code: 'cancelled', facts: {}, retryable: false }, attempts);

  for (let attempts = 1; ; attempts++) {
    if (options.signal?.aborted) throw cancelled(attempts - 1);
    const run = await runAttempt(attempt, options, timeoutMs);
    if (run.callerError !== undefined) throw run.callerError;
    if (options.signal?.aborted) throw cancelled(attempts);
    if (run.timedOut) throw fail({ code: 'timeout', facts: {}, retryable: false }, attempts);
    if (run.outcome !== undefined) {
      return { text: run.text, model: run.outcome.model ?? settings.context.model, ...finishOf(run.outcome), usage: usageOf(run.outcome, prompt, run.text) };
    }
    const hints: ClassifyHints = { kind: settings.context.kind, apiKey: settings.apiKey, prompt, responded: run.responded };
    const failure = settings.classify(run.error, hints);
    const mayRetry = failure.retryable && !run.textStarted && attempts <= maxRetries;
    if (!mayRetry || (failure.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) throw fail(failure, attempts);
    if (!(await sleep(retryDelayMs(attempts, failure.retryAfterMs), options.signal))) throw cancelled(attempts);
  }
}

function finishOf(outcome: AttemptOutcome): { finishReason?: string } {
  return outcome.finishReason === undefined ? {} : { finishReason: outcome.finishReason };
}

interface AttemptRun {
  outcome?: AttemptOutcome;
  error?: unknown;
  /** An error thrown by the caller's own `onText`, passed on unchanged. */
  callerError?: unknown;
  text: string;
  textStarted: boolean;
  responded: boolean;
  timedOut: boolean;
}

/** Runs one attempt under its own abort controller, fed by the caller's signal and the idle timer. */
async function runAttempt(attempt: Attempt, options: StreamOptions, timeoutMs: number): Promise<AttemptRun> {
  const controller = new AbortController();
  const run: AttemptRun = { text: '', textStarted: false, responded: false, timedOut: false };
  const pieces: string[] = [];
  const abort = () => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      run.timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  const progress: AttemptProgress = {
    responded: () => {
      run.responded = true;
      rearm();
    },
    alive: rearm,
    text: (chunk) => {
      if (chunk === '' || controller.signal.aborted) return;
      rearm();
      run.textStarted = true;
      pieces.push(chunk);
      try {
        options.onText?.(chunk);
      } catch (error) {
        run.callerError = error;
        controller.abort();
      }
    },
  };
  rearm();
  try {
    run.outcome = await attempt(controller.signal, progress);
  } catch (error) {
    run.error = error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
  run.text = pieces.join('');
  return run;
}
