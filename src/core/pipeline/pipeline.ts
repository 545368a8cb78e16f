import * as l10n from '@vscode/l10n';
import { type Classification, type ContentSummary, maskedCategories } from '../classification/types';
import type { AiProvider, ChatResult, Usage } from '../providers/types';
import type { BudgetCheck } from '../cost';
import { cacheKey, type ResponseCache } from '../cache';
import { applyFindings, type Category, type Kind, RedactionSession, type Scanner } from '../redaction';
import { approvalOf, describeMissing, renderTemplate, type Template, type TemplateContext, truncateScanned, type Truncation } from '../templates';
import { highest, type ProviderExclusion, providerExclusions, type ProviderIdentity, providersAllowedForAll, whyNotAllowed } from './providerPolicy';

/** A file the prompt draws from, classified before anything is sent. */
export interface PipelineSource {
  path: string;
  /** What a content scan found in it, when known (open documents). */
  content?: ContentSummary;
  /** The path is a folder standing for what it holds (a diff's text, a listing): classified as a folder. */
  folder?: boolean;
  /** Why the caller refuses this source whatever its level (a link out of the workspace, a diff whose files cannot be read). */
  refusal?: string;
}

/** Where the prompt goes: a configured provider, or the clipboard ("no provider / copy" mode). */
export type ProviderChoice = ({ mode: 'provider' } & ProviderIdentity & { kind: string; model: string }) | { mode: 'copy' };

export interface PipelineRequest {
  template: Template;
  context: TemplateContext;
  sources: readonly PipelineSource[];
  provider: ProviderChoice;
  /** The approvals in force (the policy's list) and whether unapproved templates may run. */
  approvals: ReadonlyArray<{ id: string; sha256: string }>;
  allowUnapproved: boolean;
  /** Stop after redaction and return the exact prompt that would be sent. */
  dryRun?: boolean;
  /** The most characters of each input the prompt carries; longer inputs are cut, and the outcome says so. */
  maxInputCharacters?: number;
  /** The most output tokens the call may produce, sent to the provider as its output cap. */
  maxOutputTokens?: number;
}

/** What the pipeline needs from its caller (the editor or the CLI). */
export interface PipelinePorts {
  classify(path: string, content?: ContentSummary, options?: { folder?: boolean }): Classification;
  /** The levels in force for `path`, least sensitive first (for a template's `maxLevel`). */
  levels(path: string): ReadonlyArray<{ id: string }>;
  /**
   * A scanner that reports at least `categories`, with the dictionaries in force for every one
   * of `paths` (the prompt's sources: a diff spanning two clients masks the names of both).
   */
  scanner(paths: readonly string[], categories: ReadonlySet<Category>): Scanner | Promise<Scanner>;
  /** The session whose placeholders the answer is restored with (kept by the caller, in memory only). */
  session?: RedactionSession;
  /**
   * Checks, sending nothing, that the chosen provider can be called (its key is known, its SDK
   * loads), so that what can refuse refuses before the person is asked to read a preview. A
   * throw makes the run an error; nothing has been sent.
   */
  checkReady?(choice: Extract<ProviderChoice, { mode: 'provider' }>): Promise<void>;
  /** Connects to the chosen provider (loading its SDK and key). */
  connect(choice: Extract<ProviderChoice, { mode: 'provider' }>): Promise<AiProvider>;
  /**
   * The budget check for a call whose redacted prompt is `prompt` (the caller knows prices, the
   * month's spending and the budgets); a block stops the call before anything is sent.
   */
  budget?(prompt: RedactedPrompt, choice: Extract<ProviderChoice, { mode: 'provider' }>): BudgetCheck | Promise<BudgetCheck>;
  /**
   * The response cache and how long an answer may be reused (when the policy turns it on): an
   * identical redacted prompt to the same model is answered from it, and nothing is sent.
   */
  cache?: { store: ResponseCache; ttlMs: number };
  /**
   * Shows exactly what will be sent (`prompt`) beside what it was before redaction (`original`,
   * which must stay on this machine); resolves false when the person declines. Called only for a
   * call to a provider that every check allowed, so a blocked call asks nothing. The caller decides
   * whether a level needs a preview and resolves true at once when it does not.
   */
  preview?(prompt: RedactedPrompt, classification: Classification, original: { system: string; user: string }): Promise<boolean>;
  /**
   * Called right before the provider is connected to, once every check passed: the write-ahead
   * audit record and the budget reservation (under one lock). A block stops the call; a throw
   * (the record could not be written) makes it an error. Nothing has been sent yet either way.
   */
  beforeCall?(prompt: RedactedPrompt, choice: Extract<ProviderChoice, { mode: 'provider' }>, classification: Classification | undefined): Promise<BudgetCheck>;
  now?(): number;
}

