import { Buffer } from 'node:buffer';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { encodeEvent, encodeException, encodeMessage } from './eventStream';
import { type Answer, DEFAULT_CHUNKS, DEFAULT_USAGE, type Fault, type Script } from './fakeAiServer';

/**
 * Local fakes of the cloud AI services, on 127.0.0.1 with a free port, speaking their real wire
 * protocols so that the official SDKs can be pointed at them:
 *
 * - `FakeBedrockServer`: Bedrock Runtime's `POST /model/{modelId}/converse-stream` over HTTP/2
 *   without TLS (the AWS SDK's handler for event streams is HTTP/2), answering with
 *   `application/vnd.amazon.eventstream` frames (`eventStream.ts`), and its errors as Bedrock
 *   sends them (status, `x-amzn-errortype`, a JSON `message`; exception frames inside a stream).
 *   It records the SigV4 `Authorization` header's scheme and access key id, and every header
 *   value as sent, so that a test can assert what left the client.
 * - `FakeGoogleServer`: the Gemini API (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`,
 *   key in `x-goog-api-key`) and Vertex AI (`POST /v1beta1/projects/{p}/locations/{l}/publishers/google/models/{model}:streamGenerateContent?alt=sse`,
 *   a bearer token), with an OAuth token endpoint (`POST /token`, the refresh-token grant of an
 *   `authorized_user` file) that issues the only token Vertex accepts.
 *
 * Both take the scripts of `FakeAiServer` (`Answer` or `Fault`), through `answer` and `enqueue`.
 */

/** What one request carried, as the server saw it. */
export interface CloudRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Every header as sent, names in lower case: what left the client, for tests that look for a secret. */
  rawHeaders: Record<string, string>;
  /** The raw body as sent. */
  rawBody: string;
  body: unknown;
  /** Bedrock: the model id of the path. Google: the model named in the path. */
  model?: string;
  /** Set when the client closed the stream before the answer was complete. */
  closedByClient: boolean;
  clientClosed: Promise<void>;
}

abstract class ScriptedServer {
  readonly requests: CloudRequest[] = [];
  answer: (request: CloudRequest) => Script = () => ({});
  protected readonly queue: Script[] = [];
  protected readonly timers = new Set<ReturnType<typeof setTimeout>>();

  enqueue(...scripts: Script[]): void {
    this.queue.push(...scripts);
  }

  protected next(request: CloudRequest): Script {
    return this.queue.shift() ?? this.answer(request);
  }

  protected pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  protected async read(request: IncomingMessage | Http2ServerRequest, response: ServerResponse | Http2ServerResponse): Promise<CloudRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const rawHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) rawHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    let resolveClosed: () => void = () => undefined;
    const recorded: CloudRequest = {
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      rawHeaders,
      rawBody,
      body,
      closedByClient: false,
      clientClosed: new Promise<void>((resolve) => (resolveClosed = resolve)),
    };
    // An HTTP/2 response reports its stream's end on the stream itself.
    const closing = 'stream' in response ? response.stream : response;
    closing.on('close', () => {
      if (!response.writableEnded) {
        recorded.closedByClient = true;
        resolveClosed();
      }
    });
    this.requests.push(recorded);
    return recorded;
  }

  protected clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function chunksOf(answer: Answer): string[] {
  if (answer.chunks) return answer.chunks;
  if (answer.text === undefined) return DEFAULT_CHUNKS;
  const size = Math.ceil(answer.text.length / 4) || 1;
  const pieces: string[] = [];
  for (let at = 0; at < answer.text.length; at += size) pieces.push(answer.text.slice(at, at + size));
  return pieces;
}

/** Bedrock's exception names for a fault's status, as `x-amzn-errortype` carries them. */
const BEDROCK_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

export interface BedrockCredentials {
  accessKeyId: string;
}

export class FakeBedrockServer extends ScriptedServer {
  private readonly sessions = new Set<ServerHttp2Session>();

  private constructor(
    private readonly server: Http2Server,
    private readonly expected: BedrockCredentials | undefined,
  ) {
    super();
  }

