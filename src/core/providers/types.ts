import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';

/**
 * What a configured AI provider is, and what a call to one sends and returns.
 *
 * Provider configurations come from settings files and the CLI's config file, which people
 * write by hand, so they are parsed with `ProviderConfigSchema` before use (see `parseProviderConfigs`).
 * The id and tag syntax is the policy file's, so a provider declared in settings can be named in a policy.
 */

import { CLOUD_CREDENTIAL_KINDS, NAME_ID, PROVIDER_KINDS, type ProviderKind, TAG } from './kinds';

export { CLOUD_CREDENTIAL_KINDS, PROVIDER_KINDS, type ProviderKind };

/** The longest configurable wait for a sign of life from a provider: ten minutes. */
const MAX_TIMEOUT_MS = 600_000;

const text = () => z.string().check(z.trim(), z.minLength(1, { error: () => l10n.t('This text must not be empty.') }));

const whole = (min: number, max: number) =>
  z
    .int({ error: () => l10n.t('Expected a whole number from {0} to {1}.', min, max) })
    .check(
      z.minimum(min, { error: () => l10n.t('Expected a whole number from {0} to {1}.', min, max) }),
      z.maximum(max, { error: () => l10n.t('Expected a whole number from {0} to {1}.', min, max) }),
    );

/** An AWS region (`eu-west-3`) or a Google Cloud location (`europe-west1`, `global`). */
const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)*$/;
/** A Google Cloud project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter. */
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

const HttpUrl = z.url({
  protocol: /^https?$/,
  error: () => l10n.t('Expected an http:// or https:// address.'),
});

export const ProviderConfigSchema = z
  .object({
    id: z.string().check(z.regex(NAME_ID, { error: () => l10n.t('A provider id is made of lowercase letters, digits, ., - and _.') })),
    kind: z.enum(PROVIDER_KINDS, { error: () => l10n.t('Expected one of: {0}.', PROVIDER_KINDS.join(', ')) }),
    /** The API's base address; for Azure OpenAI the resource endpoint (`https://x.openai.azure.com`). */
    baseUrl: z.optional(HttpUrl),
    /** The model name; Azure OpenAI names a `deployment` instead. */
    model: z.optional(text()),
    deployment: z.optional(text()),
    apiVersion: z.optional(text()),
    /** Bedrock: the AWS region whose runtime is called (`eu-west-3`). */
    region: z.optional(z.string().check(z.regex(REGION, { error: () => l10n.t('Expected a region such as eu-west-3 or europe-west1.') }))),
    /** Vertex AI: the Google Cloud project and location (`europe-west1`, or `global`). */
    project: z.optional(z.string().check(z.regex(PROJECT, { error: () => l10n.t('Expected a Google Cloud project id (6 to 30 lowercase letters, digits and hyphens).') }))),
    location: z.optional(z.string().check(z.regex(REGION, { error: () => l10n.t('Expected a region such as eu-west-3 or europe-west1.') }))),
    /** Vertex AI: Google's OAuth token endpoint as this network reaches it (Private Service Connect), when not `https://oauth2.googleapis.com/token`. */
    tokenUrl: z.optional(HttpUrl),
    /**
     * The model runs on this machine (Ollama, LM Studio…), so no API key is asked for. It grants
     * nothing: the matrix checks only the tags the policy's catalogue gives the provider's id.
     */
    runsLocally: z.optional(z.boolean()),
    /**
     * Before `runsLocally`: `tags: ["local"]` said the same, and no other tag did anything. Still
     * read, for settings written then; never a tag the matrix sees.
     */
    tags: z.optional(z.array(z.string().check(z.regex(TAG, { error: () => l10n.t('A tag is made of lowercase letters, digits and -.') })))),
    label: z.optional(text()),
    timeoutMs: z.optional(whole(1, MAX_TIMEOUT_MS)),
    maxRetries: z.optional(whole(0, 10)),
    maxOutputTokens: z.optional(whole(1, 10_000_000)),
  })
  .check(
    z.superRefine((config, context) => {
      const missing = (field: string) =>
        context.issues.push({ code: 'custom', path: [field], input: config, message: l10n.t("The property '{0}' is required for a provider of kind '{1}'.", field, config.kind) });
      if (config.kind === 'azure-openai') {
        if (config.baseUrl === undefined) missing('baseUrl');
        if (config.deployment === undefined) missing('deployment');
        if (config.apiVersion === undefined) missing('apiVersion');
      } else if (config.model === undefined && config.kind !== 'vscode-lm') {
        missing('model');
      }
      if (config.kind === 'openai-compatible' && config.baseUrl === undefined) missing('baseUrl');
      // The region is part of what a client's contract names ("only our account in eu-west-3"), so it is never guessed from the machine's AWS configuration.
      if (config.kind === 'bedrock' && config.region === undefined) missing('region');
      if (config.kind === 'vertex-ai') {
        if (config.project === undefined) missing('project');
        if (config.location === undefined) missing('location');
      }
    }),
  );

export type ProviderConfig = z.output<typeof ProviderConfigSchema>;
/** A provider configuration as written. */
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

/** The model a configuration calls: the deployment for Azure OpenAI, the model otherwise. */
export function modelOf(config: ProviderConfig): string {
  return (config.kind === 'azure-openai' ? config.deployment : config.model) ?? '';
}

/** The configuration calling `model` instead: the deployment for Azure OpenAI, the model otherwise. */
export function withModel(config: ProviderConfig, model: string): ProviderConfig {
  return config.kind === 'azure-openai' ? { ...config, deployment: model } : { ...config, model };
}

