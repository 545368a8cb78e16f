import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { checkBudget, costOf, DEFAULT_PRICE_TABLE, priceOf, resetDate, summariseUsage } from '../../src/core/cost';

describe('cost: prices', () => {
  it('matches a model by its longest listed prefix, and says when a model has no price', () => {
    assert.deepEqual(priceOf(DEFAULT_PRICE_TABLE, 'gpt-4o-mini-2024-07-18'), DEFAULT_PRICE_TABLE.prices['gpt-4o-mini']);
    assert.deepEqual(priceOf(DEFAULT_PRICE_TABLE, 'GPT-4o'), DEFAULT_PRICE_TABLE.prices['gpt-4o']);
    const unknown = costOf(DEFAULT_PRICE_TABLE, 'llama3.1:8b', { inputTokens: 1000, outputTokens: 1000, estimated: false });
    assert.deepEqual(unknown, { amount: 0, currency: 'EUR', estimated: false, priced: false });
  });

  it('computes input and output per million tokens, and keeps the estimate flag', () => {
    const table = { currency: 'EUR', prices: { m: { input: 2, output: 10 } } };
    assert.deepEqual(costOf(table, 'm', { inputTokens: 1_500_000, outputTokens: 250_000, estimated: true }), { amount: 5.5, currency: 'EUR', estimated: true, priced: true });
    assert.equal(costOf(table, 'm', { inputTokens: 1, outputTokens: 1, estimated: false }).amount, 0.000012);
  });
});

describe('cost: budgets', () => {
  const now = new Date(Date.UTC(2026, 10, 24, 10));
  const budget = { monthly: 100, perCall: 5, warnAt: 0.8, currency: 'EUR' };

  it('warns from the threshold, blocks at 100 % with the date it resets, and blocks a call over the per-call maximum', () => {
    assert.deepEqual(checkBudget(budget, 10, 1, now), { status: 'ok' });
    const warn = checkBudget(budget, 79, 1, now);
    assert.equal(warn.status, 'warn');
    const block = checkBudget(budget, 99.5, 1, now);
    assert.equal(block.status, 'block');
    assert.equal(block.status === 'block' && block.resetsOn, '2026-12-01');
    assert.match(block.status === 'block' ? block.message : '', /resets on 2026-12-01/);
    const big = checkBudget(budget, 0, 6, now);
    assert.equal(big.status, 'block');
    assert.match(big.status === 'block' ? big.message : '', /more than the 5\.00 EUR a call may cost/);
    assert.equal(resetDate(new Date(Date.UTC(2026, 11, 31))), '2027-01-01');
  });

  it('takes the lowest budget and the highest price of every policy in force: a workspace cannot raise the organisation cap', () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    store.setOrganisationPolicy({
      file: '/org/policy.json',
      text: JSON.stringify({ version: 1, cost: { currency: 'EUR', budgets: { monthlyPerUser: 50, warnAt: 0.9 }, prices: { 'gpt-4o': { input: 3, output: 12 } } } }),
    });
    store.update('/w/.aiguard/policy.json', JSON.stringify({ version: 1, cost: { currency: 'USD', budgets: { monthlyPerUser: 500, perCall: 2 }, prices: { 'gpt-4o': { input: 1, output: 1 } } } }));
    const { table, budget: inForce } = store.at('/w/src/a.ts').costTables();
    assert.equal(inForce.monthly, 50, 'the organisation cap stands');
    assert.equal(inForce.perCall, 2, 'a workspace may add a stricter limit');
    assert.equal(inForce.warnAt, 0.9);
    assert.equal(table.currency, 'EUR', 'the outermost currency');
    assert.deepEqual(table.prices['gpt-4o'], { input: 3, output: 12 }, 'a workspace cannot lower a price to stretch the budget');
  });
});

describe('cost: usage summary', () => {
  it("sums this month's answered calls by provider, template and profile, and counts blocked ones", () => {
    const call = (time: string, outcome: string, provider: string, template: string, amount: number) => ({
      type: 'call',
      time,
      outcome,
      provider: { id: provider },
      template: { id: template, profile: 'dev' },
      tokens: { input: 100, output: 50 },
      cost: { amount, currency: 'EUR' },
    });
    const summary = summariseUsage(
      [
        { type: 'start', time: '2026-11-01T00:00:00Z' },
        call('2026-11-02T10:00:00Z', 'ok', 'azure-eu', 'code-review', 0.25),
        call('2026-11-03T10:00:00Z', 'ok', 'ollama', 'code-review', 0),
        call('2026-11-04T10:00:00Z', 'blocked', 'azure-eu', 'code-review', 0),
        call('2026-10-30T10:00:00Z', 'ok', 'azure-eu', 'document', 9),
      ],
      new Date(Date.UTC(2026, 10, 24)),
    );
    assert.deepEqual(summary.total, { calls: 2, inputTokens: 200, outputTokens: 100, cost: 0.25 });
    assert.equal(summary.blocked, 1);
    assert.deepEqual(Object.keys(summary.byProvider).sort(), ['azure-eu', 'ollama']);
    assert.equal(summary.byTemplate['code-review']?.calls, 2);
    assert.equal(summary.byTemplate.document, undefined, 'last month does not count');
    assert.equal(summary.byProfile.dev?.cost, 0.25);
    assert.deepEqual([summary.cached, summary.savedCost], [0, 0]);
  });

  it('counts calls answered from the response cache apart, with what they saved, and spends nothing on them', () => {
    const summary = summariseUsage(
      [
        { type: 'call', time: '2026-11-02T10:00:00Z', outcome: 'ok', provider: { id: 'azure-eu' }, template: { id: 'code-review' }, cost: { amount: 0.4, currency: 'EUR' } },
        {
          type: 'call',
          time: '2026-11-02T10:01:00Z',
          outcome: 'ok',
          provider: { id: 'azure-eu' },
          template: { id: 'code-review' },
          cost: { amount: 0, currency: 'EUR' },
          cached: true,
          savedCost: { amount: 0.4 },
        },
      ],
      new Date(Date.UTC(2026, 10, 24)),
    );
    assert.equal(summary.total.calls, 2);
    assert.equal(summary.total.cost, 0.4, 'the cached call cost nothing');
    assert.deepEqual([summary.cached, summary.savedCost], [1, 0.4]);
  });
});

