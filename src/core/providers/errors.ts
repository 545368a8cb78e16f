import * as l10n from '@vscode/l10n';
import { describeError } from '../errors';
import { GENERIC_KEY_VARIABLE, KEY_VARIABLE } from './apiKeys';
import { scrubKey } from './scrub';
import type { ProviderErrorContext, ProviderKind } from './types';

/**
 * Why a provider call failed, as a stable code the pipeline and the CLI can act on (offer to set
 * the key again, to pick another provider, to send less context…), with a message a person can act on.
 */
export type ProviderErrorCode =
  'missing-key' | 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'malformed-stream' | 'cancelled' | 'context-too-large' | 'bad-request';

/** What a 404 was about: an unknown model, an Azure deployment that does not exist, or a wrong address. */
export type NotFoundSubject = 'model' | 'deployment' | 'endpoint';

/** Which provider was called, for the message. */
export type { ProviderErrorContext } from './types';

/** The facts of one failure; each code uses the ones it needs. */
export interface ProviderErrorFacts {
  status?: number;
  /** Seconds the provider asked to wait before trying again (429). */
  retryAfterSeconds?: number;
  /** How many requests were made before giving up. */
  attempts?: number;
  notFound?: NotFoundSubject;
  /** The provider's own explanation, already cleared of the key and of any piece of the prompt. */
  detail?: string;
  timeoutMs?: number;
  /** The system's name for a network failure: ECONNREFUSED, ENOTFOUND… */
  networkCause?: string | undefined;
  /** The vendor variable that was set aside because the provider is not at its vendor's endpoints (missing-key). */
  keyWithheld?: string;
  /** Whether a stream was cut off (true) or unreadable (false). */
  truncated?: boolean;
  cause?: unknown;
}

/**
 * A failed provider call. Its message never holds the API key or any part of the prompt: it is
 * shown to people and written to logs, and the provider's own explanation is only included once
 * `safeDetail` has cleared it.
 */
export class ProviderError extends Error {
  readonly providerId: string;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly attempts: number | undefined;
  readonly notFound: NotFoundSubject | undefined;
  readonly detail: string | undefined;

