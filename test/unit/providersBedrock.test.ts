import { strict as assert } from 'node:assert';
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { describeError } from '../../src/core/errors';
import { type AiProvider, createProvider, type ProviderConfigInput, ProviderConfigSchema, ProviderError } from '../../src/core/providers';
import { encodeEvent, encodeException, encodeMessage } from '../support/eventStream';
import type { Fault } from '../support/fakeAiServer';
import { FakeBedrockServer } from '../support/fakeCloudServers';
import { providerErrorOf, within } from '../support/providers';

/** Static test credentials, read by the AWS SDK's default chain from the environment. */
const ACCESS_KEY_ID = 'AKIAFAKETESTKEY00001';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET1';

const ask = { system: 'You review code.', messages: [{ role: 'user' as const, content: 'Please review the function below for bugs and style.' }] };

/**
 * Runs `body` with the AWS variables set to the test's (and only those): a private HOME without
 * ~/.aws, no profile, and the instance metadata service off, so that the default chain finds the
 * environment's static keys and nothing else, and never reaches the network.
 */
async function withAwsEnvironment<T>(variables: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'ai-guard-aws-'));
  const names = [
    'HOME',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const wanted: Record<string, string | undefined> = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...variables,
  };
  for (const name of names) {
    const value = wanted[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await body();
  } finally {
    for (const name of names) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(home, { recursive: true, force: true });
  }
}

const STATIC_KEYS = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY };

function bedrockConfig(server: FakeBedrockServer, overrides: Partial<ProviderConfigInput> = {}) {
  return ProviderConfigSchema.parse({ id: 'bedrock-test', kind: 'bedrock', region: 'eu-west-3', baseUrl: server.url, model: 'anthropic.claude-sonnet-4-20250514-v1:0', ...overrides });
}

function bedrockProvider(server: FakeBedrockServer, overrides: Partial<ProviderConfigInput> = {}): Promise<AiProvider> {
  return createProvider(bedrockConfig(server, overrides), { apiKey: undefined });
}

/** Nothing a person or a log could see of the error holds the secret key. */
function assertNoSecret(error: Error): void {
  for (const text of [error.message, describeError(error), JSON.stringify(error), String(error.stack)]) assert.ok(!text.includes(SECRET_ACCESS_KEY) && !text.includes('FAKESECRET'), text);
}

describe('event-stream framing: our test encoder against the AWS codec', () => {
  const utf8 = { to: (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'), from: (text: string) => new Uint8Array(Buffer.from(text, 'utf8')) };
  const codec = new EventStreamCodec(utf8.to, utf8.from);

  it('encodes the same bytes as @smithy/core, and the codec decodes them back', () => {
    const headers = { ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' };
    const payload = Buffer.from('{"contentBlockIndex":0,"delta":{"text":"Bonjour, été"}}', 'utf8');
    const ours = encodeMessage(headers, payload);
    const theirs = codec.encode({ headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }])), body: payload });
    assert.deepEqual(new Uint8Array(ours), theirs);
    const decoded = codec.decode(ours);
    assert.equal(Buffer.from(decoded.body).toString('utf8'), payload.toString('utf8'));
    assert.deepEqual(decoded.headers[':event-type'], { type: 'string', value: 'contentBlockDelta' });
    assert.equal(encodeEvent('messageStop', { stopReason: 'end_turn' }).readUInt32BE(0), encodeEvent('messageStop', { stopReason: 'end_turn' }).length, 'the prelude holds the total length');
    assert.equal(codec.decode(encodeException('throttlingException', 'slow down')).headers[':message-type']?.value, 'exception');
  });

  it('a flipped bit fails the prelude or the message CRC', () => {
    const frame = encodeEvent('messageStart', { role: 'assistant' });
    const preludeBroken = Buffer.from(frame);
    preludeBroken[5] = (preludeBroken[5] ?? 0) ^ 1;
    assert.throws(() => codec.decode(preludeBroken), /checksum/i);
    const bodyBroken = Buffer.from(frame);
    bodyBroken[frame.length - 6] = (bodyBroken[frame.length - 6] ?? 0) ^ 1;
    assert.throws(() => codec.decode(bodyBroken), /checksum/i);
  });
});

