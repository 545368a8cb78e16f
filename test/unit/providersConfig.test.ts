import { strict as assert } from 'node:assert';
import { isLocal, parseProviderConfigs, type ProviderKind, ProviderConfigSchema, resolveApiKey, secretKeyFor, withheldKeyVariable } from '../../src/core/providers';
import { safeDetail } from '../../src/core/providers/errors';
import { retryAfterMs, retryDelayMs } from '../../src/core/providers/retry';
import { MemorySecretStore } from '../support/secrets';

describe('providers: configuration', () => {
  it('accepts each kind with what it needs, and adds nothing it was not given', () => {
    const openai = ProviderConfigSchema.parse({ id: 'openai', kind: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(openai, { id: 'openai', kind: 'openai', model: 'gpt-4o-mini' });
    const azure = ProviderConfigSchema.parse({
      id: 'client-a.azure',
      kind: 'azure-openai',
      baseUrl: 'https://client-a.openai.azure.com',
      deployment: 'gpt4o-review',
      apiVersion: '2024-10-21',
      tags: ['eu-hosted', 'client-tenant'],
      timeoutMs: 30_000,
      maxRetries: 0,
      label: 'Client A (Azure, EU)',
    });
    assert.equal(azure.deployment, 'gpt4o-review');
    assert.ok(ProviderConfigSchema.safeParse({ id: 'ollama', kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2', tags: ['local'] }).success);
    assert.ok(ProviderConfigSchema.safeParse({ id: 'claude', kind: 'anthropic', model: 'claude-sonnet-4-5', maxOutputTokens: 4096 }).success);
  });

  it('runsLocally says a model needs no key; the older self-declared tag local is still read, and no other tag counts', () => {
    const remote = { id: 'team-llm', kind: 'openai-compatible', baseUrl: 'https://llm.example.com/v1', model: 'm' } as const;
    assert.equal(isLocal(ProviderConfigSchema.parse({ ...remote, runsLocally: true })), true);
    assert.equal(isLocal(ProviderConfigSchema.parse({ ...remote, tags: ['local'] })), true, 'a setting written before runsLocally keeps working');
    assert.equal(isLocal(ProviderConfigSchema.parse({ ...remote, runsLocally: false, tags: ['local'] })), false, 'runsLocally, when written, decides');
    assert.equal(isLocal(ProviderConfigSchema.parse({ ...remote, tags: ['eu-hosted', 'no-training'] })), false);
    assert.equal(isLocal(ProviderConfigSchema.parse(remote)), false);
    assert.equal(isLocal(ProviderConfigSchema.parse({ ...remote, baseUrl: 'http://127.0.0.1:11434/v1' })), true, 'a loopback address is local without saying so');
    assert.equal(ProviderConfigSchema.safeParse({ ...remote, runsLocally: 'yes' }).success, false);
  });

  it('says what is missing or wrong, entry by entry, and keeps the valid entries', () => {
    const { providers, problems } = parseProviderConfigs([
      { id: 'azure', kind: 'azure-openai', model: 'gpt-4o' },
      { id: 'Mistral AI', kind: 'openai-compatible', model: 'mistral-small-latest' },
      { id: 'ok', kind: 'openai', model: 'gpt-4o-mini' },
      { id: 'bad-url', kind: 'openai-compatible', baseUrl: 'file:///etc/passwd', model: 'x' },
      { id: 'slow', kind: 'openai', model: 'gpt-4o', timeoutMs: 0, kind2: 'ignored' },
      { id: 'ok', kind: 'anthropic', model: 'claude-sonnet-4-5' },
      { kind: 'palm', model: 'x' },
    ]);
    assert.deepEqual(
      providers.map((provider) => provider.id),
      ['ok'],
    );
    assert.deepEqual(
      problems.map(({ index, path, message }) => `${index} ${path}: ${message}`),
      [
        "0 baseUrl: The property 'baseUrl' is required for a provider of kind 'azure-openai'.",
        "0 deployment: The property 'deployment' is required for a provider of kind 'azure-openai'.",
        "0 apiVersion: The property 'apiVersion' is required for a provider of kind 'azure-openai'.",
        '1 id: A provider id is made of lowercase letters, digits, ., - and _.',
        "1 baseUrl: The property 'baseUrl' is required for a provider of kind 'openai-compatible'.",
        '3 baseUrl: Expected an http:// or https:// address.',
        '4 timeoutMs: Expected a whole number from 1 to 600000.',
        "5 id: A provider with the id 'ok' is already configured; this one is ignored.",
        "6 id: The property 'id' is required here.",
        '6 kind: Expected one of: openai, azure-openai, openai-compatible, anthropic, bedrock, vertex-ai, gemini, vscode-lm.',
      ],
    );
  });

  it('reports a value that is not a list', () => {
    assert.deepEqual(
      parseProviderConfigs({ openai: {} }).problems.map((problem) => problem.message),
      ['Expected a list of providers.'],
    );
    assert.deepEqual(parseProviderConfigs(undefined), { providers: [], problems: [] });
  });
});

describe('providers: API keys', () => {
  const openai = { id: 'openai', kind: 'openai' as const };

  it('takes the stored key first, under aiGuard.apiKey.<id>', async () => {
    const secrets = new MemorySecretStore({ [secretKeyFor('openai')]: 'sk-stored' });
    assert.equal(secretKeyFor('openai'), 'aiGuard.apiKey.openai');
    assert.equal(await resolveApiKey(openai, { secrets, env: { OPENAI_API_KEY: 'sk-env' } }), 'sk-stored');
  });

  it("then the kind's variable, then AI_GUARD_API_KEY", async () => {
    const env = { OPENAI_API_KEY: 'sk-openai', AZURE_OPENAI_API_KEY: 'azure-key', ANTHROPIC_API_KEY: 'sk-ant', AI_GUARD_API_KEY: 'generic' };
    assert.equal(await resolveApiKey(openai, { env }), 'sk-openai');
    // An OpenAI-compatible service is another company's: it never gets the OpenAI key.
    assert.equal(await resolveApiKey({ id: 'mistral', kind: 'openai-compatible' }, { env }), 'generic');
    assert.equal(await resolveApiKey({ id: 'mistral', kind: 'openai-compatible' }, { env: { OPENAI_API_KEY: 'sk-openai' } }), undefined);
    assert.equal(await resolveApiKey({ id: 'az', kind: 'azure-openai', baseUrl: 'https://etech.openai.azure.com' }, { env }), 'azure-key');
    assert.equal(await resolveApiKey({ id: 'claude', kind: 'anthropic' }, { env }), 'sk-ant');
    assert.equal(await resolveApiKey({ id: 'claude', kind: 'anthropic' }, { env: { AI_GUARD_API_KEY: 'generic' } }), 'generic');
  });

  it("tells an OpenAI-compatible provider's missing key by the one variable it reads", async () => {
    const { createProvider, ProviderConfigSchema } = await import('../../src/core/providers');
    const mistral = ProviderConfigSchema.parse({ id: 'mistral', kind: 'openai-compatible', baseUrl: 'https://api.mistral.example/v1', model: 'mistral-large' });
    await assert.rejects(
      createProvider(mistral, { apiKey: undefined }),
      (error: Error) => /or the AI_GUARD_API_KEY environment variable\.$/.test(error.message) && !error.message.includes('OPENAI_API_KEY'),
    );
  });

  it("sends a vendor's key only to that vendor's endpoints, or to one the policy names for the provider", async () => {
    const env = { OPENAI_API_KEY: 'sk-openai', AZURE_OPENAI_API_KEY: 'azure-key', ANTHROPIC_API_KEY: 'sk-ant' };
    const cases: Array<[ProviderKind, string | undefined, string | undefined]> = [
      ['openai', undefined, 'sk-openai'],
      ['openai', 'https://api.openai.com/v1', 'sk-openai'],
      ['openai', 'http://127.0.0.1:4010/v1', undefined],
      ['openai', 'https://api.openai.com.attacker.example/v1', undefined],
      ['openai', 'http://api.openai.com/v1', undefined],
      ['anthropic', undefined, 'sk-ant'],
      ['anthropic', 'https://gateway.example', undefined],
      ['azure-openai', 'https://etech.openai.azure.com', 'azure-key'],
      ['azure-openai', 'https://etech.cognitiveservices.azure.com', 'azure-key'],
      ['azure-openai', 'https://etech.services.ai.azure.com', 'azure-key'],
      ['azure-openai', 'https://openai.azure.com.attacker.example', undefined],
    ];
    for (const [kind, baseUrl, expected] of cases) {
      const config = { id: 'p', kind, ...(baseUrl === undefined ? {} : { baseUrl }) };
      assert.equal(await resolveApiKey(config, { env }), expected, `${kind} at ${baseUrl ?? 'its default'}`);
      assert.equal(withheldKeyVariable(config, false) === undefined, expected !== undefined);
    }
    // An endpoint the policy names for this provider may get its vendor's key.
    assert.equal(await resolveApiKey({ id: 'gw', kind: 'openai', baseUrl: 'https://llm.etech.example/v1' }, { env }, true), 'sk-openai');
    // Elsewhere, only the key stored for this id, or AI_GUARD_API_KEY.
    const stored = new MemorySecretStore({ [secretKeyFor('gw')]: 'sk-for-gw' });
    assert.equal(await resolveApiKey({ id: 'gw', kind: 'openai', baseUrl: 'https://llm.etech.example/v1' }, { secrets: stored, env }), 'sk-for-gw');
    assert.equal(await resolveApiKey({ id: 'gw', kind: 'openai', baseUrl: 'https://llm.etech.example/v1' }, { env: { ...env, AI_GUARD_API_KEY: 'generic' } }), 'generic');
  });

  it('says clearly when the vendor key was withheld from an address and no other key is there', async () => {
    const { createProvider, keyConnection, ProviderConfigSchema } = await import('../../src/core/providers');
    const elsewhere = ProviderConfigSchema.parse({ id: 'cli', kind: 'openai', baseUrl: 'http://127.0.0.1:4010/v1', model: 'gpt-4o' });
    const connection = await keyConnection(elsewhere, { env: { OPENAI_API_KEY: 'sk-openai-secret' } }, false);
    assert.deepEqual(connection, { apiKey: undefined, keyWithheld: 'OPENAI_API_KEY' });
    await assert.rejects(
      createProvider(elsewhere, connection),
      (error: Error) =>
        /No API key is set for provider 'cli'\. OPENAI_API_KEY is not sent to http:\/\/127\.0\.0\.1:4010\/v1: it goes only to its vendor's endpoints/.test(error.message) &&
        /AI_GUARD_API_KEY/.test(error.message) &&
        !error.message.includes('sk-openai-secret'),
    );
  });

  it('treats blank values as no key and trims pasted ones', async () => {
    const secrets = new MemorySecretStore({ [secretKeyFor('openai')]: '   ' });
    assert.equal(await resolveApiKey(openai, { secrets, env: { OPENAI_API_KEY: '', AI_GUARD_API_KEY: ' sk-pasted\n' } }), 'sk-pasted');
    assert.equal(await resolveApiKey(openai, { env: {} }), undefined);
  });

  it('falls back to the environment when the keychain cannot be read, and reports the keychain otherwise', async () => {
    const secrets = new MemorySecretStore();
    secrets.failing = true;
    assert.equal(await resolveApiKey(openai, { secrets, env: { OPENAI_API_KEY: 'sk-env' } }), 'sk-env');
    await assert.rejects(resolveApiKey(openai, { secrets, env: {} }), /Cannot access the keyring/);
  });
});

describe('providers: retry timing and safe details', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

  it('reads retry-after-ms, retry-after in seconds and as an HTTP date', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfterMs(headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '0.5' })), 500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(headers({})), undefined);
  });

  it('backs off exponentially up to 8 s, with up to 25 % jitter, unless the provider said how long', () => {
    const noJitter = () => 0;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(retry, undefined, noJitter)),
      [500, 1000, 2000, 4000, 8000, 8000],
    );
    assert.equal(
      retryDelayMs(1, undefined, () => 1),
      375,
    );
    assert.equal(retryDelayMs(3, 1200, noJitter), 1200);
  });

  it('keeps a provider explanation short, without the key, and drops it when it quotes the prompt', () => {
    const prompt = ['Explain the retry logic of the billing worker in src/billing/worker.ts'];
    assert.equal(safeDetail('Bad key sk-123456 for\n this   project', { apiKey: 'sk-123456', prompt }), 'Bad key *** for this project.');
    assert.equal(safeDetail('invalid input: "Explain the retry logic of the billing worker"', { apiKey: undefined, prompt }), undefined);
    assert.equal(safeDetail(`${'x'.repeat(400)}`, { apiKey: undefined, prompt })?.length, 300);
    assert.equal(safeDetail(42, { apiKey: undefined, prompt }), undefined);
    assert.equal(safeDetail('quotes "Short one" here', { apiKey: undefined, prompt: ['Short one'] }), undefined);
  });
});

describe('local models need no key', () => {
  it('treats a loopback address as local, tag or not, and anything else as needing a key', async () => {
    const { needsApiKey, ProviderConfigSchema } = await import('../../src/core/providers');
    const at = (baseUrl: string) => ProviderConfigSchema.parse({ id: 'm', kind: 'openai-compatible', baseUrl, model: 'x' });
    assert.equal(needsApiKey(at('http://127.0.0.1:11434/v1')), false, 'Ollama');
    assert.equal(needsApiKey(at('http://localhost:1234/v1')), false, 'LM Studio');
    assert.equal(needsApiKey(at('http://[::1]:11434/v1')), false);
    assert.equal(needsApiKey(at('https://127.0.0.1.example.com/v1')), true, 'a host that only starts like a loopback address');
    assert.equal(needsApiKey(at('https://api.mistral.ai/v1')), true);
  });
});
