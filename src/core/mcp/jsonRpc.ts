// The JSON-RPC 2.0 subset an MCP stdio server needs: one message per line (the MCP stdio
// transport's framing), requests answered in order, notifications never answered. It is written
// here rather than taken from the MCP SDK because that SDK brings an HTTP server stack (express,
// hono, cors…) the CLI has no use for.

/** The JSON-RPC error codes this server answers with. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

/** A failure a method reports to the client as a JSON-RPC error (its message must name no value). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Id = string | number | null;

export type RpcResponse = { jsonrpc: '2.0'; id: Id; result: unknown } | { jsonrpc: '2.0'; id: Id; error: { code: number; message: string } };

/** A method's handler: its params (an object, possibly empty), its result. */
export type RpcMethod = (params: Record<string, unknown>) => Promise<unknown>;

/** The longest line read as one message; a longer one is refused unread. */
export const MAX_MESSAGE_CHARACTERS = 8 * 1024 * 1024;

/**
 * Answers one line of input: the response to write, or undefined for a notification (or a blank
 * line). It never throws: a line that is not JSON, not a request, names an unknown method or
 * whose method fails gets an error response, so a hostile or broken client cannot end the server.
 */
export async function answerLine(line: string, methods: ReadonlyMap<string, RpcMethod>, onInternalError: (error: unknown) => string): Promise<RpcResponse | undefined> {
  if (line.trim() === '') return undefined;
  if (line.length > MAX_MESSAGE_CHARACTERS) return failure(null, RpcErrorCode.invalidRequest, 'message too large');
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return failure(null, RpcErrorCode.parseError, 'parse error');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return failure(null, RpcErrorCode.invalidRequest, 'invalid request');
  const { jsonrpc, id, method, params } = message as Record<string, unknown>;
  // A response from the client (to a request this server never makes) gets no answer.
  if (method === undefined && ('result' in message || 'error' in message)) return undefined;
  const hasId = 'id' in message;
  const validId = id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  if (jsonrpc !== '2.0' || typeof method !== 'string' || (hasId && !validId)) return failure(validId ? (id as Id) : null, RpcErrorCode.invalidRequest, 'invalid request');
  // A notification gets no answer, even when it fails.
  if (!hasId) return undefined;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) return failure(id as Id, RpcErrorCode.invalidParams, 'params must be an object');
  const handler = methods.get(method);
  if (handler === undefined) return failure(id as Id, RpcErrorCode.methodNotFound, `method not found: ${method.slice(0, 100)}`);
  try {
    return { jsonrpc: '2.0', id: id as Id, result: await handler((params ?? {}) as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof RpcError) return failure(id as Id, error.code, error.message);
    return failure(id as Id, RpcErrorCode.internalError, onInternalError(error));
  }
}

function failure(id: Id, code: number, message: string): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** A string parameter, or an invalid-params error naming it. */
export function stringParam(params: Record<string, unknown>, name: string, required: true): string;
export function stringParam(params: Record<string, unknown>, name: string, required: false): string | undefined;
export function stringParam(params: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = params[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new RpcError(RpcErrorCode.invalidParams, `'${name}' must be a string`);
  return value;
}