export interface RedactedPrompt {
  system: string;
  user: string;
  /** How many values of each kind were masked. */
  redactions: Partial<Record<Kind, number>>;
}

/** The prompt as one text, as the copy mode and the dry run give it and the preview shows it. */
export function promptText(prompt: { system: string; user: string }): string {
  return `${prompt.system}\n\n---\n\n${prompt.user}`;
}

/** How many values a redacted prompt had masked, of every kind. */
export function maskedCount(redactions: Partial<Record<string, number>>): number {
  return Object.values(redactions).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

/** Whether an answer ended because it reached the output token limit (OpenAI's `length`, Anthropic's and Bedrock's `max_tokens`, Gemini's `MAX_TOKENS`). */
export function cutByTokenLimit(finishReason: string | undefined): boolean {
  return finishReason === 'length' || finishReason === 'max_tokens' || finishReason === 'MAX_TOKENS';
}

export type BlockReason = 'unapproved-template' | 'modified-template' | 'level-above-template' | 'ai-not-allowed' | 'provider-not-allowed' | 'missing-input' | 'preview-declined' | 'budget-exceeded';

/** What happened, with what the audit needs (never the prompt, the answer or a value). */
export type PipelineOutcome =
  | {
      status: 'blocked';
      reason: BlockReason;
      message: string;
      allowedProviders: string[];
      classification: Classification | undefined;
      /** With `provider-not-allowed`: the caller's other candidates that are left out too, each with why. */
      leftOut?: ProviderExclusion[];
    }
  | { status: 'dry-run' | 'copied'; prompt: RedactedPrompt; classification: Classification | undefined; truncated?: Truncation[] }
  | {
      status: 'ok';
      answer: string;
      prompt: RedactedPrompt;
      usage: Usage;
      model: string;
      finishReason?: string;
      durationMs: number;
      classification: Classification | undefined;
      budgetWarning?: string;
      truncated?: Truncation[];
      cached?: boolean;
    }
  | { status: 'cancelled' | 'error'; error: unknown; prompt: RedactedPrompt | undefined; classification: Classification | undefined };

export interface RunOptions {
  signal?: AbortSignal;
  /** The answer as it streams, placeholders already restored. */
  onText?: (chunk: string) => void;
  /** The providers the caller could offer instead when the chosen one is not allowed. */
  candidates?: readonly ProviderIdentity[];
}

/**
 * The one governed path from a template to an answer, for the editor and the CLI alike:
 * approval → classification of every source → the level matrix and the provider → rendering →
 * redaction (failing closed) → the budget → the provider's readiness (its key) → optional preview →
 * the call, streamed → placeholders restored.
 * Nothing is sent unless every check passed; a blocked run never reaches `connect`.
 */
export async function runPipeline(request: PipelineRequest, ports: PipelinePorts, options: RunOptions = {}): Promise<PipelineOutcome> {
  const { template, provider } = request;
  const blocked = (
    reason: BlockReason,
    message: string,
    classification: Classification | undefined,
    allowed: readonly ProviderIdentity[] = [],
    leftOut: ProviderExclusion[] = [],
  ): PipelineOutcome => ({
    status: 'blocked',
    reason,
    message,
    allowedProviders: allowed.map((candidate) => candidate.id),
    classification,
    ...(leftOut.length > 0 ? { leftOut } : {}),
  });

  const approval = approvalOf(template, request.approvals);
  if (!request.allowUnapproved && (approval === 'unapproved' || approval === 'modified')) {
    return blocked(
      approval === 'modified' ? 'modified-template' : 'unapproved-template',
      approval === 'modified'
        ? l10n.t("The template '{0}' was changed since it was approved (its content hash differs), and the policy runs approved templates only.", template.id)
        : l10n.t("The template '{0}' is not approved, and the policy runs approved templates only. Ask for its id and sha256 to be added to the policy.", template.id),
      undefined,
    );
  }

  const classifications = request.sources.map((source) => ports.classify(source.path, source.content, source.folder === true ? { folder: true } : undefined));
  // The strictest of the sources' classifications: what the outcome and the audit name.
  const classification = highest(classifications);
  const refused = request.sources.find((source) => source.refusal !== undefined);
  if (refused?.refusal !== undefined) return blocked('ai-not-allowed', refused.refusal, classification);
  if (classification && template.maxLevel !== undefined) {
    const maxRank = ports.levels(classification.path).findIndex((candidate) => candidate.id === template.maxLevel);
    // A maxLevel the policy does not know cannot be checked, so it blocks (fail closed).
    if (maxRank === -1 || classification.levelRank > maxRank) {
      return blocked(
        'level-above-template',
        l10n.t("The template '{0}' may be used up to level {1}; {2} is {3}.", template.id, template.maxLevel, classification.path, classification.levelLabel),
        classification,
      );
    }
  }
  const notAllowed = classifications.find((each) => !each.aiAllowed);
  if (notAllowed) {
    return blocked(
      'ai-not-allowed',
      notAllowed.excluded
        ? l10n.t('{0} is excluded from AI by an ignore file; nothing was sent.', notAllowed.path)
        : l10n.t('No AI use is allowed for {0} ({1}); nothing was sent.', notAllowed.path, notAllowed.levelLabel),
      classification,
    );
  }
  if (provider.mode === 'provider' && providersAllowedForAll(classifications, [provider]).length === 0) {
    const allowed = providersAllowedForAll(classifications, options.candidates ?? []);
    // Why, in terms of the policy key to change, then what can be done instead.
    const why = whyNotAllowed(classifications, provider) ?? l10n.t("The provider '{0}' is not allowed for {1} ({2}).", provider.id, classification?.path ?? '', classification?.levelLabel ?? '');
    // The other configured providers it leaves out, so that none disappears without a reason.
    const leftOut = providerExclusions(
      classifications,
      (options.candidates ?? []).filter((candidate) => candidate.id !== provider.id),
    );
    return blocked(
      'provider-not-allowed',
      allowed.length > 0
        ? l10n.t('{0} Nothing was sent. Allowed: {1}, or copy the redacted prompt.', why, allowed.map((candidate) => candidate.id).join(', '))
        : l10n.t('{0} Nothing was sent, and none of the configured providers is allowed; you can copy the redacted prompt instead.', why),
      classification,
      allowed,
      leftOut,
    );
  }

  const rendered = renderTemplate(template, request.context);
  if (rendered.missing.length > 0) return blocked('missing-input', describeMissing(rendered.missing), classification);

  // Secrets and the policy's names are always masked; each source's level adds what its matrix line asks for.
  const categories = maskedCategories(classifications);
  const session = ports.session ?? new RedactionSession();
  let prompt: RedactedPrompt;
  let original: { system: string; user: string };
  let truncated: Truncation[];
  try {
    const scanner = await ports.scanner(
      request.sources.map((source) => source.path),
      categories,
    );
    const signal = options.signal ? { signal: options.signal } : {};
    // Redact first, then cut: the scan sees every input whole, and the prompt-size cut never
    // falls between a finding's ends, so no part of a secret is sent and no placeholder split.
    const scanned = {
      system: { text: rendered.system, spans: rendered.spans.system, findings: await scanner.scan(rendered.system, signal) },
      user: { text: rendered.user, spans: rendered.spans.user, findings: await scanner.scan(rendered.user, { ...(request.sources[0] ? { path: request.sources[0].path } : {}), ...signal }) },
    };
    const cut = request.maxInputCharacters !== undefined ? truncateScanned(scanned, request.context, request.maxInputCharacters) : { ...scanned, truncated: [] };
    truncated = cut.truncated;
    original = { system: cut.system.text, user: cut.user.text };
    // Look-alikes of placeholders in either text (the template's own examples, a quoted
    // `[[SECRET_1]]`) are reserved before any value is given a number.
    session.reserve(cut.system.text);
    session.reserve(cut.user.text);
    const system = applyFindings(session, cut.system.text, [...cut.system.findings]);
    const user = applyFindings(session, cut.user.text, [...cut.user.findings]);
    const redactions: Partial<Record<Kind, number>> = { ...system.counts };
    for (const [kind, count] of Object.entries(user.counts) as Array<[Kind, number]>) redactions[kind] = (redactions[kind] ?? 0) + count;
    prompt = { system: system.text, user: user.text, redactions };
  } catch (error) {
    // Fail closed: a scan that could not finish releases nothing.
    return { status: options.signal?.aborted ? 'cancelled' : 'error', error, prompt: undefined, classification };
  }
  const cut = truncated.length > 0 ? { truncated } : {};

  if (request.dryRun) return { status: 'dry-run', prompt, classification, ...cut };
  if (provider.mode === 'copy') return { status: 'copied', prompt, classification, ...cut };
  // A reused answer sends nothing and costs nothing, so neither the budget nor a preview applies.
  const key = ports.cache ? cacheKey({ providerId: provider.id, model: provider.model, system: prompt.system, user: prompt.user }) : undefined;
  const hit = key !== undefined ? ports.cache?.store.get(key, ports.now?.() ?? Date.now()) : undefined;
  // The answer may restore only the placeholders this prompt carried: never a value the session
  // masked for another call, whose placeholder a hostile input could have asked the model to write.
  const scope = session.issuedIn(prompt.system, prompt.user);
  if (hit) {
    const answer = session.restore(hit.text, scope);
    options.onText?.(answer);
    return { status: 'ok', answer, prompt, usage: hit.usage, model: hit.model, ...(hit.finishReason ? { finishReason: hit.finishReason } : {}), durationMs: 0, classification, cached: true, ...cut };
  }
  const budget = ports.budget ? await ports.budget(prompt, provider) : { status: 'ok' as const };
  if (budget.status === 'block') return blocked('budget-exceeded', budget.message, classification);
  try {
    await ports.checkReady?.(provider);
  } catch (error) {
    return { status: 'error', error, prompt, classification };
  }
  if (ports.preview && classification && !(await ports.preview(prompt, classification, original))) {
    return blocked('preview-declined', l10n.t('The preview was declined; nothing was sent.'), classification);
  }

  let reservation: BudgetCheck = budget;
  try {
    if (ports.beforeCall) reservation = await ports.beforeCall(prompt, provider, classification);
  } catch (error) {
    return { status: 'error', error, prompt, classification };
  }
  if (reservation.status === 'block') return blocked('budget-exceeded', reservation.message, classification);

  const started = ports.now?.() ?? Date.now();
  const restorer = session.restoreStream(scope);
  let result: ChatResult;
  try {
    const connection = await ports.connect(provider);
    result = await connection.stream(
      { system: prompt.system, messages: [{ role: 'user', content: prompt.user }], ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}) },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        onText: (chunk) => {
          const restored = restorer.push(chunk);
          if (restored) options.onText?.(restored);
        },
      },
    );
  } catch (error) {
    return { status: options.signal?.aborted ? 'cancelled' : 'error', error, prompt, classification };
  }
  const tail = restorer.end();
  if (tail) options.onText?.(tail);
  // Only a complete answer is worth reusing; one cut off by the token limit is not.
  if (key !== undefined && ports.cache && !cutByTokenLimit(result.finishReason)) ports.cache.store.set(key, result, ports.cache.ttlMs, ports.now?.() ?? Date.now());
  return {
    status: 'ok',
    answer: session.restore(result.text, scope),
    prompt,
    usage: result.usage,
    model: result.model,
    ...(result.finishReason ? { finishReason: result.finishReason } : {}),
    durationMs: (ports.now?.() ?? Date.now()) - started,
    classification,
    ...(reservation.status === 'warn' ? { budgetWarning: reservation.message } : {}),
    ...cut,
  };
}
