import { strict as assert } from 'node:assert';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../../src/core/errors';
import { type AiProvider, createProvider, type ProviderConfigInput, ProviderConfigSchema, resolveApiKey } from '../../src/core/providers';
import type { Fault } from '../support/fakeAiServer';
import { FakeGoogleServer } from '../support/fakeCloudServers';
import { providerErrorOf, within } from '../support/providers';

const GEMINI_KEY = 'AIzaFakeGeminiKey-0123456789abcdefghij';
const REFRESH_TOKEN = '1//fake-refresh-token-0123456789';
const CLIENT_SECRET = 'GOCSPX-fake-client-secret-0123';

const ask = { system: 'You review code.', messages: [{ role: 'user' as const, content: 'Please review the function below for bugs and style.' }] };

/**
 * Every outgoing HTTP request the process starts while `body` runs, whatever library starts it:
 * undici's (fetch) and node:http's diagnostics channels see them all, so a test can prove that
 * nothing went to Google's hosts.
 */
async function recordingOutgoing<T>(body: (hosts: string[]) => Promise<T>): Promise<T> {
  const hosts: string[] = [];
  const onUndici = (message: unknown) => {
    const request = (message as { request?: { origin?: string } }).request;
    if (request?.origin) hosts.push(new URL(request.origin).host);
  };
  const onHttp = (message: unknown) => {
    const request = (message as { request?: { host?: string; getHeader?: (name: string) => unknown } }).request;
    hosts.push(String(request?.getHeader?.('host') ?? request?.host ?? '?'));
  };
  subscribe('undici:request:create', onUndici);
  subscribe('http.client.request.start', onHttp);
  try {
    return await body(hosts);
  } finally {
    unsubscribe('undici:request:create', onUndici);
    unsubscribe('http.client.request.start', onHttp);
  }
}

/** A fetch that lets only 127.0.0.1 through, and remembers every address asked for. */
function localOnlyFetch(asked: string[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    asked.push(url);
    if (new URL(url).hostname !== '127.0.0.1') return Promise.reject(new Error(`refused to leave the machine for ${new URL(url).host}`));
    return fetch(input, init);
  };
}

