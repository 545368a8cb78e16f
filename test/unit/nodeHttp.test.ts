import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchHttp } from '../../src/node/http';

/** The organisation policy's GET, shared by the CLI and the editor. */
describe('node: the HTTP GET adapter', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  beforeEach(async () => {
    server = createServer((request, response) => {
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/policy.jsonc' });
        response.end();
      } else if (request.url === '/policy.jsonc') {
        response.end('{ "version": 1 }');
      } else if (request.url === '/slow') {
        // Never answers: the adapter's timeout must end the wait.
      } else {
        response.writeHead(404);
        response.end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the status and the body, following a redirect on the same scheme', async () => {
    assert.deepEqual(await fetchHttp().get(`${base}/moved`, { timeoutMs: 10_000 }), { status: 200, text: '{ "version": 1 }' });
    assert.deepEqual(await fetchHttp().get(`${base}/missing`, { timeoutMs: 10_000 }), { status: 404, text: 'not here' });
  });

  it('rejects on timeout', async () => {
    await assert.rejects(fetchHttp().get(`${base}/slow`, { timeoutMs: 200 }), /abort|timeout/i);
  });

  it('refuses an https: policy answered from http: after a redirect, naming where it went', async () => {
    // A fetch as the runtime's would end after following https://intranet → http://elsewhere.
    const answeredFrom = (url: string, body: string) => {
      const response = new Response(body);
      Object.defineProperty(response, 'url', { value: url });
      return (async () => response) as unknown as typeof fetch;
    };
    const followed = answeredFrom('http://evil.example/policy.jsonc', '{ "rules": [] }');
    await assert.rejects(fetchHttp(followed).get('https://intranet.example/policy.jsonc', { timeoutMs: 1_000 }), /redirected from https: to http: \(http:\/\/evil\.example\/policy\.jsonc\)/);
    const stayed = answeredFrom('https://cdn.example/policy.jsonc', 'ok');
    assert.deepEqual(await fetchHttp(stayed).get('https://intranet.example/policy.jsonc', { timeoutMs: 1_000 }), { status: 200, text: 'ok' });
  });
});
