import { strict as assert } from 'node:assert';
import * as l10n from '@vscode/l10n';
import { describeError } from '../../src/core/errors';
import { useBundle } from '../../src/core/locale';
import { createProvider } from '../../src/core/providers';
import { FakeAiServer } from '../support/fakeAiServer';
import { readJson } from '../support/repo';
import { configFor, PROTOCOLS, providerErrorOf, providerFor, TEST_KEY } from '../support/providers';

const ask = { messages: [{ role: 'user' as const, content: 'Summarise the incident timeline of the payment outage last night.' }] };

describe('providers: retries, network and what messages may hold', function () {
  this.timeout(30_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  for (const protocol of PROTOCOLS) {
    describe(protocol, () => {
      it('a 429 with retry-after: 1, then success → 2 requests, at least a second apart', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ fault: 'rate-limited', retryAfter: '1' });
        const started = Date.now();
        const result = await provider.stream(ask);
        const elapsed = Date.now() - started;
        assert.equal(result.text, 'Hello from the fake server.');
        assert.equal(server.requests.length, 2);
        assert.ok(elapsed >= 950, `retried after ${elapsed} ms`);
        assert.ok(elapsed < 3_000, `retried after ${elapsed} ms`);
      });

      it('repeated 429s → gives up after maxRetries + 1 requests with rate-limited', async () => {
        const provider = await providerFor(protocol, server, { maxRetries: 2 });
        server.failNext({ fault: 'rate-limited', retryAfterMs: '30' }, 5);
        const error = await providerErrorOf(provider.stream(ask));
        assert.equal(error.code, 'rate-limited');
        assert.equal(error.attempts, 3);
        assert.equal(server.requests.length, 3);
        assert.match(error.message, /is still limiting requests \(429\) after 3 attempts\. Try again in 1 s\./);
      });

      it('a retry-after longer than a minute is not waited for: it fails at once and says when to retry', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ fault: 'rate-limited', retryAfter: '3600' });
        const started = Date.now();
        const error = await providerErrorOf(provider.stream(ask));
        // At once, not after the hour it was asked to wait (the margin is for a loaded machine).
        assert.ok(Date.now() - started < 10_000);
        assert.equal(error.code, 'rate-limited');
        assert.equal(error.retryAfterSeconds, 3600);
        assert.match(error.message, /^Provider '.+' is limiting requests \(429\)\. Try again in 3600 s\.$/);
        assert.equal(server.requests.length, 1);
      });

      it('a 500 then success → retried after a backoff', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ fault: 'server-error', status: 500 });
        const started = Date.now();
        const result = await provider.stream(ask);
        // The first backoff is 500 ms less up to 25 % of jitter.
        assert.ok(Date.now() - started >= 370);
        assert.equal(result.text, 'Hello from the fake server.');
        assert.equal(server.requests.length, 2);
      });

      it('cancelling while waiting to retry stops at once', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ fault: 'rate-limited', retryAfter: '30' });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 150);
        const started = Date.now();
        const error = await providerErrorOf(provider.stream(ask, { signal: controller.signal }));
        assert.equal(error.code, 'cancelled');
        // At once, not after the 30 s it was asked to wait (the margin is for a loaded machine).
        assert.ok(Date.now() - started < 10_000);
        assert.equal(server.requests.length, 1);
      });
    });
  }

  it('repeated 5xx → gives up after maxRetries + 1 requests, saying so', async () => {
    const provider = await providerFor('openai', server, { maxRetries: 2 });
    server.failNext({ fault: 'server-error', status: 502 }, 3);
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'server');
    assert.equal(server.requests.length, 3);
    assert.equal(error.message, "Provider 'openai-test' still failed with a server error (502) after 3 attempts. Try again later or choose another provider.");
  });

  it('a signal already aborted sends nothing', async () => {
    const provider = await providerFor('openai', server);
    const error = await providerErrorOf(provider.stream(ask, { signal: AbortSignal.abort() }));
    assert.equal(error.code, 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  it('a server that is down → network, naming the address and the system error', async () => {
    const config = configFor('openai', server, { maxRetries: 1 });
    await server.close();
    const provider = await createProvider(config, { apiKey: TEST_KEY });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'network');
    assert.equal(error.attempts, 2, 'a refused connection is retried');
    assert.match(error.message, /^Cannot reach provider 'openai-test' at http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\)\./);
  });

  it('an unknown host → network (ENOTFOUND)', async () => {
    // undici's own shape for a failed DNS lookup, without asking a real resolver.
    const lookupFailed: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }) });
    };
    const provider = await createProvider(configFor('openai', server, { baseUrl: 'https://api.example.invalid/v1', maxRetries: 0 }), { apiKey: TEST_KEY, fetch: lookupFailed });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'network');
    assert.match(error.message, /^Cannot reach provider 'openai-test' at https:\/\/api\.example\.invalid\/v1 \(ENOTFOUND\)\./);
  });

  it('a provider explanation holding the key is shown with the key masked', async () => {
    const provider = await providerFor('openai', server, { maxRetries: 0 });
    server.enqueue({ fault: 'status', status: 422, message: `Invalid header for key ${TEST_KEY}: unknown organisation` });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'bad-request');
    assert.match(error.message, /rejected the request \(422\): Invalid header for key \*\*\*: unknown organisation\./);
    assert.ok(!describeError(error).includes(TEST_KEY));
  });

  it('a provider explanation quoting the prompt is not shown at all', async () => {
    const provider = await providerFor('openai', server, { maxRetries: 0 });
    server.enqueue({ fault: 'status', status: 400, message: `Input should be a valid list: input_value='${ask.messages[0]!.content}'` });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'bad-request');
    assert.equal(error.message, "Provider 'openai-test' rejected the request (400).");
    assert.ok(!describeError(error).includes('payment outage'));
  });

  it('an error thrown by onText is passed on unchanged and stops the request', async () => {
    const provider = await providerFor('anthropic', server);
    server.enqueue({ chunks: ['one', 'two', 'three'], chunkDelayMs: 100 });
    const failure = new Error('the view was closed');
    await assert.rejects(
      provider.stream(ask, {
        onText: () => {
          throw failure;
        },
      }),
      (error) => error === failure,
    );
    await server.requests[0]!.clientClosed;
    assert.equal(server.requests.length, 1);
  });

  it('speaks French when the French bundle is installed', async () => {
    useBundle(readJson<Record<string, string>>('l10n/bundle.l10n.fr.json'));
    try {
      const error = await providerErrorOf(createProvider(configFor('anthropic', server), { apiKey: undefined }));
      assert.equal(
        error.message,
        l10n.t("No API key is set for provider '{0}'. Set one with 'AI Guard: Set API Key' or the {1} (or AI_GUARD_API_KEY) environment variable.", 'anthropic-test', 'ANTHROPIC_API_KEY'),
      );
      assert.match(error.message, /Aucune clé d'API/);
    } finally {
      useBundle(undefined);
    }
  });
});