/** Runs `body` with GOOGLE_APPLICATION_CREDENTIALS naming an authorized_user file (what `gcloud auth application-default login` writes), and no other Google variable. */
async function withApplicationDefaultCredentials<T>(body: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-guard-adc-'));
  const file = join(dir, 'application_default_credentials.json');
  writeFileSync(file, JSON.stringify({ type: 'authorized_user', client_id: 'fake-client.apps.googleusercontent.com', client_secret: CLIENT_SECRET, refresh_token: REFRESH_TOKEN }));
  const names = [
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_API_KEY',
    'GEMINI_API_KEY',
    'GOOGLE_CLOUD_PROJECT',
    'GOOGLE_CLOUD_LOCATION',
    'GOOGLE_GENAI_USE_VERTEXAI',
    'GOOGLE_VERTEX_BASE_URL',
    'GOOGLE_GEMINI_BASE_URL',
    'CLOUDSDK_CONFIG',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
  process.env.CLOUDSDK_CONFIG = dir;
  try {
    return await body();
  } finally {
    for (const name of names) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function geminiConfig(server: FakeGoogleServer, overrides: Partial<ProviderConfigInput> = {}) {
  return ProviderConfigSchema.parse({ id: 'gemini-test', kind: 'gemini', baseUrl: server.url, model: 'gemini-2.5-flash', ...overrides });
}

function vertexConfig(server: FakeGoogleServer, overrides: Partial<ProviderConfigInput> = {}) {
  return ProviderConfigSchema.parse({
    id: 'vertex-test',
    kind: 'vertex-ai',
    project: 'etech-client-a',
    location: 'europe-west1',
    baseUrl: server.url,
    tokenUrl: server.tokenUrl,
    model: 'gemini-2.5-pro',
    ...overrides,
  });
}

function geminiProvider(server: FakeGoogleServer, overrides: Partial<ProviderConfigInput> = {}, apiKey = GEMINI_KEY): Promise<AiProvider> {
  return createProvider(geminiConfig(server, overrides), { apiKey });
}

function assertNoSecret(error: Error): void {
  for (const text of [error.message, describeError(error), JSON.stringify(error), String(error.stack)]) {
    for (const secret of [GEMINI_KEY, REFRESH_TOKEN, CLIENT_SECRET, 'ya29.fake']) assert.ok(!text.includes(secret), text);
  }
}

describe('providers: the Gemini API with @google/genai', function () {
  this.timeout(20_000);
  let server: FakeGoogleServer;
  beforeEach(async () => {
    server = await FakeGoogleServer.start({ apiKey: GEMINI_KEY, refreshToken: REFRESH_TOKEN });
  });
  afterEach(() => server.close());

  it('streams the answer over streamGenerateContent?alt=sse with usage, the key in its header, and the output cap', async () => {
    const provider = await geminiProvider(server, { maxOutputTokens: 700 });
    const pieces: string[] = [];
    const result = await provider.stream({ ...ask, temperature: 0.1 }, { onText: (piece) => pieces.push(piece) });
    assert.deepEqual(pieces, ['Hello', ' from', ' the fake', ' server.']);
    assert.equal(result.text, 'Hello from the fake server.');
    assert.deepEqual(result.usage, { inputTokens: 12, outputTokens: 4, estimated: false });
    assert.equal(result.finishReason, 'STOP');
    assert.equal(result.model, 'gemini-2.5-flash');
    const [request] = server.requests;
    assert.equal(request?.path, '/v1/models/gemini-2.5-flash:streamGenerateContent');
    assert.equal(request?.query.alt, 'sse');
    assert.equal(request?.rawHeaders['x-goog-api-key'], GEMINI_KEY);
    assert.equal(request?.rawHeaders.authorization, undefined);
    const body = request?.body as { contents: unknown; systemInstruction: unknown; generationConfig: { maxOutputTokens?: number; temperature?: number } };
    assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: ask.messages[0]!.content }] }]);
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'You review code.' }], role: 'user' });
    assert.equal(body.generationConfig.maxOutputTokens, 700);
    assert.equal(body.generationConfig.temperature, 0.1);
  });

  it('sends an output cap by default and reports MAX_TOKENS as cut by the limit', async () => {
    const provider = await geminiProvider(server);
    server.enqueue({ finishReason: 'MAX_TOKENS' });
    const result = await provider.stream(ask);
    assert.equal((server.requests[0]?.body as { generationConfig: { maxOutputTokens?: number } }).generationConfig.maxOutputTokens, 8192);
    const { cutByTokenLimit } = await import('../../src/core/pipeline/pipeline');
    assert.equal(cutByTokenLimit(result.finishReason), true);
  });

  it('estimates usage, marked as such, when the stream reports none', async () => {
    const provider = await geminiProvider(server);
    server.enqueue({ usage: 'omit' });
    const result = await provider.stream(ask);
    assert.equal(result.usage.estimated, true);
  });

  it('a wrong key (400 API_KEY_INVALID) → unauthorized, naming GEMINI_API_KEY, not retried, the key nowhere', async () => {
    const provider = await geminiProvider(server, {}, 'AIzaWrongKey-000000000000000000000');
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /The Gemini key for provider 'gemini-test' was refused .*GEMINI_API_KEY environment variable/);
    assert.ok(!describeError(error).includes('AIzaWrongKey'));
    assert.equal(server.requests.length, 1);
  });

  it('a 429 with RetryInfo and retry-after: 1, then success → 2 requests, a second apart', async () => {
    const provider = await geminiProvider(server);
    server.enqueue({ fault: 'rate-limited', retryAfter: '1' });
    const started = Date.now();
    const result = await provider.stream(ask);
    assert.equal(result.text, 'Hello from the fake server.');
    assert.equal(server.requests.length, 2);
    assert.ok(Date.now() - started >= 950);
  });

  it('a retry delay over a minute is not waited for', async () => {
    const provider = await geminiProvider(server);
    server.enqueue({ fault: 'rate-limited', retryAfter: '3600' });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'rate-limited');
    assert.equal(error.retryAfterSeconds, 3600);
    assert.equal(server.requests.length, 1);
  });

  const cases: Array<{ fault: Fault; code: string; message: RegExp }> = [
    { fault: { fault: 'server-error', status: 500 }, code: 'server', message: /failed with a server error \(500\)/ },
    { fault: { fault: 'status', status: 403, message: 'Permission denied on resource project.' }, code: 'forbidden', message: /accepted the key but refused access to 'gemini-2\.5-flash' \(403\)/ },
    { fault: { fault: 'status', status: 404, message: 'models/gemini-9 is not found for API version v1beta.' }, code: 'not-found', message: /does not know the model 'gemini-2\.5-flash' \(404\)/ },
    { fault: { fault: 'context-too-large' }, code: 'context-too-large', message: /^The prompt is too large for model 'gemini-2\.5-flash' .*: The input token count \(1200000\) exceeds/ },
    { fault: { fault: 'truncate', afterChunks: 2 }, code: 'malformed-stream', message: /was cut off before it was complete/ },
    { fault: { fault: 'malformed', afterChunks: 1 }, code: 'malformed-stream', message: /sent an answer that could not be read/ },
    { fault: { fault: 'stream-error', afterChunks: 0 }, code: 'server', message: /server error \(500\)/ },
  ];
  for (const { fault, code, message } of cases) {
    it(`${JSON.stringify(fault)} → ${code}`, async () => {
      const provider = await geminiProvider(server, { maxRetries: 0 });
      server.enqueue(fault);
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      assertNoSecret(error);
      assert.equal(server.requests.length, 1);
    });
  }

  it('a stream cut after some text keeps what streamed and is not retried', async () => {
    const provider = await geminiProvider(server);
    server.enqueue({ fault: 'truncate', afterChunks: 2 });
    const pieces: string[] = [];
    const error = await providerErrorOf(provider.stream(ask, { onText: (piece) => pieces.push(piece) }));
    assert.equal(error.code, 'malformed-stream');
    assert.deepEqual(pieces, ['Hello', ' from']);
    assert.equal(server.requests.length, 1);
  });

  it('a hang → timeout within timeoutMs, and the connection is closed', async () => {
    const provider = await geminiProvider(server, { timeoutMs: 300 });
    server.enqueue({ fault: 'hang' });
    const error = await providerErrorOf(provider.stream(ask));
    assert.equal(error.code, 'timeout');
    assert.equal(server.requests.length, 1);
    await within(server.requests[0]!.clientClosed, 3_000, 'the server seeing the connection closed');
  });

  it('cancellation mid-stream → cancelled, and the server sees the connection closed', async () => {
    const provider = await geminiProvider(server);
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
    await within(server.requests[0]!.clientClosed, 3_000, 'the server seeing the connection closed');
  });

  it("GEMINI_API_KEY goes to the Gemini API only; elsewhere only the provider's own key or AI_GUARD_API_KEY", async () => {
    const env = { GEMINI_API_KEY: GEMINI_KEY };
    assert.equal(await resolveApiKey(ProviderConfigSchema.parse({ id: 'g', kind: 'gemini', model: 'gemini-2.5-flash' }), { env }), GEMINI_KEY);
    assert.equal(await resolveApiKey(geminiConfig(server), { env }), undefined, 'a local or private address is not Google');
    assert.equal(await resolveApiKey(ProviderConfigSchema.parse({ id: 'g', kind: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com.evil.example', model: 'm' }), { env }), undefined);
    assert.equal(await resolveApiKey(vertexConfig(server), { env: { ...env, AI_GUARD_API_KEY: 'sk-generic-0123456789' } }), undefined, 'Vertex AI never takes a key');
  });
});

describe('providers: Vertex AI with application-default credentials', function () {
  this.timeout(20_000);
  let server: FakeGoogleServer;
  beforeEach(async () => {
    server = await FakeGoogleServer.start({ refreshToken: REFRESH_TOKEN });
  });
  afterEach(() => server.close());

  it('exchanges the authorized_user refresh token at tokenUrl, streams with the bearer token, and nothing leaves for googleapis.com', () =>
    withApplicationDefaultCredentials(() =>
      recordingOutgoing(async (hosts) => {
        const provider = await createProvider(vertexConfig(server, { maxOutputTokens: 500 }), { apiKey: undefined });
        const result = await provider.stream(ask);
        assert.equal(result.text, 'Hello from the fake server.');
        assert.equal(result.usage.estimated, false);
        assert.equal(server.tokenRequests.length, 1);
        const form = new URLSearchParams(server.tokenRequests[0]?.rawBody);
        assert.equal(form.get('grant_type'), 'refresh_token');
        assert.equal(form.get('refresh_token'), REFRESH_TOKEN);
        const [request] = server.requests;
        assert.equal(request?.path, '/v1beta1/projects/etech-client-a/locations/europe-west1/publishers/google/models/gemini-2.5-pro:streamGenerateContent');
        assert.equal(request?.rawHeaders.authorization, `Bearer ${server.issuedToken}`);
        assert.equal(request?.rawHeaders['x-goog-api-key'], undefined);
        assert.equal((request?.body as { generationConfig: { maxOutputTokens?: number } }).generationConfig.maxOutputTokens, 500);
        assert.ok(hosts.length >= 2, `the requests were seen: ${hosts.join(', ')}`);
        assert.deepEqual(
          hosts.filter((host) => !host.startsWith('127.0.0.1:')),
          [],
          'every request stayed on this machine',
        );
      }),
    ));

  it('without tokenUrl the token request is for oauth2.googleapis.com (the library ignores token_uri): a fetch that stays local refuses it', () =>
    withApplicationDefaultCredentials(async () => {
      const asked: string[] = [];
      const provider = await createProvider(vertexConfig(server, { tokenUrl: undefined }), { apiKey: undefined, fetch: localOnlyFetch(asked) });
      const error = await providerErrorOf(provider.stream(ask));
      assert.ok(asked.length >= 1);
      assert.deepEqual([...new Set(asked.map((url) => new URL(url).host))], ['oauth2.googleapis.com']);
      assert.equal(server.requests.length, 0);
      assert.ok(['network', 'unauthorized'].includes(error.code), error.code);
      assertNoSecret(error);
    }));

  it('a token the service no longer accepts (401 UNAUTHENTICATED) → unauthorized, pointing at application-default credentials, not retried', () =>
    withApplicationDefaultCredentials(async () => {
      const provider = await createProvider(vertexConfig(server), { apiKey: undefined });
      await provider.stream(ask);
      // The token the client holds is revoked on the service's side.
      server.issuedToken = 'revoked';
      const error = await providerErrorOf(provider.stream(ask));
      assert.equal(error.code, 'unauthorized');
      assert.match(error.message, /^The Google Cloud credentials for provider 'vertex-test' were refused \(401\): they are invalid or expired\. .*gcloud auth application-default login/);
      assertNoSecret(error);
      assert.equal(server.requests.length, 2);
    }));

  it('a 429 then success is retried; a 500 without retries is a server error', () =>
    withApplicationDefaultCredentials(async () => {
      const provider = await createProvider(vertexConfig(server), { apiKey: undefined });
      server.enqueue({ fault: 'rate-limited', retryAfter: '0' });
      assert.equal((await provider.stream(ask)).text, 'Hello from the fake server.');
      assert.equal(server.requests.length, 2);
      const strict = await createProvider(vertexConfig(server, { maxRetries: 0 }), { apiKey: undefined });
      server.enqueue({ fault: 'server-error', status: 503 });
      assert.equal((await providerErrorOf(strict.stream(ask))).code, 'server');
    }));

  it('requires a project and a location', () => {
    const parsed = ProviderConfigSchema.safeParse({ id: 'v', kind: 'vertex-ai', model: 'gemini-2.5-pro' });
    assert.equal(parsed.success, false);
    const messages = JSON.stringify(parsed.error?.issues);
    assert.match(messages, /The property 'project' is required for a provider of kind 'vertex-ai'/);
    assert.match(messages, /The property 'location' is required for a provider of kind 'vertex-ai'/);
  });
});