describe('cost: the cloud models are priced', () => {
  it('prices Bedrock ids, with or without a cross-region profile prefix, and Gemini 2.5 Pro, Flash and Flash-Lite apart', () => {
    const [price, table] = [priceOf, DEFAULT_PRICE_TABLE];
    assert.deepEqual(price(table, 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0'), price(table, 'claude-sonnet-4-5'));
    assert.deepEqual(price(table, 'anthropic.claude-haiku-4-5-20251001-v1:0'), { input: 0.92, output: 4.6 });
    assert.deepEqual(price(table, 'amazon.nova-lite-v1:0'), { input: 0.06, output: 0.22 });
    assert.deepEqual(price(table, 'us.meta.llama4-maverick-17b-instruct-v1:0'), { input: 0.22, output: 0.89 });
    assert.deepEqual(price(table, 'mistral.mistral-large-2407-v1:0'), { input: 1.84, output: 5.52 });
    assert.deepEqual(price(table, 'gemini-2.5-flash-lite'), { input: 0.09, output: 0.37 });
    assert.deepEqual(price(table, 'gemini-2.5-flash-001'), { input: 0.28, output: 2.3 });
    assert.deepEqual(price(table, 'gemini-2.5-pro'), { input: 1.15, output: 9.2 });
    assert.equal(price(table, 'eu.unknown.model-v1'), undefined, 'a profile prefix does not make an unknown model priced');
  });
});

describe('cost: preferred models, per template or profile', () => {
  const template = { id: 'write-commit-message', profile: 'dev' };

  it("names a template's model first, then its profile's, only for the provider named, the outermost policy first", () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    store.setOrganisationPolicy({
      file: '/org/policy.json',
      text: JSON.stringify({
        version: 1,
        cost: { preferredModels: { templates: { 'write-commit-message': { 'aws-eu': 'eu.amazon.nova-lite-v1:0' } }, profiles: { dev: { openai: 'gpt-4o-mini' } } } },
      }),
    });
    store.update(
      '/w/.aiguard/policy.json',
      JSON.stringify({ version: 1, cost: { preferredModels: { templates: { 'write-commit-message': { 'aws-eu': 'eu.amazon.nova-pro-v1:0', mistral: 'mistral-small-latest' } } } } }),
    );
    assert.equal(store.at('/w/src/a.ts').preferredModel(template, 'aws-eu'), 'eu.amazon.nova-lite-v1:0', 'the outermost policy wins');
    assert.equal(store.at('/w/src/a.ts').preferredModel(template, 'mistral'), 'mistral-small-latest', 'an inner policy names one where the outer names none');
    assert.equal(store.at('/w/src/a.ts').preferredModel(template, 'openai'), 'gpt-4o-mini', "the profile's, when the template names none for that provider");
    assert.equal(store.at('/w/src/a.ts').preferredModel({ id: 'review-security', profile: 'archi' }, 'openai'), undefined);
  });

  it('refuses an unknown key inside preferredModels, and a model that is not a name', () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    store.update('/w/.aiguard/policy.json', JSON.stringify({ version: 1, cost: { preferredModels: { template: { 'write-commit-message': { openai: 'gpt-4o-mini' } } } } }));
    assert.ok(
      [...store.problems().values()].flat().some((problem) => problem.severity === 'error'),
      JSON.stringify([...store.problems().values()]),
    );
    assert.equal(store.at('/w/src/a.ts').preferredModel(template, 'openai'), undefined, 'a policy in error is not used in part');
    const blank = new PolicyStore();
    blank.setRoots(['/w']);
    blank.update('/w/.aiguard/policy.json', JSON.stringify({ version: 1, cost: { preferredModels: { templates: { 'write-commit-message': { openai: ' ' } } } } }));
    assert.ok([...blank.problems().values()].flat().some((problem) => problem.severity === 'error'));
  });
});
