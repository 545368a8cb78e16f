import * as l10n from '@vscode/l10n';
import { type Cost, costOf, DEFAULT_CURRENCY, type PriceTable } from './prices';
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

export type BudgetCheck = { status: 'ok' } | { status: 'warn'; message: string; share: number } | { status: 'block'; message: string; resetsOn?: string };

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
    return {
      status: 'block',
      message: l10n.t(
        'This call could cost about {0}, more than the {1} a call may cost. Select less text or use a cheaper model.',
        money(estimate, budget.currency),
        money(budget.perCall, budget.currency),
      ),
    };
  }
  if (budget.monthly === undefined) return { status: 'ok' };
  const after = spentThisMonth + estimate;
  if (spentThisMonth >= budget.monthly || after > budget.monthly) {
    const resetsOn = resetDate(now);
    return {
      status: 'block',
      message: l10n.t('The monthly AI budget ({0}) is used up ({1} spent). It resets on {2}.', money(budget.monthly, budget.currency), money(spentThisMonth, budget.currency), resetsOn),
      resetsOn,
    };
  }
  const share = after / budget.monthly;
  if (share >= budget.warnAt) return { status: 'warn', share, message: l10n.t('{0} % of the monthly AI budget ({1}) is used.', Math.round(share * 100), money(budget.monthly, budget.currency)) };
  return { status: 'ok' };
}

/**
 * The most output tokens a call may produce when its provider sets no `maxOutputTokens`: enough
 * for a review or a test file. The cap is sent to the provider with every call, so the cost
 * reserved for it is the most the call can cost.
 */
export const DEFAULT_OUTPUT_CAP = 4096;

/** The output cap of a call: the provider's `maxOutputTokens`, else the default. */
export function outputCapOf(maxOutputTokens: number | undefined): number {
  return maxOutputTokens ?? DEFAULT_OUTPUT_CAP;
}

/** What a call is reserved at: its prompt's estimated tokens and its whole output cap, priced. */
export function reservationOf(table: PriceTable, model: string, promptText: string, outputCap: number): Cost {
  return costOf(table, model, { inputTokens: estimateTokens(promptText), outputTokens: outputCap, estimated: true });
}

/**
 * The budget check of a call reserved at `reserved` (for the editor and the CLI alike), against
 * what this month's records say was spent (`records`, or their sum `spent` as the audit log keeps
 * it), in-flight and interrupted calls counted at their reservation. Under a budget, a model with no price is blocked rather than counted as free.
 */
export function checkReservation(options: { budget: Budget; model: string; reserved: Cost; now: Date } & ({ records: readonly CallLike[] } | { spent: number })): BudgetCheck {
  const { budget, reserved } = options;
  if (!reserved.priced && (budget.monthly !== undefined || budget.perCall !== undefined)) {
    return { status: 'block', message: l10n.t("The model '{0}' has no price, so its calls cannot be held to the AI budget: add a price for '{0}' under the policy's cost.prices.", options.model) };
  }
  if (budget.monthly === undefined) return checkBudget(budget, 0, reserved.amount, options.now);
  return checkBudget(budget, 'spent' in options ? options.spent : spentThisMonth(options.records, options.now), reserved.amount, options.now);
}
