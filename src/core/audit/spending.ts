import * as z from 'zod/mini';
import { monthlyTotals } from '../cost/usage';
import { pairRecords } from './pairs';

/**
 * What one month spent, kept up to date as records are written, so a budget check need not read
 * the log: the settled calls' `cost` and count, and each call still in flight (`pending`, by
 * attempt id) at the cost it reserved. Their sum is what the month's records add up to when
 * read in full (`summariseUsage`), in-flight and interrupted calls counted at their reservation.
 */
export interface MonthSpending {
  cost: number;
  calls: number;
  pending: Record<string, number>;
}

/** By month (`YYYY-MM`). */
export type Spending = Record<string, MonthSpending>;

const round = (amount: number) => Math.round(amount * 1e6) / 1e6;

const reservedOf = (record: Record<string, unknown>): number => {
  const amount = (record.reserved as { amount?: unknown } | undefined)?.amount;
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
};

const monthOf = (record: Record<string, unknown>) => (typeof record.time === 'string' ? record.time.slice(0, 7) : undefined);

function settle(spending: Spending, records: ReadonlyArray<Record<string, unknown>>): void {
  for (const [month, totals] of Object.entries(monthlyTotals(records))) {
    const entry = (spending[month] ??= { cost: 0, calls: 0, pending: {} });
    entry.cost = round(entry.cost + totals.cost);
    entry.calls += totals.calls;
  }
}

/** The spending of a whole log's records (as `parseRecords` reads them, attempts and completions unpaired). */
export function spendingOf(records: ReadonlyArray<Record<string, unknown>>): Spending {
  const completed = new Set(records.filter((record) => record.type === 'completion' && typeof record.call === 'string').map((record) => record.call));
  const inFlight = (record: Record<string, unknown>) => record.type === 'attempt' && typeof record.call === 'string' && !completed.has(record.call);
  const spending: Spending = {};
  settle(spending, pairRecords(records.filter((record) => !inFlight(record))));
  for (const record of records.filter(inFlight)) {
    const month = monthOf(record);
    if (month !== undefined) (spending[month] ??= { cost: 0, calls: 0, pending: {} }).pending[record.call as string] = reservedOf(record);
  }
  return spending;
}

/**
 * `spending` after one more record (`call`, `attempt` or `completion`; others change nothing).
 * A completion settles its attempt's reservation at the call's cost, in the attempt's month. A
 * completion whose attempt is not pending is `ignore`d by a log's head (a full read ignores it
 * too: its attempt was pruned and counted at its reservation) and `add`ed by the ledger (which
 * may have started after the attempt: counting it is the side that never understates).
 */
export function withRecord(spending: Spending, record: Record<string, unknown>, orphan: 'ignore' | 'add'): Spending {
  const next: Spending = structuredClone(spending);
  const id = typeof record.call === 'string' ? record.call : undefined;
  if (record.type === 'call') settle(next, [record]);
  else if (record.type === 'attempt' && id !== undefined) {
    const month = monthOf(record);
    if (month !== undefined) (next[month] ??= { cost: 0, calls: 0, pending: {} }).pending[id] = reservedOf(record);
  } else if (record.type === 'completion' && id !== undefined) {
    const month = Object.keys(next).find((key) => next[key]?.pending[id] !== undefined);
    if (month !== undefined) {
      delete (next[month] as MonthSpending).pending[id];
      settle(next, [{ ...record, type: 'call', time: `${month}-01T00:00:00.000Z` }]);
    } else if (orphan === 'add') settle(next, [{ ...record, type: 'call' }]);
  }
  return next;
}

/** What `month` spent: its settled cost and its reservations still in flight. */
export function spentIn(spending: Spending, month: string): number {
  const entry = spending[month];
  if (!entry) return 0;
  return round(Object.values(entry.pending).reduce((sum, amount) => sum + amount, entry.cost));
}

/** The larger of two accounts, month by month (what a budget holds to: never the smaller figure). */
export function largerSpent(month: string, ...accounts: ReadonlyArray<Spending | undefined>): number {
  return Math.max(0, ...accounts.map((spending) => (spending ? spentIn(spending, month) : 0)));
}

/**
 * The shape of a `Spending` read from a file (a head or a ledger). Its code (a MAC over the
 * spending's JSON text) is checked by the caller, so a month or an attempt this schema drops
 * makes the code fail: nothing read here is trusted before that check.
 */
export const SpendingSchema = z.record(z.string().check(z.regex(/^\d{4}-\d{2}$/)), z.object({ cost: z.number(), calls: z.number(), pending: z.record(z.string(), z.number()) }));
