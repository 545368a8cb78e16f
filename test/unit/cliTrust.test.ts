import { strict as assert } from 'node:assert';
import { runCli } from '../../src/cli/main';
import { FakeAiServer } from '../support/fakeAiServer';
import { MemoryFiles, runCliOn } from '../support/ports';

/** Vendor keys a developer has in their shell; none of them may reach the fake server. */
const OPENAI_KEY = 'sk-proj-OPENAIvendorKEY0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-api03-ANTHROPICvendorKEY0123456789';
/** The key meant for the provider that is called. */
const GENERIC_KEY = 'sk-generic-AIGUARD-0123456789abcdef';

const SECRET_FILE = 'export const dsn = "postgres://app:Tr0ub4dor-x9@db.example:5432/app";\n';

describe('ai-guard run: a provider is its id, kind and address together, and keys go only where they belong', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    // The server accepts only the vendor keys: a request it accepts is a request that leaked one.
    server = await FakeAiServer.start({ apiKey: OPENAI_KEY });
  });
  afterEach(() => server.close());

  function workspace(providers: object[]): MemoryFiles {
    return new MemoryFiles({
      '/repo/.aiguard/policy.json': JSON.stringify({ version: 1 }),
      '/repo/.aiguard/providers.json': JSON.stringify({ providers }),
      '/repo/src/db.ts': SECRET_FILE,
      '/repo/src/clean.ts': 'export const answer = 42;\n',
    });
  }

  it("a providers file binding the trusted id 'mistral' to another host and kind gets none of its tags, and no OpenAI key", async () => {
    const files = workspace([{ id: 'mistral', kind: 'openai', baseUrl: server.openaiBaseUrl, model: 'mistral-large' }]);
    const env = { OPENAI_API_KEY: OPENAI_KEY };
    // A confidential file (it holds a secret) needs an eu-hosted, client-tenant or local provider.
    const confidential = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/db.ts', '--provider', 'mistral'], files, { cwd: '/repo', env });
    assert.equal(confidential.code, 1, confidential.stderr);
    assert.match(confidential.stderr, /Provider 'mistral' is configured with kind openai, but the built-in policy declares 'mistral' as openai-compatible/);
    assert.match(confidential.stderr, /Fix "kind"/);
    assert.equal(server.requests.length, 0, 'nothing was sent');
    // Where any provider is allowed it may run, but the OpenAI key does not go to this host.
    const plain = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'mistral'], files, { cwd: '/repo', env });
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /No API key is set for provider 'mistral'\. OPENAI_API_KEY is not sent to http:\/\/127\.0\.0\.1:\d+\/v1/);
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });

  it('the right kind at the wrong address gets none of the tags either, and is told which key to fix', async () => {
    const files = workspace([{ id: 'mistral', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'mistral-large' }]);
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/db.ts', '--provider', 'mistral'], files, { cwd: '/repo', env: { AI_GUARD_API_KEY: GENERIC_KEY } });
    assert.equal(code, 1);
    assert.match(stderr, /Provider 'mistral' is configured at http:\/\/127\.0\.0\.1:\d+, which the built-in policy does not list among the endpoints of 'mistral' \(https:\/\/api\.mistral\.ai\)/);
    assert.match(stderr, /Fix "baseUrl"/);
    assert.equal(server.requests.length, 0);
  });

  it('an id the policy lists by name is not that provider at another address', async () => {
    const files = workspace([{ id: 'acme-gw', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'm' }]);
    files.write(
      '/repo/.aiguard/policy.json',
      JSON.stringify({ version: 1, providers: { 'acme-gw': { endpoints: ['https://llm.acme.example'] } }, matrix: { confidential: { aiAllowed: true, providers: ['acme-gw'] } } }),
    );
    const { code } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/db.ts', '--provider', 'acme-gw'], files, { cwd: '/repo', env: { AI_GUARD_API_KEY: GENERIC_KEY } });
    assert.equal(code, 1);
    assert.equal(server.requests.length, 0);
  });

  for (const [kind, variable, key, baseUrl] of [
    ['openai', 'OPENAI_API_KEY', OPENAI_KEY, (s: FakeAiServer) => s.openaiBaseUrl],
    ['anthropic', 'ANTHROPIC_API_KEY', ANTHROPIC_KEY, (s: FakeAiServer) => s.anthropicBaseUrl],
  ] as const) {
    it(`--kind ${kind} --base-url <elsewhere> never sends ${variable} there`, async () => {
      server.apiKey = key;
      const adHoc = ['--kind', kind, '--base-url', baseUrl(server), '--model', 'test-model'];
      const files = workspace([]);
      const withoutOther = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', ...adHoc], files, { cwd: '/repo', env: { [variable]: key } });
      assert.equal(withoutOther.code, 2);
      assert.match(withoutOther.stderr, new RegExp(`No API key is set for provider 'cli'\\. ${variable} is not sent to http://127\\.0\\.0\\.1:\\d+.*AI_GUARD_API_KEY`));
      assert.ok(!withoutOther.stderr.includes(key));
      assert.equal(server.requests.length, 0, 'nothing was sent');

      // With a key meant for this provider, that key is sent, and the vendor's is not.
      const withOther = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', ...adHoc], files, { cwd: '/repo', env: { [variable]: key, AI_GUARD_API_KEY: GENERIC_KEY } });
      assert.equal(server.requests.length, 1, withOther.stderr);
      const [request] = server.requests;
      assert.ok(request?.hadKey, 'a key was sent');
      assert.equal(request?.keyAccepted, false, `the key sent was not ${variable}`);
      assert.ok(!JSON.stringify(request).includes(key));
    });
  }

  it('an endpoint the outermost policy names for a provider may get its vendor key', async () => {
    const files = workspace([{ id: 'etech-gw', kind: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o' }]);
    const origin = new URL(server.openaiBaseUrl).origin;
    files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, providers: { 'etech-gw': { tags: ['eu-hosted'], kind: 'openai', endpoints: [origin] } } }));
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/db.ts', '--provider', 'etech-gw'], files, { cwd: '/repo', env: { OPENAI_API_KEY: OPENAI_KEY } });
    assert.equal(code, 0, stderr);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.keyAccepted, true, 'the policy named this endpoint for the provider');
  });
});
