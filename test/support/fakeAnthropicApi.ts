import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local fake of the Anthropic Messages API for driving a real Claude Code offline, on
 * 127.0.0.1 with a free port. `POST /v1/messages` answers with what the test scripts for that
 * turn: a text, or a `tool_use` block (Claude Code then runs the tool, its hooks first, and
 * sends the result in the next request). Streamed requests get the real server-sent events
 * (`message_start` … `message_stop`, `input_json_delta` for a tool's input); others get the
 * message as JSON. Any other path gets the API's 404 error.
 *
 * Every request is recorded with its raw body as received, so that a test can search every
 * byte that left the tool (`bodies()`), and its key reduced to whether there was one.
 */
export type Turn = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

export interface RecordedCall {
  method: string;
  path: string;
  /** The body exactly as received. */
  raw: string;
  /** Whether an `x-api-key` or bearer key came with it. */
  hadKey: boolean;
  /** The parsed `messages` request, when it was one. */
  messages?: { model?: string; stream?: boolean; messages?: unknown[]; tools?: Array<{ name?: string }> };
}

export class FakeAnthropicApi {
  readonly calls: RecordedCall[] = [];
  private readonly sockets = new Set<Socket>();
  private turn = 0;

  private constructor(
    private readonly server: Server,
    /** What to answer to the n-th `messages` request (0-based) of a conversation. */
    private readonly script: (call: RecordedCall, index: number) => Turn,
  ) {}

  static async start(script: (call: RecordedCall, index: number) => Turn): Promise<FakeAnthropicApi> {
    const server = createServer();
    const fake = new FakeAnthropicApi(server, script);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (request, response) => fake.handle(request, response));
    // A tool pointed at this server as its proxy asks it to tunnel to any other host: recorded, then refused.
    server.on('connect', (request: IncomingMessage, socket: Socket) => {
      fake.calls.push({ method: 'CONNECT', path: request.url ?? '', raw: '', hadKey: false });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** `ANTHROPIC_BASE_URL` for the tool. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The `messages` requests, in order. */
  get messageCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.messages !== undefined);
  }

  /** Every body received, whatever its path, as one text to search. */
  bodies(): string {
    return this.calls.map((call) => `${call.path}\n${call.raw}`).join('\n');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const hadKey = typeof request.headers['x-api-key'] === 'string' || /^Bearer /.test(request.headers.authorization ?? '');
      const call: RecordedCall = { method: request.method ?? 'GET', path, raw, hadKey };
      this.calls.push(call);
      if (request.method !== 'POST' || path !== '/v1/messages') {
        sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `No fake for ${request.method} ${path}.` } });
        return;
      }
      try {
        call.messages = JSON.parse(raw) as NonNullable<RecordedCall['messages']>;
      } catch {
        sendJson(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'The body is not JSON.' } });
        return;
      }
      const turn = this.script(call, this.turn++);
      const model = call.messages.model ?? 'claude-fake';
      if (call.messages.stream === true) stream(response, model, turn);
      else sendJson(response, 200, message(model, turn));
    });
  }
}

function block(turn: Turn, index: number): Record<string, unknown> {
  return 'text' in turn ? { type: 'text', text: turn.text } : { type: 'tool_use', id: `toolu_fake_${index}`, name: turn.toolUse.name, input: turn.toolUse.input };
}

function message(model: string, turn: Turn): Record<string, unknown> {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [block(turn, 0)],
    stop_reason: 'text' in turn ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

function stream(response: ServerResponse, model: string, turn: Turn): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>) => response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', { message: { ...message(model, turn), content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } });
  if ('text' in turn) {
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: turn.text } });
  } else {
    event('content_block_start', { index: 0, content_block: { ...block(turn, 0), input: {} } });
    event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.toolUse.input) } });
  }
  event('content_block_stop', { index: 0 });
  event('message_delta', { delta: { stop_reason: 'text' in turn ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } });
  event('message_stop', {});
  response.end();
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}
