// Cost and quotas: prices per model, budgets, and this month's usage from the audit trail.
export { costOf, priceOf, DEFAULT_PRICE_TABLE, DEFAULT_PRICES, DEFAULT_CURRENCY, type Cost, type Price, type PriceTable } from './prices';
export { callBudgetPort, checkBudget, DEFAULT_BUDGET, DEFAULT_WARN_AT, resetDate, type Budget, type BudgetCheck } from './budget';
export { summariseUsage, spentThisMonth, type UsageSummary, type UsageTotals } from './usage';
