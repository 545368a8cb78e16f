import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local AI provider for tests, on 127.0.0.1 with a free port, speaking the real wire protocols
 * so that the real SDKs can be pointed at it:
 *
 * - OpenAI chat completions, `POST /v1/chat/completions` (bearer key);
 * - Azure OpenAI, `POST /openai/deployments/{deployment}/chat/completions?api-version=…` (`api-key` header);
 * - Anthropic messages, `POST /v1/messages` (`anthropic-version` header; `x-api-key` or bearer key).
 *
 * Each answers as JSON, or as server-sent events when the body asks for `stream: true` (OpenAI's
 * final usage chunk only when `stream_options.include_usage` is set, then `data: [DONE]`;
 * Anthropic's message_start … message_stop). Every request is recorded with its parsed body and
 * with its key reduced to whether there was one, so tests can assert what left the client.
 *
 * What it answers is scripted: `answer` decides for every request (by default a fixed text in
 * four chunks), and `enqueue` overrides it for the next requests, in order, with an answer or a
 * fault: an HTTP error in the protocol's own format, a context-length error, a 429 with
 * `retry-after`, a 5xx, a stream cut off or made unreadable after some chunks, an error event
 * inside the stream, or a hang. `close()` ends every open connection, so mocha can exit.
 *
 * Usage:
 *   const server = await FakeAiServer.start({ apiKey: 'sk-test' });
 *   server.enqueue({ fault: 'rate-limited', retryAfter: '1' });
 *   … point an SDK at server.openaiBaseUrl, server.url (Azure endpoint) or server.anthropicBaseUrl …
 *   assert.equal(server.requests.length, 2);
 *   await server.close();
 */

export type Protocol = 'openai' | 'azure' | 'anthropic';

export interface RecordedRequest {
  method: string;
  /** The path and query, as sent. */
  url: string;
  path: string;
  query: Record<string, string>;
  protocol: Protocol | undefined;
  /** The Azure deployment named in the path. */
  deployment?: string;
  /** Lower-case headers, without the key headers (`authorization`, `api-key`, `x-api-key`). */
  headers: Record<string, string>;
  /** Whether the request carried a key, and in which header. */
  hadKey: boolean;
  keyHeader?: 'authorization' | 'api-key' | 'x-api-key';
  /** Whether the key was the server's `apiKey` (always true when the server has none). */
  keyAccepted: boolean;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  body: unknown;
  stream: boolean;
  /** Set when the client closed the connection before the answer was complete. */
  closedByClient: boolean;
  /** Resolves when the client closes the connection before the answer is complete. */
  clientClosed: Promise<void>;
}

export interface Answer {
  /** The answer's pieces, one per streamed chunk; `text` is split into four when they are not given. */
  chunks?: string[];
  text?: string;
  /** The model reported; by default the one asked for (Azure: `gpt-4o-2024-08-06`). */
  model?: string;
  /** Token counts reported, or `omit` to report none (a server that ignores `include_usage`). */
  usage?: { inputTokens: number; outputTokens: number } | 'omit';
  finishReason?: string;
  /** A pause before each chunk, for slow streams. */
  chunkDelayMs?: number;
  /** A pause before each chunk, one per chunk (overrides `chunkDelayMs`), for a stream that stalls. */
  delaysMs?: number[];
}

export type Fault =
  /** An HTTP error in the protocol's format; message, code and type default to the provider's usual ones. */
  | { fault: 'status'; status: number; message?: string; code?: string; type?: string; headers?: Record<string, string> }
  | { fault: 'context-too-large' }
  | { fault: 'rate-limited'; retryAfter?: string; retryAfterMs?: string }
  | { fault: 'server-error'; status?: number }
  /** The connection is destroyed after `afterChunks` text chunks. */
  | { fault: 'truncate'; afterChunks?: number }
  /** A line that is not JSON is sent after `afterChunks` text chunks. */
  | { fault: 'malformed'; afterChunks?: number }
  /** The protocol's error event is sent inside the stream after `afterChunks` text chunks. */
  | { fault: 'stream-error'; afterChunks?: number; type?: string; message?: string }
  /** The request is read and never answered. */
  | { fault: 'hang' };

export type Script = Answer | Fault;

export const DEFAULT_CHUNKS = ['Hello', ' from', ' the fake', ' server.'];
export const DEFAULT_USAGE = { inputTokens: 12, outputTokens: 4 };
const AZURE_MODEL = 'gpt-4o-2024-08-06';

export interface FakeAiServerOptions {
  /** The key expected; requests with another key (or none) get the protocol's 401. */
  apiKey?: string;
  answer?: (request: RecordedRequest) => Script;
}

export class FakeAiServer {
  readonly requests: RecordedRequest[] = [];
  answer: (request: RecordedRequest) => Script;
  apiKey: string | undefined;
  private readonly queue: Script[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(
    private readonly server: Server,
    options: FakeAiServerOptions,
  ) {
    this.answer = options.answer ?? (() => ({}));
    this.apiKey = options.apiKey;
  }

  static async start(options: FakeAiServerOptions = {}): Promise<FakeAiServer> {
    const server = createServer();
    const fake = new FakeAiServer(server, options);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The base URL an OpenAI client takes (with `/v1`). */
  get openaiBaseUrl(): string {
    return `${this.url}/v1`;
  }

  /** The base URL the Anthropic client takes (without `/v1`); also the Azure resource endpoint. */
  get anthropicBaseUrl(): string {
    return this.url;
  }

  /** Scripts the next requests, one script each, before `answer` is used again. */
  enqueue(...scripts: Script[]): void {
    this.queue.push(...scripts);
  }

  /** The same fault for the next `times` requests. */
  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  /** Ends every connection (hung ones included) and stops listening. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded = await this.record(request, response);
    const script = this.queue.shift() ?? this.answer(recorded);
    if (recorded.protocol === undefined) {
      return sendJson(response, 404, { error: { message: `Unknown path ${recorded.path}`, type: 'invalid_request_error', code: 'unknown_url' } });
    }
    const refusal = this.refusal(recorded);
    if (refusal !== undefined) return sendJson(response, refusal.status, refusal.body);
    if ('fault' in script && script.fault === 'hang') return; // the socket stays open until close()
    if ('fault' in script && isHttpFault(script)) {
      const error = errorResponse(recorded, script);
      return sendJson(response, error.status, error.body, error.headers);
    }
    if (!recorded.stream) return sendJson(response, 200, completeAnswer(recorded, script as Answer));
    await this.streamAnswer(recorded, response, script);
  }

  private async record(request: IncomingMessage, response: ServerResponse): Promise<RecordedRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !KEY_HEADERS.includes(name)) headers[name] = value;
    }
    const key = keyOf(request);
    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const protocol: Protocol | undefined =
      request.method === 'POST' && url.pathname === '/v1/chat/completions'
        ? 'openai'
        : request.method === 'POST' && azure
          ? 'azure'
          : request.method === 'POST' && url.pathname === '/v1/messages'
            ? 'anthropic'
            : undefined;
    let resolveClosed: () => void = () => undefined;
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      protocol,
      ...(azure?.[1] === undefined ? {} : { deployment: decodeURIComponent(azure[1]) }),
      headers,
      hadKey: key !== undefined,
      ...(key === undefined ? {} : { keyHeader: key.header }),
      keyAccepted: this.apiKey === undefined || key?.value === this.apiKey,
      body,
      stream: isObject(body) && body.stream === true,
      closedByClient: false,
      clientClosed: new Promise<void>((resolve) => (resolveClosed = resolve)),
    };
    response.on('close', () => {
      if (!response.writableFinished) {
        recorded.closedByClient = true;
        resolveClosed();
      }
    });
    this.requests.push(recorded);
    return recorded;
  }

  /** The protocol's own refusal of a request without the right headers, as the real services answer. */
  private refusal(request: RecordedRequest): { status: number; body: unknown } | undefined {
    if (request.protocol === 'azure' && !request.query['api-version']) {
      return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
    }
    if (request.protocol === 'anthropic' && !request.headers['anthropic-version']) {
      return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } } };
    }
    if (this.apiKey !== undefined && !request.keyAccepted) return errorResponse(request, { fault: 'status', status: 401 });
    return undefined;
  }

  private async streamAnswer(request: RecordedRequest, response: ServerResponse, script: Script): Promise<void> {
    const answer: Answer = 'fault' in script ? {} : script;
    const fault = 'fault' in script ? script : undefined;
    const events = streamEvents(request, answer);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let textChunks = 0;
    for (const event of events) {
      if (response.destroyed) return;
      if (event.text && fault !== undefined && 'afterChunks' in fault && textChunks >= (fault.afterChunks ?? 0)) {
        return this.breakStream(request, response, fault);
      }
      const delay = event.text ? (answer.delaysMs?.[textChunks] ?? answer.chunkDelayMs ?? 0) : 0;
      if (delay > 0) await this.pause(delay);
      if (response.destroyed) return;
      response.write(event.data);
      if (event.text) textChunks++;
    }
    if (fault !== undefined && 'afterChunks' in fault) return this.breakStream(request, response, fault);
    response.end();
  }

  private breakStream(request: RecordedRequest, response: ServerResponse, fault: Fault): void {
    switch (fault.fault) {
      case 'truncate':
        // Let what was written reach the client, then cut the connection in the middle of the body.
        response.write('', () => response.socket?.destroy());
        return;
      case 'malformed':
        response.end(request.protocol === 'anthropic' ? 'event: content_block_delta\ndata: {"type": "content_block_delta", oops\n\n' : 'data: {"id": "chatcmpl-1", oops\n\n');
        return;
      case 'stream-error': {
        const message = fault.message ?? 'The server is overloaded.';
        response.end(
          request.protocol === 'anthropic'
            ? sse({ type: 'error', error: { type: fault.type ?? 'overloaded_error', message } }, 'error')
            : sse({ error: { message, type: fault.type ?? 'server_error', code: null } }),
        );
        return;
      }
      default:
        response.end();
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

const KEY_HEADERS = ['authorization', 'api-key', 'x-api-key'];

function keyOf(request: IncomingMessage): { header: 'authorization' | 'api-key' | 'x-api-key'; value: string } | undefined {
  const apiKey = request.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey) return { header: 'api-key', value: apiKey };
  const xApiKey = request.headers['x-api-key'];
  if (typeof xApiKey === 'string' && xApiKey) return { header: 'x-api-key', value: xApiKey };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return bearer?.[1] === undefined ? undefined : { header: 'authorization', value: bearer[1] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpFault(fault: Fault): boolean {
  return fault.fault === 'status' || fault.fault === 'context-too-large' || fault.fault === 'rate-limited' || fault.fault === 'server-error';
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sse(data: unknown, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;
}

function requestedModel(request: RecordedRequest): string {
  const model = isObject(request.body) ? request.body.model : undefined;
  return typeof model === 'string' ? model : 'unknown-model';
}

function chunksOf(answer: Answer): string[] {
  if (answer.chunks) return answer.chunks;
  if (answer.text === undefined) return DEFAULT_CHUNKS;
  const size = Math.max(1, Math.ceil(answer.text.length / 4));
  const pieces: string[] = [];
  for (let start = 0; start < answer.text.length; start += size) pieces.push(answer.text.slice(start, start + size));
  return pieces;
}

function modelOf(request: RecordedRequest, answer: Answer): string {
  return answer.model ?? (request.protocol === 'azure' ? AZURE_MODEL : requestedModel(request));
}

/** The defaults of each fault, per protocol, as the real services word them. */
function errorResponse(request: RecordedRequest, fault: Fault): { status: number; body: unknown; headers: Record<string, string> } {
  const model = requestedModel(request);
  const anthropic = request.protocol === 'anthropic';
  const azure = request.protocol === 'azure';
  let status: number;
  let headers: Record<string, string> = {};
  let message: string;
  let type: string;
  let code: string | null;
  switch (fault.fault) {
    case 'context-too-large':
      status = 400;
      type = 'invalid_request_error';
      code = 'context_length_exceeded';
      message = anthropic
        ? 'prompt is too long: 210000 tokens > 200000 maximum'
        : "This model's maximum context length is 128000 tokens. However, your messages resulted in 210000 tokens. Please reduce the length of the messages.";
      break;
    case 'rate-limited':
      status = 429;
      type = anthropic ? 'rate_limit_error' : 'requests';
      code = 'rate_limit_exceeded';
      message = 'Rate limit reached for requests. Please try again later.';
      headers = {
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
        ...(fault.retryAfterMs === undefined ? {} : { 'retry-after-ms': fault.retryAfterMs }),
      };
      break;
    case 'server-error':
      status = fault.status ?? 500;
      type = anthropic ? (status === 529 ? 'overloaded_error' : 'api_error') : 'server_error';
      code = null;
      message = 'The server had an error while processing your request.';
      break;
    case 'status': {
      status = fault.status;
      headers = fault.headers ?? {};
      const usual = usualError(status, model, anthropic, azure);
      message = fault.message ?? usual.message;
      type = fault.type ?? usual.type;
      code = fault.code ?? usual.code;
      break;
    }
    default:
      throw new Error(`not an HTTP fault: ${fault.fault}`);
  }
  if (anthropic) return { status, headers: { 'request-id': 'req_fake', ...headers }, body: { type: 'error', error: { type, message } } };
  if (azure) return { status, headers, body: { error: { code: code ?? String(status), message } } };
  return { status, headers: { 'x-request-id': 'req_fake', ...headers }, body: { error: { message, type, param: null, code } } };
}

function usualError(status: number, model: string, anthropic: boolean, azure: boolean): { message: string; type: string; code: string | null } {
  switch (status) {
    case 401:
      return anthropic
        ? { message: 'invalid x-api-key', type: 'authentication_error', code: null }
        : azure
          ? { message: 'Access denied due to invalid subscription key or wrong API endpoint.', type: 'invalid_request_error', code: '401' }
          : { message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' };
    case 403:
      return anthropic
        ? { message: 'Your API key does not have permission to use the specified resource.', type: 'permission_error', code: null }
        : { message: 'Project does not have access to this resource.', type: 'invalid_request_error', code: 'unsupported_country_region_territory' };
    case 404:
      return anthropic
        ? { message: `model: ${model}`, type: 'not_found_error', code: null }
        : azure
          ? {
              message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
              type: 'invalid_request_error',
              code: 'DeploymentNotFound',
            }
          : { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' };
    default:
      return { message: `Request failed with status ${status}.`, type: 'invalid_request_error', code: null };
  }
}

function completeAnswer(request: RecordedRequest, answer: Answer): unknown {
  const text = chunksOf(answer).join('');
  const usage = answer.usage === 'omit' ? undefined : (answer.usage ?? DEFAULT_USAGE);
  const model = modelOf(request, answer);
  if (request.protocol === 'anthropic') {
    return {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: answer.finishReason ?? 'end_turn',
      stop_sequence: null,
      usage: usage === undefined ? undefined : { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
    };
  }
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: answer.finishReason ?? 'stop' }],
    usage: usage === undefined ? undefined : { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
  };
}

/** The events of a streamed answer, each marked when it carries a piece of text. */
function streamEvents(request: RecordedRequest, answer: Answer): Array<{ data: string; text: boolean }> {
  const chunks = chunksOf(answer);
  const usage = answer.usage === 'omit' ? undefined : (answer.usage ?? DEFAULT_USAGE);
  const model = modelOf(request, answer);
  if (request.protocol === 'anthropic') {
    return [
      {
        text: false,
        data: sse(
          {
            type: 'message_start',
            message: {
              id: 'msg_fake',
              type: 'message',
              role: 'assistant',
              model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              ...(usage === undefined ? {} : { usage: { input_tokens: usage.inputTokens, output_tokens: 1 } }),
            },
          },
          'message_start',
        ),
      },
      { text: false, data: sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start') },
      { text: false, data: sse({ type: 'ping' }, 'ping') },
      ...chunks.map((text) => ({ text: true, data: sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta') })),
      { text: false, data: sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop') },
      {
        text: false,
        data: sse(
          {
            type: 'message_delta',
            delta: { stop_reason: answer.finishReason ?? 'end_turn', stop_sequence: null },
            ...(usage === undefined ? {} : { usage: { output_tokens: usage.outputTokens } }),
          },
          'message_delta',
        ),
      },
      { text: false, data: sse({ type: 'message_stop' }, 'message_stop') },
    ];
  }
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, system_fingerprint: 'fp_fake' };
  const body = isObject(request.body) ? request.body : {};
  const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
  return [
    // Azure opens with the prompt's content-filter results and no choice.
    ...(request.protocol === 'azure' ? [{ text: false, data: sse({ ...base, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] }) }] : []),
    { text: false, data: sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] }) },
    ...chunks.map((text) => ({ text: true, data: sse({ ...base, choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }] }) })),
    { text: false, data: sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason ?? 'stop' }] }) },
    ...(includeUsage && usage !== undefined
      ? [{ text: false, data: sse({ ...base, choices: [], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } }) }]
      : []),
    { text: false, data: 'data: [DONE]\n\n' },
  ];
}
