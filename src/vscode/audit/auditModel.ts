import * as l10n from '@vscode/l10n';
import { COPY_PROVIDER } from '../../shared/ids';
import { AUDIT_FILTER_KEYS, type AuditFilter, type AuditModel, type AuditRow } from '../../shared/auditMessages';
import { callOutcome } from '../sidebar/viewModel';

/** The newest calls the view shows at most, after its filters; the export has them all. */
export const AUDIT_VIEW_ROWS = 500;

export interface AuditModelInput {
  /** The log's records, paired (`AuditLog.records`), oldest first. */
  records: ReadonlyArray<Record<string, unknown>>;
  verification: { ok: boolean; broken?: { line: number; reason: string } | undefined };
  filter: AuditFilter;
  language: string;
  /** The policy's level labels in the person's language, by level id; a record's level the policy no longer has keeps its id. */
  levelLabels?: Readonly<Record<string, string>>;
}

/** `YYYY-MM-DD HH:MM:SS` in the extension host's time zone: the person's local time, not UTC. */
export function localTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The local month of a date, `YYYY-MM` (what the month filter compares). */
export function localMonth(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : localTime(date).slice(0, 7);
}

/** "UTC+01:00" for the zone the times are shown in, at `date` (summer time changes it). */
export function zoneName(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** What a call record is filtered on: its raw outcome, provider, template and local month. */
function facetsOf(record: Record<string, unknown>): Record<keyof AuditFilter, string> {
  const template = record.template as { id?: unknown } | undefined;
  const provider = record.provider as { id?: unknown } | undefined;
  return {
    outcome: typeof record.outcome === 'string' ? record.outcome : 'other',
    provider: typeof provider?.id === 'string' ? provider.id : '',
    template: typeof template?.id === 'string' ? template.id : '',
    month: localMonth(new Date(typeof record.time === 'string' ? record.time : Number.NaN)),
  };
}

function rowOf(record: Record<string, unknown>, levelLabels: Readonly<Record<string, string>>): AuditRow {
  const facets = facetsOf(record);
  const provider = (record.provider ?? {}) as { model?: unknown };
  const tokens = (record.tokens ?? {}) as { input?: unknown; output?: unknown };
  const cost = (record.cost ?? {}) as { amount?: unknown; currency?: unknown };
  const redactions = record.redactions && typeof record.redactions === 'object' ? Object.entries(record.redactions as Record<string, unknown>).filter(([, count]) => typeof count === 'number') : [];
  const { outcome, label } = callOutcome(record);
  const detail = typeof record.detail === 'string' ? ` (${record.detail})` : '';
  const model = typeof provider.model === 'string' ? ` · ${provider.model}` : '';
  return {
    seq: typeof record.seq === 'number' ? record.seq : 0,
    time: localTime(new Date(typeof record.time === 'string' ? record.time : Number.NaN)),
    template: facets.template,
    provider: facets.provider === COPY_PROVIDER ? l10n.t('copy') : `${facets.provider}${model}`,
    levels: Array.isArray(record.levels)
      ? record.levels
          .filter((level): level is string => typeof level === 'string')
          .map((level) => (Object.hasOwn(levelLabels, level) ? levelLabels[level] : level))
          .join(', ')
      : '',
    outcome,
    outcomeLabel: `${label}${detail}`,
    masked: redactions.map(([kind, count]) => `${kind} ×${String(count)}`).join(', '),
    tokens:
      typeof tokens.input === 'number' || typeof tokens.output === 'number'
        ? `${typeof tokens.input === 'number' ? tokens.input : '–'} / ${typeof tokens.output === 'number' ? tokens.output : '–'}`
        : '',
    cost: typeof cost.amount === 'number' ? `${cost.amount.toFixed(4)} ${typeof cost.currency === 'string' ? cost.currency : ''}`.trim() : '',
  };
}

/** The distinct values of one facet, as options (months newest first, the rest in order). */
function optionsOf(calls: ReadonlyArray<Record<keyof AuditFilter, string>>, key: keyof AuditFilter): Array<{ value: string; label: string }> {
  const values = [...new Set(calls.map((facets) => facets[key]).filter((value) => value !== ''))];
  values.sort();
  if (key === 'month') values.reverse();
  return values.map((value) => ({ value, label: key === 'provider' && value === COPY_PROVIDER ? l10n.t('copy') : value }));
}

/**
 * The audit view's model: the calls (every `call` record, each attempt paired with its
 * completion) that the filters keep, newest first, at most `AUDIT_VIEW_ROWS` of them, with a count
 * whose first number is always the rows shown. A filter value the log does not hold is dropped.
 */
export function buildAuditModel(input: AuditModelInput): AuditModel {
  const calls = input.records.filter((record) => record.type === 'call');
  const facets = calls.map(facetsOf);
  const filters = { outcome: optionsOf(facets, 'outcome'), provider: optionsOf(facets, 'provider'), template: optionsOf(facets, 'template'), month: optionsOf(facets, 'month') };
  const selected: AuditFilter = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = input.filter[key];
    if (value !== undefined && filters[key].some((option) => option.value === value)) selected[key] = value;
  }
  const kept = calls.filter((_, index) => AUDIT_FILTER_KEYS.every((key) => selected[key] === undefined || facets[index]?.[key] === selected[key]));
  const rows = kept
    .slice(-AUDIT_VIEW_ROWS)
    .reverse()
    .map((record) => rowOf(record, input.levelLabels ?? {}));
  const filtered = AUDIT_FILTER_KEYS.some((key) => selected[key] !== undefined);
  const count =
    rows.length < kept.length
      ? l10n.t('{0} newest calls shown of {1} that match; the export has them all.', rows.length, kept.length)
      : filtered
        ? l10n.t('{0} call(s) shown of {1}.', rows.length, calls.length)
        : l10n.t('{0} call(s).', rows.length);
  const { verification } = input;
  const status = verification.ok
    ? l10n.t('The chain is intact: no record was changed, removed or added since it was written.')
    : l10n.t('The chain is broken at line {0}: {1}.', verification.broken?.line ?? 0, verification.broken?.reason ?? '');
  const newest = kept.at(-1)?.time;
  const model: AuditModel = {
    language: input.language,
    chainOk: verification.ok,
    status,
    count,
    timeNote: l10n.t('Times are local ({0}).', zoneName(typeof newest === 'string' ? new Date(newest) : new Date())),
    rows,
    filters,
    selected,
  };
  if (rows.length === 0) model.empty = calls.length === 0 ? l10n.t('No AI call is recorded yet. Every call and blocked attempt will be listed here.') : l10n.t('No call matches these filters.');
  return model;
}
