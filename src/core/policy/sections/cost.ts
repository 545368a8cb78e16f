import * as z from 'zod/mini';
import { type Budget, DEFAULT_WARN_AT } from '../../cost/budget';
import { DEFAULT_CURRENCY, DEFAULT_PRICES, type PriceTable } from '../../cost/prices';
import { ProviderId } from '../idSchemas';
import type { PolicySection } from './section';

const Amount = () => z.number().check(z.gte(0));

/** A model name as its provider spells it (`gpt-4o-mini`, `eu.amazon.nova-lite-v1:0`, `gemini-2.5-flash-lite`). */
const ModelName = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** Per provider id of the catalogue, the model a template or profile prefers there. */
const ModelByProvider = () => z.record(ProviderId, ModelName).check(z.describe('Provider id → the model to call on that provider. The provider must still be one the level of every source allows.'));

const PreferredModelsSchema = z.strictObject({
  templates: z.optional(
    z
      .record(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), ModelByProvider())
      .check(z.describe('Template id → provider id → model, e.g. { "write-commit-message": { "openai": "gpt-4o-mini" } }. A template\'s preference comes before its profile\'s.')),
  ),
  profiles: z.optional(
    z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), ModelByProvider()).check(z.describe('Template profile (dev, test, devops, archi, ops, project) → provider id → model.')),
  ),
});

export const CostSchema = z.strictObject({
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/), z.describe('The currency of prices and budgets (ISO 4217, e.g. EUR). The outermost policy that sets it fixes it.'))),
  prices: z.optional(
    z
      .record(z.string().check(z.minLength(1)), z.strictObject({ input: Amount(), output: Amount() }))
      .check(z.describe('Prices per million tokens by model (matched by its longest prefix), overriding the built-in table. Where several policies price a model, the highest price counts.')),
  ),
  preferredModels: z.optional(
    PreferredModelsSchema.check(
      z.describe(
        "Cheaper models where they suffice: per template or profile, the model to call on a provider instead of its configured one. The answer's footer and the audit record name the model that answered and its cost. Where several policies name one for the same provider, the outermost wins.",
      ),
    ),
  ),
  budgets: z.optional(
    z
      .strictObject({
        monthlyPerUser: z.optional(Amount().check(z.describe('The most one person may spend on AI calls in a calendar month.'))),
        perCall: z.optional(Amount().check(z.describe('The most one AI call may cost.'))),
        warnAt: z.optional(z.number().check(z.gte(0), z.lte(1), z.describe('The share of the monthly budget from which people are warned (default 0.8).'))),
      })
      .check(z.describe("Budgets. Where several policies set one, the lowest counts: a workspace cannot raise the organisation's.")),
  ),
});

export type CostPolicy = z.infer<typeof CostSchema>;

/** Prices and budgets combined: the outermost currency, the highest price per model, the lowest budgets. */
export interface CombinedCost {
  currency: string;
  prices: Record<string, { input: number; output: number }>;
  monthly?: number;
  perCall?: number;
  warnAt: number;
}

/**
 * `cost`: every policy's section, user settings included (they may only lower a budget or raise a
 * price), outermost first; combined the most restrictive way.
 */
export const costSection: PolicySection<CostPolicy, readonly CostPolicy[], CombinedCost> = {
  schema: CostSchema,
  builtIn: { currency: DEFAULT_CURRENCY },
  none: [],
  declare: (declared, cost) => (cost !== undefined ? [...declared, cost] : declared),
  combine: (costs) => {
    const currency = costs.find((cost) => cost.currency !== undefined)?.currency ?? DEFAULT_CURRENCY;
    const prices: Record<string, { input: number; output: number }> = {};
    for (const cost of costs) {
      for (const [model, price] of Object.entries(cost.prices ?? {})) {
        const known = prices[model];
        prices[model] = known ? { input: Math.max(known.input, price.input), output: Math.max(known.output, price.output) } : price;
      }
    }
    const lowest = (pick: (budgets: NonNullable<CostPolicy['budgets']>) => number | undefined) => {
      const values = costs.flatMap((cost) => (cost.budgets && pick(cost.budgets) !== undefined ? [pick(cost.budgets) as number] : []));
      return values.length > 0 ? Math.min(...values) : undefined;
    };
    const monthly = lowest((budgets) => budgets.monthlyPerUser);
    const perCall = lowest((budgets) => budgets.perCall);
    return { currency, prices, ...(monthly !== undefined ? { monthly } : {}), ...(perCall !== undefined ? { perCall } : {}), warnAt: lowest((budgets) => budgets.warnAt) ?? DEFAULT_WARN_AT };
  },
};

/** The combined cost as the pipeline uses it: the policies' prices over the built-in table, and the budget. */
export function costTablesOf(cost: CombinedCost): { table: PriceTable; budget: Budget } {
  return {
    table: { currency: cost.currency, prices: { ...DEFAULT_PRICES, ...cost.prices } },
    budget: { currency: cost.currency, warnAt: cost.warnAt, ...(cost.monthly !== undefined ? { monthly: cost.monthly } : {}), ...(cost.perCall !== undefined ? { perCall: cost.perCall } : {}) },
  };
}

/**
 * The model a template prefers on a provider (`cost.preferredModels`): the template's own
 * preference in the outermost policy that names one, else its profile's; undefined when none.
 */
export function preferredModelOf(costs: readonly CostPolicy[], template: { id: string; profile: string }, providerId: string): string | undefined {
  const named = (pick: (preferred: NonNullable<CostPolicy['preferredModels']>) => Record<string, Record<string, string>> | undefined, key: string) =>
    costs.map((cost) => (cost.preferredModels === undefined ? undefined : pick(cost.preferredModels)?.[key]?.[providerId])).find((model) => model !== undefined);
  return named((preferred) => preferred.templates, template.id) ?? named((preferred) => preferred.profiles, template.profile);
}
