import { sha256Hex } from '../hash';
import { type Cost, costOf, type PriceTable } from '../cost';
import { estimateTokens } from '../providers/usage';
import type { Classification } from '../classification/types';
import type { Kind } from '../redaction/kinds';
import { approvalOf } from '../templates';
import { cutByTokenLimit, type PipelineOutcome, type PipelineRequest, type RedactedPrompt } from './pipeline';

/**
 * What one AI call (or blocked attempt) leaves for the audit trail and the cost module: who,
 * what and how much, never what. No prompt, answer, file content or value appears here: only
 * sha256 digests of the redacted prompt and of the answer, so a record can be matched to a text
 * someone still has.
 */
export interface CallRecord {
  time: string;
  template: { id: string; version: string; sha256: string; approval: ReturnType<typeof approvalOf>; profile: string };
  provider: { id: string; kind: string; model: string } | { id: 'copy' };
  /** The level of each source, most sensitive first, and the clients they belong to. */
  levels: string[];
  clients: string[];
  redactions: Partial<Record<Kind, number>>;
  previewShown: boolean;
  tokens?: { input: number; output: number; estimated: boolean };
  cost?: Cost;
  /** What the call was reserved at against the budgets, before it was sent (its output cap priced). */
  reserved?: Cost;
  /** The call was answered from the response cache: nothing was sent, and `savedCost` was not spent. */
  cached?: boolean;
  savedCost?: Cost;
  durationMs?: number;
  /**
   * `ok`: answered; `truncated`: answered, but cut by the output token limit; `interrupted`: its
   * attempt was recorded and its end never was (only as `AuditLog.records()` reads it).
   */
  outcome: 'ok' | 'truncated' | 'blocked' | 'error' | 'cancelled' | 'dry-run' | 'copied' | 'interrupted';
  /** Why it was blocked (a stable reason code), the error's code, or what interrupted it. */
  detail?: string;
  /** Why the answer ended, in the provider's words. */
  finishReason?: string;
  promptSha256?: string;
  answerSha256?: string;
}

/** What is known of a call before it is sent: the write-ahead `attempt` record's payload. */
export type AttemptFields = Omit<CallRecord, 'outcome' | 'tokens' | 'cost' | 'cached' | 'savedCost' | 'durationMs' | 'detail' | 'finishReason' | 'answerSha256'>;

/** How a call ended: the `completion` record's payload. */
export type ResultFields = Pick<CallRecord, 'outcome' | 'tokens' | 'cost' | 'cached' | 'savedCost' | 'durationMs' | 'detail' | 'finishReason' | 'answerSha256'>;

export function attemptFieldsOf(
  request: PipelineRequest,
  prompt: RedactedPrompt | undefined,
  classification: Classification | undefined,
  options: { now: Date; previewShown: boolean },
): AttemptFields {
  const { template, provider } = request;
  return {
    time: options.now.toISOString(),
    template: { id: template.id, version: template.version, sha256: template.sha256, approval: approvalOf(template, request.approvals), profile: template.profile },
    provider: provider.mode === 'copy' ? { id: 'copy' } : { id: provider.id, kind: provider.kind, model: provider.model },
    levels: classification ? [classification.level] : [],
    clients: classification?.client ? [classification.client.id] : [],
    redactions: prompt?.redactions ?? {},
    previewShown: options.previewShown,
    ...(prompt ? { promptSha256: sha256Hex(`${prompt.system}\n\n${prompt.user}`) } : {}),
  };
}

/**
 * How a run ended. A call that failed or was cancelled after part of its answer streamed
 * (`streamed`, the restored text so far) is costed on estimates: the provider charges for what it produced.
 */
export function resultFieldsOf(outcome: PipelineOutcome, options: { prices?: PriceTable; model?: string; streamed?: string; detail?: string }): ResultFields {
  if (outcome.status === 'ok') {
    const result: ResultFields = {
      outcome: cutByTokenLimit(outcome.finishReason) ? 'truncated' : 'ok',
      tokens: { input: outcome.usage.inputTokens, output: outcome.usage.outputTokens, estimated: outcome.usage.estimated },
    };
    if (options.prices) {
      const cost = costOf(options.prices, outcome.model, outcome.usage);
      result.cost = outcome.cached ? { ...cost, amount: 0 } : cost;
      if (outcome.cached) result.savedCost = cost;
    }
    if (outcome.cached) result.cached = true;
    result.durationMs = outcome.durationMs;
    if (outcome.finishReason) result.finishReason = outcome.finishReason;
    result.answerSha256 = sha256Hex(outcome.answer);
    return result;
  }
  if (outcome.status === 'blocked') return { outcome: 'blocked', detail: outcome.reason };
  if (outcome.status === 'error' || outcome.status === 'cancelled') {
    const result: ResultFields = { outcome: outcome.status };
    const code = (outcome.error as { code?: unknown } | undefined)?.code;
    if (options.detail !== undefined) result.detail = options.detail;
    else if (typeof code === 'string') result.detail = code;
    if (options.prices && options.model !== undefined && outcome.prompt && options.streamed) {
      const usage = { inputTokens: estimateTokens(`${outcome.prompt.system}${outcome.prompt.user}`), outputTokens: estimateTokens(options.streamed), estimated: true };
      result.tokens = { input: usage.inputTokens, output: usage.outputTokens, estimated: true };
      result.cost = costOf(options.prices, options.model, usage);
    }
    return result;
  }
  return { outcome: outcome.status };
}

/** The whole record of a run, in one piece (for a run that sent nothing, and for the run's subscribers). */
export function callRecordOf(request: PipelineRequest, outcome: PipelineOutcome, options: { now: Date; previewShown: boolean; prices?: PriceTable }): CallRecord {
  const prompt = 'prompt' in outcome ? outcome.prompt : undefined;
  return { ...attemptFieldsOf(request, prompt, outcome.classification, options), ...resultFieldsOf(outcome, options.prices ? { prices: options.prices } : {}) };
}
