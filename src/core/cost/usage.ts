/** One call as the usage summary reads it from the audit trail. */
export interface CallLike {
  type?: unknown;
  time?: unknown;
  outcome?: unknown;
  template?: { id?: string; profile?: string };
  provider?: { id?: string };
  tokens?: { input?: number; output?: number };
  cost?: { amount?: number; currency?: string; estimated?: boolean };
  cached?: boolean;
  savedCost?: { amount?: number };
}

export interface UsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export interface UsageSummary {
  month: string;
  currency: string | undefined;
  total: UsageTotals;
  blocked: number;
  /** Calls whose end was never recorded (a crash, a killed process): counted at the cost they reserved. */
  interrupted: number;
  /** Calls answered from the response cache, and what they would have cost. */
  cached: number;
  savedCost: number;
  byProvider: Record<string, UsageTotals>;
  byTemplate: Record<string, UsageTotals>;
  byProfile: Record<string, UsageTotals>;
}

const empty = (): UsageTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 });

function add(totals: UsageTotals, call: CallLike): void {
  totals.calls++;
  totals.inputTokens += call.tokens?.input ?? 0;
  totals.outputTokens += call.tokens?.output ?? 0;
  totals.cost = Math.round((totals.cost + (call.cost?.amount ?? 0)) * 1e6) / 1e6;
}

/** This month's calls, tokens and cost (UTC month of `now`), in total and by provider, template and profile. */
export function summariseUsage(records: readonly CallLike[], now: Date): UsageSummary {
  const month = now.toISOString().slice(0, 7);
  const summary: UsageSummary = { month, currency: undefined, total: empty(), blocked: 0, interrupted: 0, cached: 0, savedCost: 0, byProvider: {}, byTemplate: {}, byProfile: {} };
  for (const record of records) {
    if (record.type !== 'call' || typeof record.time !== 'string' || !record.time.startsWith(month)) continue;
    if (record.outcome === 'blocked') {
      summary.blocked++;
      continue;
    }
    if (!spends(record)) continue;
    if (record.outcome === 'interrupted') summary.interrupted++;
    summary.currency ??= record.cost?.currency;
    if (record.cached) {
      summary.cached++;
      summary.savedCost = Math.round((summary.savedCost + (record.savedCost?.amount ?? 0)) * 1e6) / 1e6;
    }
    add(summary.total, record);
    add((summary.byProvider[record.provider?.id ?? '?'] ??= empty()), record);
    add((summary.byTemplate[record.template?.id ?? '?'] ??= empty()), record);
    add((summary.byProfile[record.template?.profile ?? '?'] ??= empty()), record);
  }
  return summary;
}

/**
 * Whether a call spent: answered (in full or cut by the token limit), interrupted (counted at its
 * reservation, the provider may have answered), or failed and cancelled calls that cost something
 * (their answer streamed before they ended).
 */
function spends(record: CallLike): boolean {
  if (record.outcome === 'ok' || record.outcome === 'truncated' || record.outcome === 'interrupted') return true;
  return (record.outcome === 'error' || record.outcome === 'cancelled') && (record.cost?.amount ?? 0) > 0;
}

/** What this month's calls cost so far, for the budget check. */
export function spentThisMonth(records: readonly CallLike[], now: Date): number {
  return summariseUsage(records, now).total.cost;
}
