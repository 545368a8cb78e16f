import { strict as assert } from 'node:assert';
import { describeError } from '../../src/core/errors';
import { createProvider, type ProviderErrorCode } from '../../src/core/providers';
import { type Fault, FakeAiServer, type Protocol } from '../support/fakeAiServer';
import { configFor, PROTOCOLS, providerErrorOf, providerFor, TEST_KEY, within } from '../support/providers';

const ask = { messages: [{ role: 'user' as const, content: 'Please review the function below for bugs and style.' }] };

/** Asserts that neither the message nor anything a log would print of the error holds the key. */
function assertNoKey(error: Error): void {
  assert.ok(!error.message.includes(TEST_KEY), error.message);
  assert.ok(!describeError(error).includes(TEST_KEY), describeError(error));
  assert.ok(!JSON.stringify(error).includes(TEST_KEY));
}

describe('providers: faults become clear errors', function () {
  // The first call of each protocol loads its SDK, which takes seconds on a loaded machine.
  this.timeout(15_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  const cases: Array<{ fault: Fault; code: ProviderErrorCode; message: (protocol: Protocol) => RegExp }> = [
    {
      fault: { fault: 'status', status: 403 },
      code: 'forbidden',
      message: () => /accepted the key but refused access to '(gpt-4o-mini|review-gpt4o|claude-test-1)' \(403\)/,
    },
    {
      fault: { fault: 'status', status: 404 },
      code: 'not-found',
      message: (protocol) =>
        protocol === 'azure'
          ? /^Azure OpenAI has no deployment 'review-gpt4o' at http:\/\/127\.0\.0\.1:\d+ \(404, provider 'azure-test'\)/
          : /does not know the model '(gpt-4o-mini|claude-test-1)' \(404\)\. Check the model name/,
    },
    {
      fault: { fault: 'context-too-large' },
      code: 'context-too-large',
      message: () => /^The prompt is too large for model '.+' of provider '.+': .*(maximum context length is 128000 tokens|prompt is too long: 210000 tokens > 200000 maximum).* Send less context/,
    },
    {
      fault: { fault: 'status', status: 400, message: 'Unsupported value: temperature' },
      code: 'bad-request',
      message: () => /rejected the request \(400\): Unsupported value: temperature\.$/,
    },
    { fault: { fault: 'server-error', status: 503 }, code: 'server', message: () => /failed with a server error \(503\)\. Try again later or choose another provider\./ },
    { fault: { fault: 'truncate', afterChunks: 2 }, code: 'malformed-stream', message: () => /was cut off before it was complete/ },
    { fault: { fault: 'malformed', afterChunks: 1 }, code: 'malformed-stream', message: () => /sent an answer that could not be read/ },
    { fault: { fault: 'stream-error', afterChunks: 0 }, code: 'server', message: () => /reported an error while answering/ },
  ];

  for (const protocol of PROTOCOLS) {
    describe(protocol, () => {
      for (const { fault, code, message } of cases) {
        it(`${JSON.stringify(fault)} → ${code}`, async () => {
          const provider = await providerFor(protocol, server, { maxRetries: 0 });
          server.enqueue(fault);
          const error = await providerErrorOf(provider.stream(ask));
          assert.equal(error.code, code);
          assert.match(error.message, message(protocol));
          assertNoKey(error);
          assert.equal(server.requests.length, 1);
        });
      }

      it('a refused key → unauthorized (401), naming the command and the environment variable', async () => {
        const provider = await providerFor(protocol, server, {}, 'sk-wrong-0123456789abcdef');
        const error = await providerErrorOf(provider.stream(ask));
        assert.equal(error.code, 'unauthorized');
        const variable = { openai: 'OPENAI_API_KEY', azure: 'AZURE_OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' }[protocol];
        assert.match(error.message, new RegExp(`key for provider '${protocol}-test' was refused \\(401\\)\\. Set it again with 'AI Guard: Set API Key' or the ${variable} environment variable\\.`));
        assert.ok(!error.message.includes('sk-wrong'));
        assert.equal(server.requests.length, 1, 'a refused key is not retried');
      });

      it('a missing key → missing-key before any request', async () => {
        const error = await providerErrorOf(createProvider(configFor(protocol, server), { apiKey: '  ' }));
        assert.equal(error.code, 'missing-key');
        assert.match(error.message, /^No API key is set for provider '.+'\. Set one with 'AI Guard: Set API Key' or the [A-Z_]+_API_KEY \(or AI_GUARD_API_KEY\) environment variable\.$/);
        assert.equal(server.requests.length, 0);
      });

      it('a hang → timeout within the configured timeoutMs, and the connection is closed', async () => {
        const provider = await providerFor(protocol, server, { timeoutMs: 300 });
        server.enqueue({ fault: 'hang' });
        const started = Date.now();
        const error = await providerErrorOf(provider.stream(ask));
        const elapsed = Date.now() - started;
        assert.equal(error.code, 'timeout');
        assert.match(error.message, /did not answer within 0\.3 s/);
        // Not before the timeout; well before a hang would end (the margin is for a loaded machine).
        assert.ok(elapsed >= 280 && elapsed < 10_000, `timed out after ${elapsed} ms`);
        assert.equal(server.requests.length, 1, 'a timeout is not retried: the caller already waited');
        await within(server.requests[0]!.clientClosed, 2_000, 'the server seeing the connection closed');
      });

      it('a stream that stalls after some text → timeout, the text already handed over', async () => {
        const provider = await providerFor(protocol, server, { timeoutMs: 250 });
        server.enqueue({ chunks: ['first', 'second'], delaysMs: [0, 800] });
        const pieces: string[] = [];
        const error = await providerErrorOf(provider.stream(ask, { onText: (piece) => pieces.push(piece) }));
        assert.equal(error.code, 'timeout');
        assert.deepEqual(pieces, ['first']);
        assert.equal(server.requests.length, 1);
      });

      it('a slow answer that keeps coming is not cut: the timeout is the longest silence', async () => {
        const provider = await providerFor(protocol, server, { timeoutMs: 250 });
        server.enqueue({ chunks: ['a', 'b', 'c', 'd', 'e'], chunkDelayMs: 100 });
        const result = await provider.stream(ask);
        assert.equal(result.text, 'abcde');
      });

      it('cancellation mid-stream → cancelled, and the server sees the connection closed', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ chunks: ['one', 'two', 'three', 'four'], chunkDelayMs: 150 });
        const controller = new AbortController();
        const pieces: string[] = [];
        const error = await providerErrorOf(
          provider.stream(ask, {
            signal: controller.signal,
            onText: (piece) => {
              pieces.push(piece);
              controller.abort();
            },
          }),
        );
        assert.equal(error.code, 'cancelled');
        assert.deepEqual(pieces, ['one']);
        await within(server.requests[0]!.clientClosed, 2_000, 'the server seeing the connection closed');
        assert.equal(server.requests.length, 1);
      });

      it('an error event after text started → not retried (the text was shown)', async () => {
        const provider = await providerFor(protocol, server);
        server.enqueue({ fault: 'stream-error', afterChunks: 2 });
        const pieces: string[] = [];
        const error = await providerErrorOf(provider.stream(ask, { onText: (piece) => pieces.push(piece) }));
        assert.equal(error.code, 'server');
        assert.deepEqual(pieces, ['Hello', ' from']);
        assert.equal(server.requests.length, 1);
      });
    });
  }
});
