import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local fake of the Gemini API (`generateContent`, `streamGenerateContent?alt=sse`,
 * `countTokens`) for driving a real Gemini CLI offline through `GOOGLE_GEMINI_BASE_URL`, on
 * 127.0.0.1 with a free port. What the main conversation gets is scripted per request: a text,
 * or a `functionCall` part (the CLI then runs the tool, its hooks first, and sends the result in
 * the next request). Every request is recorded with its raw body, so that a test can search every
 * byte that left the tool.
 */
export type GeminiTurn = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

export interface GeminiCall {
  method: string;
  path: string;
  raw: string;
}

export class FakeGeminiApi {
  readonly calls: GeminiCall[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly script: (call: GeminiCall) => GeminiTurn,
  ) {}

  static async start(script: (call: GeminiCall) => GeminiTurn): Promise<FakeGeminiApi> {
    const server = createServer();
    const fake = new FakeGeminiApi(server, script);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (request, response) => fake.handle(request, response));
    server.on('connect', (request: IncomingMessage, socket: Socket) => {
      fake.calls.push({ method: 'CONNECT', path: request.url ?? '', raw: '' });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The requests that ask a model for content (the conversation and the CLI's own routing). */
  get contentCalls(): GeminiCall[] {
    return this.calls.filter((call) => /:(stream)?generateContent/i.test(call.path));
  }

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
      const call: GeminiCall = { method: request.method ?? 'GET', path: request.url ?? '/', raw: Buffer.concat(chunks).toString('utf8') };
      this.calls.push(call);
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (call.path.includes(':countTokens')) return json(200, { totalTokens: 10 });
      if (call.path.includes(':streamGenerateContent')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${JSON.stringify(candidate(this.script(call)))}\n\n`);
        response.end();
        return;
      }
      // The CLI's own side requests (choosing a model, checking the next speaker) are not the conversation: a plain JSON text.
      if (call.path.includes(':generateContent')) return json(200, candidate({ text: '{"reasoning":"fake","model_choice":"flash","next_speaker":"user"}' }));
      return json(404, { error: { code: 404, message: `No fake for ${call.method} ${call.path}.`, status: 'NOT_FOUND' } });
    });
  }
}

function candidate(turn: GeminiTurn): Record<string, unknown> {
  const part = 'text' in turn ? { text: turn.text } : { functionCall: turn.functionCall };
  return {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-fake',
  };
}
