/**
 * Prices per million tokens, input and output. The defaults are list prices of common models
 * (late 2026, in euros, rounded); a policy's `cost.prices` overrides them per model and sets the
 * currency. A model is matched by its longest listed prefix (`gpt-4o-mini-2024-07-18` →
 * `gpt-4o-mini`); a model no entry matches has no price, and its calls say so rather than cost 0.
 */
export interface Price {
  input: number;
  output: number;
}

export const DEFAULT_CURRENCY = 'EUR';

export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o-mini': { input: 0.14, output: 0.55 },
  'gpt-4o': { input: 2.3, output: 9.2 },
  'gpt-4.1-mini': { input: 0.37, output: 1.47 },
  'gpt-4.1': { input: 1.84, output: 7.36 },
  'o4-mini': { input: 1.01, output: 4.05 },
  'claude-3-5-haiku': { input: 0.74, output: 3.68 },
  'claude-haiku-4': { input: 0.92, output: 4.6 },
  'claude-sonnet-4': { input: 2.76, output: 13.8 },
  'claude-opus-4': { input: 13.8, output: 69 },
  'mistral-small': { input: 0.09, output: 0.28 },
  'mistral-medium': { input: 0.37, output: 1.84 },
  'mistral-large': { input: 1.84, output: 5.52 },
  codestral: { input: 0.28, output: 0.83 },
  'gemini-2.5-flash-lite': { input: 0.09, output: 0.37 },
  'gemini-2.5-flash': { input: 0.28, output: 2.3 },
  'gemini-2.5-pro': { input: 1.15, output: 9.2 },
  // Amazon Bedrock's model ids, on-demand (a cross-region profile's `eu.`, `us.`, `apac.` or
  // `global.` in front is ignored: see `priceOf`). Claude costs what it costs at Anthropic.
  'anthropic.claude-3-5-haiku': { input: 0.74, output: 3.68 },
  'anthropic.claude-haiku-4': { input: 0.92, output: 4.6 },
  'anthropic.claude-sonnet-4': { input: 2.76, output: 13.8 },
  'anthropic.claude-opus-4': { input: 13.8, output: 69 },
  'amazon.nova-micro': { input: 0.03, output: 0.13 },
  'amazon.nova-lite': { input: 0.06, output: 0.22 },
  'amazon.nova-pro': { input: 0.74, output: 2.94 },
  'amazon.nova-premier': { input: 2.3, output: 11.5 },
  'mistral.mistral-large': { input: 1.84, output: 5.52 },
  'mistral.pixtral-large': { input: 1.84, output: 5.52 },
  'mistral.mistral-small': { input: 0.09, output: 0.28 },
  'meta.llama3-3-70b': { input: 0.66, output: 0.66 },
  'meta.llama4-maverick': { input: 0.22, output: 0.89 },
  'meta.llama4-scout': { input: 0.16, output: 0.61 },
};

/** A Bedrock cross-region inference profile's prefix (`eu.anthropic.claude-sonnet-4…`): the model's price is the same, or close enough for a budget. */
const INFERENCE_PROFILE_PREFIX = /^(?:us|eu|apac|global|us-gov|jp|au|ca)\./;

export interface PriceTable {
  currency: string;
  prices: Readonly<Record<string, Price>>;
}

export const DEFAULT_PRICE_TABLE: PriceTable = { currency: DEFAULT_CURRENCY, prices: DEFAULT_PRICES };

/** The price of `model` (longest matching prefix, case-insensitive, a Bedrock profile's region prefix aside), or undefined. */
export function priceOf(table: PriceTable, model: string): Price | undefined {
  return longestPrefixPrice(table, model.toLowerCase()) ?? longestPrefixPrice(table, model.toLowerCase().replace(INFERENCE_PROFILE_PREFIX, ''));
}

function longestPrefixPrice(table: PriceTable, name: string): Price | undefined {
  let best: { prefix: string; price: Price } | undefined;
  for (const [prefix, price] of Object.entries(table.prices)) {
    const key = prefix.toLowerCase();
    if (name.startsWith(key) && (!best || key.length > best.prefix.length)) best = { prefix: key, price };
  }
  return best?.price;
}

export interface Cost {
  amount: number;
  currency: string;
  /** The usage was estimated (the provider reported none). */
  estimated: boolean;
  /** False when the model has no price: `amount` is then 0 and must not be read as free. */
  priced: boolean;
}

export function costOf(table: PriceTable, model: string, usage: { inputTokens: number; outputTokens: number; estimated: boolean }): Cost {
  const price = priceOf(table, model);
  if (!price) return { amount: 0, currency: table.currency, estimated: usage.estimated, priced: false };
  const amount = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return { amount: Math.round(amount * 1e6) / 1e6, currency: table.currency, estimated: usage.estimated, priced: true };
}
