import * as l10n from '@vscode/l10n';
import type { Cost } from './prices';

/**
 * What a call cost, for the footer under an answer: four decimals below a cent, so that the
 * cheaper models' calls do not all read as 0.00; said to be an estimate when the usage was, and
 * never a 0 for a model without a price.
 */
export function describeCost(cost: Cost): string {
  if (!cost.priced) return l10n.t('cost unknown (no price for this model)');
  const amount = cost.amount < 0.01 ? cost.amount.toFixed(4) : cost.amount.toFixed(2);
  return cost.estimated ? l10n.t('cost {0} {1} (estimated)', amount, cost.currency) : l10n.t('cost {0} {1}', amount, cost.currency);
}
