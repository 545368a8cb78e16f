import * as l10n from '@vscode/l10n';
import { costOf, DEFAULT_CURRENCY, type PriceTable } from './prices';
import { estimateTokens } from '../providers/usage';
import { type CallLike, spentThisMonth } from './usage';

/** Budgets from the policy (the lowest of every policy in force: a workspace cannot raise one). */
export interface Budget {
  /** Per user per calendar month, in the price table's currency. */
  monthly?: number;
  /** The most one call may cost. */
  perCall?: number;
  /** The share of the monthly budget at which people are warned (0–1, default 0.8). */
  warnAt: number;
  currency: string;
}

/** The share of a monthly budget at which people are warned when no policy says. */
export const DEFAULT_WARN_AT = 0.8;

/** The budget when no policy sets one: no limit, the default currency and warning share. */
export const DEFAULT_BUDGET: Budget = { currency: DEFAULT_CURRENCY, warnAt: DEFAULT_WARN_AT };

export type BudgetCheck =
  | { status: 'ok' }
  | { status: 'warn'; message: string; share: number }
  | { status: 'block'; message: string; resetsOn?: string };

/** The first day of the month after `now` (UTC), when a monthly budget starts again. */
export function resetDate(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

const money = (amount: number, currency: string) => `${amount.toFixed(2)} ${currency}`;

/**
 * Whether a call that may cost `estimate` can run, given what was spent this month: blocked at
 * 100 % of the monthly budget (with the date it resets) or above the per-call maximum; a warning
 * from the threshold on.
 */
export function checkBudget(budget: Budget, spentThisMonth: number, estimate: number, now: Date): BudgetCheck {
  if (budget.perCall !== undefined && estimate > budget.perCall) {
    return { status: 'block', message: l10n.t('This call could cost about {0}, more than the {1} a call may cost. Select less text or use a cheaper model.', money(estimate, budget.currency), money(budget.perCall, budget.currency)) };
  }
  if (budget.monthly === undefined) return { status: 'ok' };
  const after = spentThisMonth + estimate;
  if (spentThisMonth >= budget.monthly || after > budget.monthly) {
    const resetsOn = resetDate(now);
    return { status: 'block', message: l10n.t('The monthly AI budget ({0}) is used up ({1} spent). It resets on {2}.', money(budget.monthly, budget.currency), money(spentThisMonth, budget.currency), resetsOn), resetsOn };
  }
  const share = after / budget.monthly;
  if (share >= budget.warnAt) return { status: 'warn', share, message: l10n.t('{0} % of the monthly AI budget ({1}) is used.', Math.round(share * 100), money(budget.monthly, budget.currency)) };
  return { status: 'ok' };
}

/** Estimated output when a provider sets no limit: enough for a review or a test file. */
const DEFAULT_OUTPUT_TOKENS = 1024;

/**
 * The budget check of a call, before it is made (the pipeline's `budget` port, for the editor and
 * the CLI alike): the prompt's estimated tokens and the provider's output limit,
 * priced, added to what this month's records say was spent.
 */
function checkCallBudget(options: {
  table: PriceTable;
  budget: Budget;
  model: string;
  promptText: string;
  outputLimit: number | undefined;
  records: readonly CallLike[];
  now: Date;
}): BudgetCheck {
  const estimate = costOf(options.table, options.model, { inputTokens: estimateTokens(options.promptText), outputTokens: options.outputLimit ?? DEFAULT_OUTPUT_TOKENS, estimated: true }).amount;
  return checkBudget(options.budget, spentThisMonth(options.records, options.now), estimate, options.now);
}

/**
 * The pipeline's `budget` port, built once by each caller from what it knows: the prices and
 * budgets in force, the provider's output limit, and how to read this month's records.
 */
export function callBudgetPort(options: { table: PriceTable; budget: Budget; outputLimit: number | undefined; records: () => Promise<readonly CallLike[]> }) {
  return async (prompt: { system: string; user: string }, choice: { model: string }): Promise<BudgetCheck> =>
    checkCallBudget({
      table: options.table,
      budget: options.budget,
      model: choice.model,
      promptText: `${prompt.system}${prompt.user}`,
      outputLimit: options.outputLimit,
      // The month's spending matters only against a monthly budget: without one, the log is not read.
      records: options.budget.monthly === undefined ? [] : await options.records(),
      now: new Date(),
    });
}
