import type { CallRecord } from '../pipeline/record';
import { levelOf, redactionCountsOf } from './reduce';
import { BLOCK_REASONS, costBucket, latencyBucket, PROFILES, PROVIDER_KINDS, type TelemetryEvent, TelemetryEventSchema, tokenBucket } from './events';
/**
 * Events from what the editor already knows (a run's `CallRecord`, a person's feedback), reduced
 * to what `events.ts` allows: identifiers the product or the policy defines, counts per category
 * and buckets. Every event is checked against `TelemetryEventSchema` before it leaves here; one
 * that does not pass is not built at all (and the caller logs that, never its content).
 */

/** The template id sent for a template that is neither built-in nor approved by the policy. */
export const CUSTOM_TEMPLATE = 'custom';
/** What stands for a level, profile or reason that is not a plain identifier or a known value. */
export { OTHER, redactionCountsOf } from './reduce';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;
const ERROR_CODE = /^[a-z0-9-]{1,40}$/;

/** A template as telemetry may name it: its id and version only when it is built-in or approved. */
export interface TemplateLabel {
  template: string;
  templateVersion: string;
}

export function templateLabelOf(template: Pick<CallRecord['template'], 'id' | 'version' | 'approval'>): TemplateLabel {
  // A workspace's own template may be named after a client or a project: only ids the product
  // ships or the policy approved by content hash are known not to say anything about anyone.
  if ((template.approval === 'built-in' || template.approval === 'approved') && ID.test(template.id)) {
    return { template: template.id, templateVersion: VERSION.test(template.version) ? template.version : CUSTOM_TEMPLATE };
  }
  return { template: CUSTOM_TEMPLATE, templateVersion: CUSTOM_TEMPLATE };
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

export const profileOf = (profile: string) => oneOf(PROFILES, profile, 'other');

function providerKindOf(provider: CallRecord['provider']) {
  return 'kind' in provider ? oneOf(PROVIDER_KINDS, provider.kind, 'other') : 'copy';
}

function validated(candidate: Record<string, unknown>): TelemetryEvent | undefined {
  const parsed = TelemetryEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The event for one governed run: `prompt_run` when it was answered, failed, was cancelled or
 * copied; `prompt_blocked` when the policy stopped it; nothing for a dry run (nothing was asked
 * of anyone). Undefined too when the result would not pass the schema.
 */
export function eventOfRun(record: CallRecord): TelemetryEvent | undefined {
  const label = templateLabelOf(record.template);
  const profile = profileOf(record.template.profile);
  const providerKind = providerKindOf(record.provider);
  const level = levelOf(record.levels);
  if (record.outcome === 'blocked') {
    return validated({
      name: 'aiguard.prompt_blocked',
      template: label.template,
      profile,
      providerKind,
      ...(level !== undefined ? { level } : {}),
      reason: oneOf(BLOCK_REASONS, record.detail, 'other'),
      tool: 'ai-guard',
    });
  }
  if (record.outcome === 'dry-run') return undefined;
  const errorCode = (record.outcome === 'error' || record.outcome === 'cancelled') && record.detail !== undefined && ERROR_CODE.test(record.detail) ? record.detail : undefined;
  return validated({
    name: 'aiguard.prompt_run',
    ...label,
    profile,
    providerKind,
    level: level ?? 'other',
    redactions: redactionCountsOf(record.redactions),
    inputTokens: tokenBucket(record.tokens?.input ?? 0),
    outputTokens: tokenBucket(record.tokens?.output ?? 0),
    cost: costBucket(record.cost?.amount ?? 0),
    latency: latencyBucket(record.durationMs ?? 0),
    // An answer cut by the token limit is still an answer to adoption figures.
    outcome: record.outcome === 'truncated' ? 'ok' : record.outcome,
    ...(errorCode !== undefined ? { errorCode } : {}),
    tool: 'ai-guard',
  });
}

/**
 * The event for a person's feedback on an answer. `template` is the label the run's own event
 * used (the caller remembers it by run id), so an unapproved template stays `custom` here too;
 * undefined when neither a rating nor minutes are given.
 */
export function eventOfFeedback(feedback: { profile: string; rating?: number; minutesSaved?: number }, template: string): TelemetryEvent | undefined {
  const rating = feedback.rating !== undefined && Number.isInteger(feedback.rating) && feedback.rating >= 1 && feedback.rating <= 5 ? feedback.rating : undefined;
  const minutes = feedback.minutesSaved !== undefined && Number.isFinite(feedback.minutesSaved) && feedback.minutesSaved >= 0 ? Math.min(480, Math.round(feedback.minutesSaved)) : undefined;
  if (rating === undefined && minutes === undefined) return undefined;
  return validated({
    name: 'aiguard.feedback',
    template: ID.test(template) ? template : CUSTOM_TEMPLATE,
    profile: profileOf(feedback.profile),
    ...(rating !== undefined ? { rating } : {}),
    ...(minutes !== undefined ? { minutesSaved: minutes } : {}),
    tool: 'ai-guard',
  });
}

/** The UTC day of a time, `YYYY-MM-DD`, as `aiguard.daily_activity` carries it. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function dailyActivityOf(day: string): TelemetryEvent | undefined {
  return validated({ name: 'aiguard.daily_activity', day, tool: 'ai-guard' });
}