describe('providers: Amazon Bedrock (ConverseStream) with the AWS SDK', function () {
  this.timeout(20_000);
  let server: FakeBedrockServer;
  beforeEach(async () => {
    server = await FakeBedrockServer.start({ accessKeyId: ACCESS_KEY_ID });
  });
  afterEach(() => server.close());

  it('streams the answer with usage, sends the output cap, and signs with SigV4 without sending the secret', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server, { maxOutputTokens: 900 });
      const pieces: string[] = [];
      const result = await provider.stream({ ...ask, temperature: 0.2 }, { onText: (piece) => pieces.push(piece) });
      assert.deepEqual(pieces, ['Hello', ' from', ' the fake', ' server.']);
      assert.equal(result.text, 'Hello from the fake server.');
      assert.deepEqual(result.usage, { inputTokens: 12, outputTokens: 4, estimated: false });
      assert.equal(result.finishReason, 'end_turn');
      assert.equal(result.model, 'anthropic.claude-sonnet-4-20250514-v1:0');
      assert.equal(server.requests.length, 1);
      const [request] = server.requests;
      assert.equal(request?.model, 'anthropic.claude-sonnet-4-20250514-v1:0');
      assert.deepEqual(request?.body, {
        messages: [{ role: 'user', content: [{ text: ask.messages[0]!.content }] }],
        system: [{ text: 'You review code.' }],
        inferenceConfig: { maxTokens: 900, temperature: 0.2 },
      });
      assert.match(
        request?.rawHeaders.authorization ?? '',
        new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/eu-west-3/bedrock/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`),
      );
      const everything = JSON.stringify(request?.rawHeaders) + (request?.rawBody ?? '');
      assert.ok(!everything.includes(SECRET_ACCESS_KEY) && !everything.includes('FAKESECRET'), 'the secret key never leaves');
    }));

  it('always sends an output cap, and reports max_tokens as cut by the limit', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server);
      server.enqueue({ finishReason: 'max_tokens' });
      const result = await provider.stream(ask);
      assert.equal(result.finishReason, 'max_tokens');
      assert.equal((server.requests[0]?.body as { inferenceConfig?: { maxTokens?: number } }).inferenceConfig?.maxTokens, 8192);
      const { cutByTokenLimit } = await import('../../src/core/pipeline/pipeline');
      assert.equal(cutByTokenLimit(result.finishReason), true);
    }));

  it('estimates usage, marked as such, when the stream carries none', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server);
      server.enqueue({ usage: 'omit' });
      const result = await provider.stream(ask);
      assert.equal(result.usage.estimated, true);
      assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
    }));

  it('a 429 with retry-after: 1, then success → 2 requests, a second apart', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server);
      server.enqueue({ fault: 'rate-limited', retryAfter: '1' });
      const started = Date.now();
      const result = await provider.stream(ask);
      assert.equal(result.text, 'Hello from the fake server.');
      assert.equal(server.requests.length, 2);
      assert.ok(Date.now() - started >= 950);
    }));

  it('repeated throttling → rate-limited after maxRetries + 1 requests', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server, { maxRetries: 1 });
      server.enqueue({ fault: 'rate-limited' }, { fault: 'rate-limited' }, { fault: 'rate-limited' });
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, 'rate-limited');
      assert.equal(error.attempts, 2);
      assert.equal(server.requests.length, 2);
    }));

  const cases: Array<{ fault: Fault; code: string; message: RegExp }> = [
    { fault: { fault: 'server-error', status: 500 }, code: 'server', message: /failed with a server error \(500\)/ },
    {
      fault: { fault: 'status', status: 403 },
      code: 'forbidden',
      message: /accepted the AWS credentials but refused access to 'anthropic\.claude-sonnet-4-20250514-v1:0' \(403\)\. Check that the account's role may invoke this model in this region/,
    },
    {
      fault: { fault: 'status', status: 404, message: 'The provided model identifier is invalid.' },
      code: 'not-found',
      message: /does not know the model 'anthropic\.claude-sonnet-4-20250514-v1:0' \(404\)/,
    },
    { fault: { fault: 'context-too-large' }, code: 'context-too-large', message: /^The prompt is too large for model .+: Input is too long for requested model\. Send less context/ },
    {
      fault: { fault: 'status', status: 400, message: 'The model returned the following errors: temperature: range: 0..1' },
      code: 'bad-request',
      message: /rejected the request \(400\): The model returned the following errors/,
    },
    { fault: { fault: 'truncate', afterChunks: 2 }, code: 'malformed-stream', message: /was cut off before it was complete/ },
    { fault: { fault: 'malformed', afterChunks: 1 }, code: 'malformed-stream', message: /sent an answer that could not be read/ },
    { fault: { fault: 'stream-error', afterChunks: 0 }, code: 'server', message: /reported an error while answering/ },
    { fault: { fault: 'stream-error', afterChunks: 0, type: 'throttlingException', message: 'Too many tokens' }, code: 'rate-limited', message: /is limiting requests/ },
  ];
  for (const { fault, code, message } of cases) {
    it(`${JSON.stringify(fault)} → ${code}`, () =>
      withAwsEnvironment(STATIC_KEYS, async () => {
        const provider = await bedrockProvider(server, { maxRetries: 0 });
        server.enqueue(fault);
        const error = await providerErrorOf(provider.stream(ask));
        assert.equal(error.code, code, error.message);
        assert.match(error.message, message);
        assertNoSecret(error);
        assert.equal(server.requests.length, 1);
      }));
  }

  it('a stream cut after some text keeps the text handed over (the run is costed on it) and is not retried', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server);
      server.enqueue({ fault: 'truncate', afterChunks: 2 });
      const pieces: string[] = [];
      const error = await providerErrorOf(provider.stream(ask, { onText: (piece) => pieces.push(piece) }));
      assert.equal(error.code, 'malformed-stream');
      assert.deepEqual(pieces, ['Hello', ' from']);
      assert.equal(server.requests.length, 1);
    }));

  it('refused credentials → unauthorized, naming the AWS chain, never the secret, not retried', () =>
    withAwsEnvironment({ AWS_ACCESS_KEY_ID: 'AKIAOTHERTESTKEY0002', AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY }, async () => {
      const provider = await bedrockProvider(server);
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, 'unauthorized');
      assert.match(error.message, /^The AWS credentials for provider 'bedrock-test' were refused \(403\): they are invalid or expired\. AWS credentials come from the standard chain: .*aws sso login/);
      assertNoSecret(error);
      assert.equal(server.requests.length, 1);
    }));

  it('no credentials anywhere in the chain → missing-key, and nothing is sent', () =>
    withAwsEnvironment({}, async () => {
      const provider = await bedrockProvider(server);
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, 'missing-key');
      assert.match(error.message, /^No cloud credentials were found for provider 'bedrock-test'\. AWS credentials come from the standard chain/);
      assert.equal(server.requests.length, 0);
    }));

  it('a hang → timeout within timeoutMs, and the stream is closed', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server, { timeoutMs: 300 });
      server.enqueue({ fault: 'hang' });
      const started = Date.now();
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, 'timeout');
      assert.ok(Date.now() - started < 3_000);
      assert.equal(server.requests.length, 1);
      await within(server.requests[0]!.clientClosed, 3_000, 'the server seeing the stream closed');
    }));

  it('cancellation mid-stream → cancelled, and the server sees the stream closed', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const provider = await bedrockProvider(server);
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
      await within(server.requests[0]!.clientClosed, 3_000, 'the server seeing the stream closed');
    }));

  it('reads no API key and sends none, whatever the environment holds', () =>
    withAwsEnvironment(STATIC_KEYS, async () => {
      const { resolveApiKey } = await import('../../src/core/providers');
      const config = bedrockConfig(server);
      assert.equal(await resolveApiKey(config, { env: { AI_GUARD_API_KEY: 'sk-generic-0123456789' } }), undefined);
      const provider = await createProvider(config, { apiKey: undefined });
      await provider.stream(ask);
      assert.ok(!JSON.stringify(server.requests[0]?.rawHeaders).includes('sk-generic'));
    }));

  it('refuses a configuration without a region: a contract names one, it is never guessed', () => {
    const parsed = ProviderConfigSchema.safeParse({ id: 'b', kind: 'bedrock', model: 'amazon.nova-pro-v1:0' });
    assert.equal(parsed.success, false);
    assert.match(JSON.stringify(parsed.error?.issues), /The property 'region' is required for a provider of kind 'bedrock'/);
    assert.ok(ProviderError);
  });
});
