import { sha256Hex } from '../hash';
import { type Cost, costOf, type PriceTable } from '../cost';
import type { Kind } from '../redaction/kinds';
import { approvalOf } from '../templates';
import type { PipelineOutcome, PipelineRequest } from './pipeline';

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
  /** The call was answered from the response cache: nothing was sent, and `savedCost` was not spent. */
  cached?: boolean;
  savedCost?: Cost;
  durationMs?: number;
  outcome: 'ok' | 'blocked' | 'error' | 'cancelled' | 'dry-run' | 'copied';
  /** Why it was blocked (a stable reason code), or the error's code. */
  detail?: string;
  promptSha256?: string;
  answerSha256?: string;
}


export function callRecordOf(request: PipelineRequest, outcome: PipelineOutcome, options: { now: Date; previewShown: boolean; prices?: PriceTable }): CallRecord {
  const { template, provider } = request;
  const prompt = 'prompt' in outcome ? outcome.prompt : undefined;
  const record: CallRecord = {
    time: options.now.toISOString(),
    template: { id: template.id, version: template.version, sha256: template.sha256, approval: approvalOf(template, request.approvals), profile: template.profile },
    provider: provider.mode === 'copy' ? { id: 'copy' } : { id: provider.id, kind: provider.kind, model: provider.model },
    levels: outcome.level ? [outcome.level.level] : [],
    clients: outcome.level?.client ? [outcome.level.client.id] : [],
    redactions: prompt?.redactions ?? {},
    previewShown: options.previewShown,
    outcome: outcome.status,
  };
  if (prompt) record.promptSha256 = sha256Hex(`${prompt.system}\n\n${prompt.user}`);
  if (outcome.status === 'ok') {
    record.tokens = { input: outcome.usage.inputTokens, output: outcome.usage.outputTokens, estimated: outcome.usage.estimated };
    if (options.prices) {
      const cost = costOf(options.prices, outcome.model, outcome.usage);
      record.cost = outcome.cached ? { ...cost, amount: 0 } : cost;
      if (outcome.cached) record.savedCost = cost;
    }
    if (outcome.cached) record.cached = true;
    record.durationMs = outcome.durationMs;
    record.answerSha256 = sha256Hex(outcome.answer);
  } else if (outcome.status === 'blocked') {
    record.detail = outcome.reason;
  } else if (outcome.status === 'error' || outcome.status === 'cancelled') {
    const code = (outcome.error as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') record.detail = code;
  }
  return record;
}
