// Cost and quotas: prices per model, budgets, and this month's usage from the audit trail.
export { costOf, priceOf, DEFAULT_PRICE_TABLE, DEFAULT_PRICES, DEFAULT_CURRENCY, type Cost, type Price, type PriceTable } from './prices';
export { checkBudget, checkReservation, DEFAULT_OUTPUT_CAP, outputCapOf, reservationOf, DEFAULT_BUDGET, DEFAULT_WARN_AT, resetDate, type Budget, type BudgetCheck } from './budget';
export { monthlyTotals, summariseUsage, spentThisMonth, type MonthTotals, type UsageSummary, type UsageTotals } from './usage';
export { describeCost } from './describe';