/**
 * Whether the provider runs on this machine, and so may need no key: `runsLocally` (or, in a
 * configuration written before it, the self-declared tag `local`), or called at a loopback
 * address (Ollama at http://127.0.0.1:11434, LM Studio at http://localhost:1234).
 */
export function isLocal(config: ProviderConfig): boolean {
  return (config.runsLocally ?? config.tags?.includes('local') ?? false) || (config.kind === 'openai-compatible' && isLoopback(config.baseUrl));
}

function isLoopback(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return false;
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/** Whether the provider is one of the editor's language models, which need no key of ours. */
export function isEditorModel(config: Pick<ProviderConfig, 'kind'>): boolean {
  return config.kind === 'vscode-lm';
}

/** Whether the provider signs its calls with cloud credentials the vendor's own chain finds (Bedrock, Vertex AI), so no key of ours is read for it. */
export function usesCloudCredentials(config: Pick<ProviderConfig, 'kind'>): boolean {
  return CLOUD_CREDENTIAL_KINDS.includes(config.kind);
}

/** Whether a call to the provider needs an API key: not for local models, the editor's own, nor those signed with cloud credentials. */
export function needsApiKey(config: ProviderConfig): boolean {
  return !isLocal(config) && !isEditorModel(config) && !usesCloudCredentials(config);
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  system?: string;
  messages: ChatMessage[];
  /** Overrides the provider's `maxOutputTokens` for this call. */
  maxOutputTokens?: number;
  temperature?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the counts are estimates (about 4 characters a token). */
  estimated: boolean;
}

export interface ChatResult {
  /** The whole answer: every chunk given to `onText`, concatenated. */
  text: string;
  usage: Usage;
  /** The model that answered, as the provider names it (it may differ from the configured alias). */
  model: string;
  /** Why the answer ended, in the provider's words (`stop`, `length`, `end_turn`, `max_tokens`…). */
  finishReason?: string;
}

export interface StreamOptions {
  /** Cancels the call; the promise then rejects with a `ProviderError` of code `cancelled`. */
  signal?: AbortSignal;
  /** Receives each piece of the answer as it arrives. */
  onText?: (chunk: string) => void;
}

/**
 * One configured provider, ready to call.
 *
 * `stream` is a promise with a text callback rather than an async iterable: the pipeline needs
 * both the pieces (to restore placeholders and show them as they come) and a final result with
 * usage, and a promise gives that result, and every failure as one `ProviderError`, in one place.
 * The call always streams from the provider, can be cancelled through `signal`, and retries
 * (bounded, with backoff) only before the first piece of text was handed to `onText`.
 */
export interface AiProvider {
  readonly id: string;
  readonly kind: ProviderKind;
  /** The configured model, or the deployment for Azure OpenAI. */
  readonly model: string;
  stream(request: ChatRequest, options?: StreamOptions): Promise<ChatResult>;
}

/** A configuration that could not be used, and why, for the settings' problems list. */
export interface ProviderConfigProblem {
  /** The entry's position in the list, and its id when it had one. */
  index: number;
  id?: string;
  path: string;
  message: string;
}

/**
 * Parses a list of provider configurations (from settings or a config file). Invalid entries
 * are dropped and described, so one mistake does not disable the other providers; a second
 * entry with an id already seen is dropped too.
 */
export function parseProviderConfigs(input: unknown): { providers: ProviderConfig[]; problems: ProviderConfigProblem[] } {
  const providers: ProviderConfig[] = [];
  const problems: ProviderConfigProblem[] = [];
  if (!Array.isArray(input)) {
    if (input !== undefined) problems.push({ index: -1, path: '', message: l10n.t('Expected a list of providers.') });
    return { providers, problems };
  }
  const seen = new Set<string>();
  input.forEach((entry: unknown, index) => {
    const rawId = typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : undefined;
    const parsed = ProviderConfigSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ index, ...(rawId === undefined ? {} : { id: rawId }), path: issue.path.map(String).join('.'), message: issueMessage(issue) });
      }
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ index, id: parsed.data.id, path: 'id', message: l10n.t("A provider with the id '{0}' is already configured; this one is ignored.", parsed.data.id) });
      return;
    }
    seen.add(parsed.data.id);
    providers.push(parsed.data);
  });
  return { providers, problems };
}

/**
 * An issue in words. Checks above phrase their own messages; zod/mini only says "Invalid input"
 * for the rest, which are missing or mistyped properties.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const name = String(issue.path[issue.path.length - 1] ?? '');
    return issue.input === undefined ? l10n.t("The property '{0}' is required here.", name) : l10n.t("The property '{0}' has the wrong type (expected {1}).", name, issue.expected);
  }
  return issue.message;
}

/** How to reach a provider: its key (none for a local provider) and, optionally, the `fetch` to use (a proxy-aware one). */
export interface ProviderConnection {
  apiKey: string | undefined;
  /** The vendor variable not read for this provider's address (see `withheldKeyVariable`), for the message when there is no key. */
  keyWithheld?: string;
  fetch?: typeof globalThis.fetch;
}

/** What one request learnt besides the text; missing usage counts are estimated. */
export interface AttemptOutcome {
  model?: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/** Which call failed, for a provider error's message: never a key. */
export interface ProviderErrorContext {
  providerId: string;
  kind: ProviderKind;
  /** The model, or the deployment for Azure OpenAI. */
  model: string;
  /** The address called, shown when it may be wrong (network failures, 404). Never carries a key. */
  baseUrl: string;
}
