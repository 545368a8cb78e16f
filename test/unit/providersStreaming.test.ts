import { strict as assert } from 'node:assert';
import { createProvider, ProviderConfigSchema } from '../../src/core/providers';
import { DEFAULT_CHUNKS, DEFAULT_USAGE, FakeAiServer } from '../support/fakeAiServer';
import { configFor, PROTOCOLS, providerFor, TEST_KEY } from '../support/providers';

/** The real SDKs against the local server: what is sent, and what comes back. */
describe('providers: streaming with the real SDKs', () => {
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  for (const protocol of PROTOCOLS) {
    describe(protocol, () => {
      it('streams the answer in pieces, concatenates them and reports the usage', async () => {
        const provider = await providerFor(protocol, server);
        const pieces: string[] = [];
        const result = await provider.stream({ messages: [{ role: 'user', content: 'Review this.' }] }, { onText: (piece) => pieces.push(piece) });
        assert.deepEqual(pieces, DEFAULT_CHUNKS);
        assert.equal(result.text, DEFAULT_CHUNKS.join(''));
        assert.deepEqual(result.usage, { ...DEFAULT_USAGE, estimated: false });
        assert.equal(result.finishReason, protocol === 'anthropic' ? 'end_turn' : 'stop');
        assert.equal(server.requests.length, 1);
        assert.equal(server.requests[0]?.stream, true);
      });

      it('hands each piece over as it arrives, not at the end', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ chunks: ['one ', 'two ', 'three'], chunkDelayMs: 120 });
        const arrivals: number[] = [];
        const started = Date.now();
        await provider.stream({ messages: [{ role: 'user', content: 'Count.' }] }, { onText: () => arrivals.push(Date.now() - started) });
        assert.equal(arrivals.length, 3);
        assert.ok((arrivals[2] ?? 0) - (arrivals[0] ?? 0) >= 200, `pieces arrived at ${arrivals.join(', ')} ms`);
      });

      it('estimates the usage (about 4 characters a token) when the provider reports none', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ text: 'An answer of forty characters, exactly!!', usage: 'omit' });
        const result = await provider.stream({ system: 'Be brief.', messages: [{ role: 'user', content: 'A question of 28 characters.' }] });
        assert.equal(result.text.length, 40);
        // The prompt is the system text and the message joined by a line break: 9 + 1 + 28 characters.
        assert.deepEqual(result.usage, { inputTokens: 10, outputTokens: 10, estimated: true });
      });

      it('reports the model that answered', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ model: 'served-model-2025-01-01' });
        const result = await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] });
        assert.equal(result.model, 'served-model-2025-01-01');
      });
    });
  }

  it('OpenAI: sends the system prompt first, the messages, the output limit and asks for usage in the stream', async () => {
    const provider = await providerFor('openai', server, { maxOutputTokens: 500 });
    await provider.stream({
      system: 'You review code.',
      messages: [
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'Answer' },
        { role: 'user', content: 'Second' },
      ],
      temperature: 0.2,
    });
    const request = server.requests[0];
    assert.equal(request?.path, '/v1/chat/completions');
    assert.equal(request?.keyHeader, 'authorization');
    assert.equal(request?.keyAccepted, true);
    assert.equal(request?.headers.authorization, undefined, 'the key is not recorded');
    assert.deepEqual(request?.body, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You review code.' },
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'Answer' },
        { role: 'user', content: 'Second' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_completion_tokens: 500,
    });
  });

  it('OpenAI-compatible: calls the configured address with max_tokens, which such servers know', async () => {
    const provider = await providerFor('openai', server, { id: 'mistral', kind: 'openai-compatible', model: 'mistral-small-latest', maxOutputTokens: 300 });
    await provider.stream({ messages: [{ role: 'user', content: 'Bonjour' }], maxOutputTokens: 100 });
    const body = server.requests[0]?.body as Record<string, unknown>;
    assert.equal(body.model, 'mistral-small-latest');
    assert.equal(body.max_tokens, 100, 'the request overrides the configured limit');
    assert.equal(body.max_completion_tokens, undefined);
  });

  it('Azure OpenAI: deployment in the path, api-version in the query, the key in the api-key header', async () => {
    const provider = await providerFor('azure', server);
    assert.equal(provider.model, 'review-gpt4o');
    await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] });
    const request = server.requests[0];
    assert.equal(request?.path, '/openai/deployments/review-gpt4o/chat/completions');
    assert.deepEqual(request?.query, { 'api-version': '2024-10-21' });
    assert.equal(request?.keyHeader, 'api-key');
    assert.equal(request?.keyAccepted, true);
    assert.equal(request?.headers.authorization, undefined);
  });

  it('Anthropic: the system prompt apart, a required output limit, the anthropic-version header', async () => {
    const provider = await providerFor('anthropic', server);
    await provider.stream({ system: 'You review code.', messages: [{ role: 'user', content: 'Hi' }] });
    const request = server.requests[0];
    assert.equal(request?.path, '/v1/messages');
    assert.match(request?.headers['anthropic-version'] ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(request?.hadKey, true);
    assert.equal(request?.keyAccepted, true);
    assert.deepEqual(request?.body, {
      model: 'claude-test-1',
      max_tokens: 8192,
      messages: [{ role: 'user', content: 'Hi' }],
      system: 'You review code.',
      stream: true,
    });
  });

  it('a local provider (tag local) runs without a key and sends no authorization header', async () => {
    server.apiKey = undefined;
    const config = ProviderConfigSchema.parse({ id: 'ollama', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.2', tags: ['local', 'no-training'] });
    const provider = await createProvider(config, { apiKey: undefined });
    const result = await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(result.text, DEFAULT_CHUNKS.join(''));
    assert.equal(server.requests[0]?.hadKey, false);
  });

  it('uses the fetch it is given (a proxy-aware one, in the editor)', async () => {
    const seen: string[] = [];
    const config = configFor('openai', server);
    const provider = await createProvider(config, {
      apiKey: TEST_KEY,
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(seen, [`${server.openaiBaseUrl}/chat/completions`]);
  });
});
