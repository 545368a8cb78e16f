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
  /** A retention checkpoint's totals of the records it pruned, or a start's of the log set aside before it, by month (`YYYY-MM`). */
  totals?: Record<string, MonthTotals>;
}

/** What one month's records added up to, as a retention checkpoint keeps it. */
export interface MonthTotals extends UsageTotals {
  blocked: number;
  interrupted: number;
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

function addTotals(totals: UsageTotals, more: UsageTotals): void {
  totals.calls += more.calls;
  totals.inputTokens += more.inputTokens;
  totals.outputTokens += more.outputTokens;
  totals.cost = Math.round((totals.cost + more.cost) * 1e6) / 1e6;
}

/**
 * The totals of `records` by month, for a retention checkpoint that replaces them (an earlier
 * checkpoint among them adds what it carried), so pruning never makes spending disappear.
 */
export function monthlyTotals(records: readonly CallLike[]): Record<string, MonthTotals> {
  const months = new Set<string>();
  for (const record of records) {
    if (record.type === 'call' && typeof record.time === 'string') months.add(record.time.slice(0, 7));
    for (const month of Object.keys(record.totals ?? {})) months.add(month);
  }
  const totals: Record<string, MonthTotals> = {};
  for (const month of months) {
    const summary = summariseUsage(records, new Date(`${month}-15T00:00:00Z`));
    totals[month] = { ...summary.total, blocked: summary.blocked, interrupted: summary.interrupted };
  }
  return totals;
}

/** This month's calls, tokens and cost (UTC month of `now`), in total and by provider, template and profile. */
export function summariseUsage(records: readonly CallLike[], now: Date): UsageSummary {
  const month = now.toISOString().slice(0, 7);
  const summary: UsageSummary = { month, currency: undefined, total: empty(), blocked: 0, interrupted: 0, cached: 0, savedCost: 0, byProvider: {}, byTemplate: {}, byProfile: {} };
  for (const record of records) {
    // Spending pruned by retention, or in a log set aside, still counts: the checkpoint or the new chain's start carries it.
    const carried = record.type === 'checkpoint' || record.type === 'start' ? record.totals?.[month] : undefined;
    if (carried) {
      addTotals(summary.total, carried);
      summary.blocked += carried.blocked;
      summary.interrupted += carried.interrupted;
      continue;
    }
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