  constructor(
    readonly code: ProviderErrorCode,
    context: ProviderErrorContext,
    facts: ProviderErrorFacts = {},
  ) {
    super(providerErrorMessage(code, context, facts), facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = 'ProviderError';
    this.providerId = context.providerId;
    this.status = facts.status;
    this.retryAfterSeconds = facts.retryAfterSeconds;
    this.attempts = facts.attempts;
    this.notFound = facts.notFound;
    this.detail = facts.detail;
  }
}

/** How a key is called in messages: "the OpenAI key", "the API key" for other OpenAI-compatible services. */
const KEY_BRAND: Readonly<Record<ProviderKind, string>> = {
  openai: 'OpenAI',
  'openai-compatible': 'API',
  'azure-openai': 'Azure OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  bedrock: 'AWS',
  'vertex-ai': 'Google Cloud',
  'vscode-lm': 'editor',
};

/**
 * What a person does about refused or missing cloud credentials, which AI Guard never stores:
 * the vendor's own chain finds them (environment, profile, SSO; application-default credentials).
 */
function cloudCredentialsHint(kind: ProviderKind): string | undefined {
  if (kind === 'bedrock')
    return l10n.t('AWS credentials come from the standard chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config, or an SSO session (run aws sso login).');
  if (kind === 'vertex-ai')
    return l10n.t('Google Cloud credentials are the application-default ones: run gcloud auth application-default login, or set GOOGLE_APPLICATION_CREDENTIALS to a service account file.');
  return undefined;
}

function providerErrorMessage(code: ProviderErrorCode, context: ProviderErrorContext, facts: ProviderErrorFacts): string {
  const id = context.providerId;
  const variable = KEY_VARIABLE[context.kind];
  const attempts = facts.attempts ?? 1;
  const cloud = cloudCredentialsHint(context.kind);
  switch (code) {
    case 'missing-key':
      if (cloud !== undefined) return l10n.t("No cloud credentials were found for provider '{0}'. {1}", id, cloud);
      if (facts.keyWithheld !== undefined) {
        return l10n.t(
          "No API key is set for provider '{0}'. {1} is not sent to {2}: it goes only to its vendor's endpoints or to one the policy names for '{0}'. Set a key for this provider with 'AI Guard: Set API Key' or the AI_GUARD_API_KEY environment variable.",
          id,
          facts.keyWithheld,
          context.baseUrl,
        );
      }
      return variable === GENERIC_KEY_VARIABLE
        ? l10n.t("No API key is set for provider '{0}'. Set one with 'AI Guard: Set API Key' or the AI_GUARD_API_KEY environment variable.", id)
        : l10n.t("No API key is set for provider '{0}'. Set one with 'AI Guard: Set API Key' or the {1} (or AI_GUARD_API_KEY) environment variable.", id, variable);
    case 'unauthorized':
      if (cloud !== undefined) return l10n.t("The {0} credentials for provider '{1}' were refused ({2}): they are invalid or expired. {3}", KEY_BRAND[context.kind], id, facts.status ?? 401, cloud);
      return l10n.t("The {0} key for provider '{1}' was refused (401). Set it again with 'AI Guard: Set API Key' or the {2} environment variable.", KEY_BRAND[context.kind], id, variable);
    case 'forbidden':
      if (cloud !== undefined)
        return l10n.t(
          "Provider '{0}' accepted the {1} credentials but refused access to '{2}' (403). Check that the account's role may invoke this model in this region, and that the model is enabled there.",
          id,
          KEY_BRAND[context.kind],
          context.model,
        );
      return l10n.t("Provider '{0}' accepted the key but refused access to '{1}' (403). Check the key's permissions, project or region with the provider.", id, context.model);
    case 'not-found':
      switch (facts.notFound) {
        case 'deployment':
          return l10n.t(
            "Azure OpenAI has no deployment '{0}' at {1} (404, provider '{2}'). Check the deployment name and the endpoint in the provider's settings.",
            context.model,
            context.baseUrl,
            id,
          );
        case 'model':
          return l10n.t("Provider '{0}' does not know the model '{1}' (404). Check the model name in the provider's settings.", id, context.model);
        default:
          return l10n.t("Provider '{0}' answered 404 at {1}: the address is probably wrong (a missing /v1?). Check the base URL in the provider's settings.", id, context.baseUrl);
      }
    case 'rate-limited':
      // The number of attempts is said only when there were retries: it tells that trying again at once is useless.
      if (attempts > 1) {
        return facts.retryAfterSeconds === undefined
          ? l10n.t("Provider '{0}' is still limiting requests (429) after {1} attempts. Wait a moment and try again.", id, attempts)
          : l10n.t("Provider '{0}' is still limiting requests (429) after {1} attempts. Try again in {2} s.", id, attempts, facts.retryAfterSeconds);
      }
      return facts.retryAfterSeconds === undefined
        ? l10n.t("Provider '{0}' is limiting requests (429). Wait a moment and try again.", id)
        : l10n.t("Provider '{0}' is limiting requests (429). Try again in {1} s.", id, facts.retryAfterSeconds);
    case 'server':
      if (facts.status === undefined) return l10n.t("Provider '{0}' reported an error while answering. Try again later or choose another provider.", id);
      return attempts > 1
        ? l10n.t("Provider '{0}' still failed with a server error ({1}) after {2} attempts. Try again later or choose another provider.", id, facts.status, attempts)
        : l10n.t("Provider '{0}' failed with a server error ({1}). Try again later or choose another provider.", id, facts.status);
    case 'network':
      return l10n.t(
        "Cannot reach provider '{0}' at {1} ({2}). Check the address, the network or proxy, and that the service is running.",
        id,
        context.baseUrl,
        facts.networkCause ?? l10n.t('network error'),
      );
    case 'timeout':
      return l10n.t("Provider '{0}' did not answer within {1} s. Try again, or raise the provider's timeoutMs setting.", id, Math.round((facts.timeoutMs ?? 0) / 100) / 10);
    case 'malformed-stream':
      return facts.truncated
        ? l10n.t("The answer from provider '{0}' was cut off before it was complete. Try again.", id)
        : l10n.t("Provider '{0}' sent an answer that could not be read. Check that {1} speaks the protocol of its kind ({2}).", id, context.baseUrl, context.kind);
    case 'cancelled':
      return l10n.t("The request to provider '{0}' was cancelled.", id);
    case 'context-too-large':
      return facts.detail === undefined
        ? l10n.t("The prompt is too large for model '{0}' of provider '{1}'. Send less context (a smaller selection, fewer files) or choose a model with a larger context window.", context.model, id)
        : l10n.t(
            "The prompt is too large for model '{0}' of provider '{1}': {2} Send less context (a smaller selection, fewer files) or choose a model with a larger context window.",
            context.model,
            id,
            facts.detail,
          );
    case 'bad-request':
      return facts.detail === undefined
        ? l10n.t("Provider '{0}' rejected the request ({1}).", id, facts.status ?? 400)
        : l10n.t("Provider '{0}' rejected the request ({1}): {2}", id, facts.status ?? 400, facts.detail);
  }
}

/** The longest provider explanation kept in a message. */
const MAX_DETAIL = 300;
/** The most of a provider explanation read at all: what is past it would be cut anyway. */
const MAX_SCANNED_DETAIL = 4 * MAX_DETAIL;
/** A window of this many characters found in the prompt marks a provider explanation as quoting it. */
const QUOTE_WINDOW = 24;

/**
 * The provider's explanation of an error, fit to show: cut to a few hundred characters, with the
 * key replaced, and dropped entirely when it quotes the prompt (some servers echo the input in
 * validation errors). Returns undefined when nothing safe is left.
 */
export function safeDetail(detail: unknown, secrets: { apiKey?: string | undefined; prompt: readonly string[] }): string | undefined {
  if (typeof detail !== 'string') return undefined;
  // Cleared before it is cut, so the cut cannot leave a piece of the key too short to be recognised.
  let text = scrubKey(detail.slice(0, MAX_SCANNED_DETAIL).replace(/\s+/g, ' ').trim(), secrets.apiKey);
  text = text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
  if (text === '' || quotesPrompt(text, secrets.prompt)) return undefined;
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * The error with every form of the key cleared from its message, its stack and its cause (which
 * `describeError` shows and logs print): a runtime error from a failed request can quote the
 * request's headers. A cause that held the key is replaced by a cleared copy of its description.
 */
export function withoutKey<E extends Error>(error: E, apiKey: string | undefined): E {
  if (apiKey === undefined) return error;
  error.message = scrubKey(error.message, apiKey);
  if (error.stack !== undefined) error.stack = scrubKey(error.stack, apiKey);
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) {
    const described = describeError(cause);
    const cleared = scrubKey(described, apiKey);
    if (cleared !== described) {
      const replacement = new Error(cleared);
      replacement.name = cause instanceof Error ? cause.name : 'Error';
      Object.defineProperty(error, 'cause', { value: replacement, writable: true, configurable: true, enumerable: false });
    }
  }
  return error;
}

function quotesPrompt(text: string, prompt: readonly string[]): boolean {
  const normalised = prompt.map((part) => part.replace(/\s+/g, ' ').trim());
  // A short prompt part is looked for whole: it is too short to hold a window.
  if (normalised.some((part) => part.length >= 8 && part.length < QUOTE_WINDOW && text.includes(part))) return true;
  for (let start = 0; start + QUOTE_WINDOW <= text.length; start++) {
    const window = text.slice(start, start + QUOTE_WINDOW);
    if (normalised.some((part) => part.includes(window))) return true;
  }
  return false;
}