  /** Starts the server; with `credentials`, a request signed with another access key id is refused as Bedrock refuses it. */
  static async start(credentials?: BedrockCredentials): Promise<FakeBedrockServer> {
    const server = createHttp2Server();
    const fake = new FakeBedrockServer(server, credentials);
    server.on('session', (session) => {
      fake.sessions.add(session);
      session.on('close', () => fake.sessions.delete(session));
    });
    server.on('request', (request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.clearTimers();
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: Http2ServerRequest, response: Http2ServerResponse): Promise<void> {
    const recorded = await this.read(request, response);
    const match = /^\/model\/([^/]+)\/converse-stream$/.exec(recorded.path);
    if (request.method !== 'POST' || match?.[1] === undefined) return this.error(response, 404, 'UnknownOperationException', `Unknown operation ${recorded.path}`);
    recorded.model = decodeURIComponent(match[1]);
    const authorization = recorded.rawHeaders.authorization ?? '';
    const credential = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(authorization)?.[1];
    if (credential === undefined) return this.error(response, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    if (this.expected !== undefined && credential !== this.expected.accessKeyId) {
      return this.error(response, 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const script = this.next(recorded);
    if ('fault' in script) {
      switch (script.fault) {
        case 'hang':
          return;
        case 'status':
          return this.error(response, script.status, script.code ?? BEDROCK_ERROR_TYPES[script.status] ?? 'ValidationException', script.message ?? 'The request failed.', script.headers);
        case 'context-too-large':
          return this.error(response, 400, 'ValidationException', 'Input is too long for requested model.');
        case 'rate-limited':
          return this.error(response, 429, 'ThrottlingException', 'Too many requests, please wait before trying again.', {
            ...(script.retryAfter === undefined ? {} : { 'retry-after': script.retryAfter }),
          });
        case 'server-error':
          return this.error(response, script.status ?? 500, BEDROCK_ERROR_TYPES[script.status ?? 500] ?? 'InternalServerException', 'The server encountered an error.');
        default:
          break;
      }
    }
    await this.stream(recorded, response, script);
  }

  private error(response: Http2ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': 'fake-request',
      ...headers,
    });
    response.end(JSON.stringify({ message }));
  }

  private async stream(request: CloudRequest, response: Http2ServerResponse, script: Script): Promise<void> {
    const answer: Answer = 'fault' in script ? {} : script;
    const fault = 'fault' in script ? script : undefined;
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'fake-request' });
    response.write(encodeEvent('messageStart', { role: 'assistant' }));
    const chunks = chunksOf(answer);
    for (const [index, text] of chunks.entries()) {
      if (fault !== undefined && 'afterChunks' in fault && index >= (fault.afterChunks ?? 0)) return this.breakStream(response, fault);
      const delay = answer.delaysMs?.[index] ?? answer.chunkDelayMs ?? 0;
      if (delay > 0) await this.pause(delay);
      if (response.destroyed || request.closedByClient) return;
      response.write(encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }));
    }
    if (fault !== undefined && 'afterChunks' in fault) return this.breakStream(response, fault);
    response.write(encodeEvent('contentBlockStop', { contentBlockIndex: 0 }));
    response.write(encodeEvent('messageStop', { stopReason: answer.finishReason ?? 'end_turn' }));
    const usage = answer.usage === 'omit' ? undefined : (answer.usage ?? DEFAULT_USAGE);
    response.write(
      encodeEvent('metadata', {
        ...(usage === undefined ? {} : { usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens } }),
        metrics: { latencyMs: 12 },
      }),
    );
    response.end();
  }

  private breakStream(response: Http2ServerResponse, fault: Fault): void {
    if (fault.fault === 'truncate') {
      // The stream ends before messageStop and metadata, as when a connection is cut between two
      // events; a reset would also make the client drop the frames it has not read yet.
      response.end();
      return;
    }
    if (fault.fault === 'malformed') {
      // A frame whose message CRC is wrong: the SDK's decoder must refuse it.
      const frame = encodeMessage({ ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from('{"delta":{"text":"x"}}'));
      frame.writeUInt32BE((frame.readUInt32BE(frame.length - 4) + 1) >>> 0, frame.length - 4);
      response.end(frame);
      return;
    }
    if (fault.fault === 'stream-error') {
      response.end(encodeException(fault.type ?? 'modelStreamErrorException', fault.message ?? 'The model stream failed.'));
      return;
    }
    response.end();
  }
}

/** Google's error bodies, as both APIs send them. */
function googleError(status: number, googleStatus: string, message: string, details: unknown[] = []): { status: number; body: unknown } {
  return { status, body: { error: { code: status, message, status: googleStatus, ...(details.length > 0 ? { details } : {}) } } };
}

const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface FakeGoogleOptions {
  /** The Gemini API key accepted (others get Google's 400 API_KEY_INVALID). */
  apiKey?: string;
  /** The refresh token the token endpoint accepts. */
  refreshToken?: string;
}

