import { strict as assert } from 'node:assert';
import { answerLine, MAX_MESSAGE_CHARACTERS, RpcError, RpcErrorCode, type RpcMethod } from '../../src/core/mcp/jsonRpc';

const methods = new Map<string, RpcMethod>([
  ['echo', (params) => Promise.resolve(params)],
  ['fails', () => Promise.reject(new Error('disk on fire'))],
  ['refuses', () => Promise.reject(new RpcError(RpcErrorCode.invalidParams, 'no such prompt'))],
]);
const internal: unknown[] = [];
const answer = (line: string) => answerLine(line, methods, (error) => (internal.push(error), 'internal error'));

describe('the MCP server’s JSON-RPC framing', () => {
  it('answers a request with its id and result, and a notification or a client response not at all', async () => {
    assert.deepEqual(await answer('{"jsonrpc":"2.0","id":"a","method":"echo","params":{"x":1}}'), { jsonrpc: '2.0', id: 'a', result: { x: 1 } });
    assert.deepEqual(await answer('{"jsonrpc":"2.0","id":7,"method":"echo"}'), { jsonrpc: '2.0', id: 7, result: {} });
    assert.equal(await answer('{"jsonrpc":"2.0","method":"echo"}'), undefined);
    assert.equal(await answer('{"jsonrpc":"2.0","id":3,"result":{}}'), undefined, 'a response is not a request');
    assert.equal(await answer('   '), undefined);
  });

  it('turns every malformed or failing message into an error response, never a throw', async () => {
    const code = async (line: string) => {
      const response = await answer(line);
      assert.ok(response !== undefined && 'error' in response, line);
      return [response.id, response.error.code];
    };
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":1,'), [null, RpcErrorCode.parseError]);
    assert.deepEqual(await code('"just a string"'), [null, RpcErrorCode.invalidRequest]);
    assert.deepEqual(await code('[{"jsonrpc":"2.0","id":1,"method":"echo"}]'), [null, RpcErrorCode.invalidRequest]);
    assert.deepEqual(await code('{"jsonrpc":"1.0","id":1,"method":"echo"}'), [1, RpcErrorCode.invalidRequest]);
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":{"x":1},"method":"echo"}'), [null, RpcErrorCode.invalidRequest]);
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":1,"method":"echo","params":[1]}'), [1, RpcErrorCode.invalidParams]);
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":1,"method":"nope"}'), [1, RpcErrorCode.methodNotFound]);
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":1,"method":"refuses"}'), [1, RpcErrorCode.invalidParams]);
    assert.deepEqual(await code('{"jsonrpc":"2.0","id":1,"method":"fails"}'), [1, RpcErrorCode.internalError]);
    assert.equal(internal.length, 1, 'an unexpected failure is reported to the server, which chooses what the client reads');
    assert.deepEqual(await code(`{"jsonrpc":"2.0","id":1,"method":"echo","params":{"x":"${'a'.repeat(MAX_MESSAGE_CHARACTERS)}"}}`), [null, RpcErrorCode.invalidRequest]);
  });
});