export class FakeGoogleServer extends ScriptedServer {
  /** The access token the token endpoint issued last; Vertex calls must carry it. */
  issuedToken: string | undefined;
  readonly tokenRequests: CloudRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private tokenCount = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeGoogleOptions,
  ) {
    super();
  }

  static async start(options: FakeGoogleOptions = {}): Promise<FakeGoogleServer> {
    const server = createHttpServer();
    const fake = new FakeGoogleServer(server, options);
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
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  async close(): Promise<void> {
    this.clearTimers();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded = await this.read(request, response);
    if (request.method === 'POST' && recorded.path === '/token') {
      this.requests.pop();
      this.tokenRequests.push(recorded);
      return this.token(recorded, response);
    }
    const gemini = /^\/v1(?:beta)?\/models\/([^/:]+):streamGenerateContent$/.exec(recorded.path);
    const vertex = /^\/v1(?:beta1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):streamGenerateContent$/.exec(recorded.path);
    const model = gemini?.[1] ?? vertex?.[3];
    if (request.method !== 'POST' || model === undefined || recorded.query.alt !== 'sse') return send(response, googleError(404, 'NOT_FOUND', `Unknown path ${recorded.path}`));
    recorded.model = decodeURIComponent(model);
    if (gemini !== null && this.options.apiKey !== undefined && recorded.rawHeaders['x-goog-api-key'] !== this.options.apiKey) {
      return send(
        response,
        googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
        ]),
      );
    }
    if (vertex !== null && (this.issuedToken === undefined || recorded.rawHeaders.authorization !== `Bearer ${this.issuedToken}`)) {
      return send(response, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'));
    }
    const script = this.next(recorded);
    if ('fault' in script) {
      switch (script.fault) {
        case 'hang':
          return;
        case 'status':
          return send(response, googleError(script.status, script.code ?? GOOGLE_STATUS[script.status] ?? 'UNKNOWN', script.message ?? 'The request failed.'), script.headers);
        case 'context-too-large':
          return send(response, googleError(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'));
        case 'rate-limited':
          return send(
            response,
            googleError(
              429,
              'RESOURCE_EXHAUSTED',
              'Resource has been exhausted (e.g. check quota).',
              script.retryAfter === undefined ? [] : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${script.retryAfter}s` }],
            ),
            script.retryAfter === undefined ? {} : { 'retry-after': script.retryAfter },
          );
        case 'server-error':
          return send(response, googleError(script.status ?? 500, GOOGLE_STATUS[script.status ?? 500] ?? 'INTERNAL', 'Internal error encountered.'));
        default:
          break;
      }
    }
    await this.stream(recorded, response, script);
  }

  private token(request: CloudRequest, response: ServerResponse): void {
    const form = new URLSearchParams(request.rawBody);
    if (form.get('grant_type') !== 'refresh_token' || (this.options.refreshToken !== undefined && form.get('refresh_token') !== this.options.refreshToken)) {
      return send(response, { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } });
    }
    this.issuedToken = `ya29.fake-access-token-${++this.tokenCount}`;
    send(response, { status: 200, body: { access_token: this.issuedToken, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/cloud-platform' } });
  }

  private async stream(request: CloudRequest, response: ServerResponse, script: Script): Promise<void> {
    const answer: Answer = 'fault' in script ? {} : script;
    const fault = 'fault' in script ? script : undefined;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunks = chunksOf(answer);
    const usage = answer.usage === 'omit' ? undefined : (answer.usage ?? DEFAULT_USAGE);
    const modelVersion = answer.model ?? request.model ?? '';
    const data = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\r\n\r\n`);
    for (const [index, text] of chunks.entries()) {
      if (fault !== undefined && 'afterChunks' in fault && index >= (fault.afterChunks ?? 0)) return this.breakStream(response, fault);
      const delay = answer.delaysMs?.[index] ?? answer.chunkDelayMs ?? 0;
      if (delay > 0) await this.pause(delay);
      if (response.destroyed || request.closedByClient) return;
      const last = index === chunks.length - 1 && fault === undefined;
      data({
        candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(last ? { finishReason: answer.finishReason ?? 'STOP' } : {}) }],
        ...(usage === undefined
          ? {}
          : {
              usageMetadata: {
                promptTokenCount: usage.inputTokens,
                ...(last ? { candidatesTokenCount: usage.outputTokens } : {}),
                totalTokenCount: usage.inputTokens + (last ? usage.outputTokens : 0),
              },
            }),
        modelVersion,
        responseId: 'fake-response',
      });
    }
    if (fault !== undefined && 'afterChunks' in fault) return this.breakStream(response, fault);
    response.end();
  }

  private breakStream(response: ServerResponse, fault: Fault): void {
    if (fault.fault === 'truncate') {
      // The connection ends in the middle of an event, as when a proxy or the network cuts it.
      response.end('data: {"candidates": [{"content": {"parts": [{"te');
      return;
    }
    if (fault.fault === 'malformed') {
      response.end('data: {"candidates": [ not json\r\n\r\n');
      return;
    }
    if (fault.fault === 'stream-error') {
      response.end(`data: ${JSON.stringify({ error: { code: 500, message: fault.message ?? 'An internal error has occurred.', status: 'INTERNAL' } })}\r\n\r\n`);
      return;
    }
    response.end();
  }
}

function send(response: ServerResponse, { status, body }: { status: number; body: unknown }, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}
