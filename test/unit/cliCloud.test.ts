import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBedrockServer, FakeGoogleServer } from '../support/fakeCloudServers';
import { repoRoot } from '../support/repo';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node dist/cli.js run` (built by `node scripts/build.mjs --tests`) with each cloud kind, end to
 * end against the local fakes: flags to provider, the SDK bundles loaded from dist/, the
 * footer naming the model and its cost, and the audit record.
 */
describe('ai-guard run --kind bedrock|gemini|vertex-ai against local fakes', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ai-guard-cli-cloud-'));
    mkdirSync(join(folder, '.git'));
    mkdirSync(join(folder, '.aiguard'));
    mkdirSync(join(folder, 'src'));
    writeFileSync(join(folder, '.aiguard', 'policy.json'), JSON.stringify({ version: 1 }));
    writeFileSync(join(folder, 'src', 'clean.ts'), 'export const answer = 42;\n');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const auditFile = () => join(folder, 'data', 'audit.jsonl');

  function run(args: readonly string[], env: Record<string, string>): Promise<Exit> {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', 'explain-code', '--file', 'src/clean.ts', '--audit-file', auditFile(), ...args], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', HOME: folder, XDG_DATA_HOME: join(folder, 'data'), XDG_CACHE_HOME: join(folder, 'cache'), LANG: 'C', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  /** The audit log names the provider's kind and the model that answered, with its cost. */
  function assertAudited(kind: string, model: string): void {
    const text = readFileSync(auditFile(), 'utf8');
    assert.ok(text.includes(`"kind":"${kind}"`), text);
    assert.ok(text.includes(`"model":"${model}"`), text);
    assert.match(text, /"cost":\{"amount":[0-9.e-]+,"currency":"EUR","estimated":false,"priced":true\}/);
  }

  it('bedrock: --region and --base-url, credentials from the environment, the secret never printed', async () => {
    const server = await FakeBedrockServer.start({ accessKeyId: 'AKIAFAKECLITEST00001' });
    try {
      const secret = 'fake-cli-secret-0123456789abcdefghijklmn';
      const exit = await run(['--kind', 'bedrock', '--region', 'eu-west-3', '--base-url', server.url, '--model', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'], {
        AWS_ACCESS_KEY_ID: 'AKIAFAKECLITEST00001',
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'Hello from the fake server.\n');
      assert.match(exit.stderr, /answered by eu\.anthropic\.claude-haiku-4-5-20251001-v1:0; 12 tokens in, 4 out; cost 0\.0000 EUR; masked/);
      assert.ok(!exit.stderr.includes(secret));
      assert.equal(server.requests.length, 1);
      assert.match(server.requests[0]?.rawHeaders.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIAFAKECLITEST00001\/\d{8}\/eu-west-3\/bedrock\//);
      assertAudited('bedrock', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0');
    } finally {
      await server.close();
    }
  });

  it('bedrock without --region is refused before anything is sent, saying what is missing', async () => {
    const exit = await run(['--kind', 'bedrock', '--model', 'amazon.nova-lite-v1:0'], {});
    assert.equal(exit.code, 2);
    assert.match(exit.stderr, /bedrock needs --region.*The property 'region' is required for a provider of kind 'bedrock'/);
  });

  it('gemini: GEMINI_API_KEY is not sent to a private --base-url; AI_GUARD_API_KEY is', async () => {
    const server = await FakeGoogleServer.start({ apiKey: 'AIza-cli-generic-key-0123456789' });
    try {
      const exit = await run(['--kind', 'gemini', '--base-url', server.url, '--model', 'gemini-2.5-flash'], {
        GEMINI_API_KEY: 'AIza-vendor-key-not-for-here-01234',
        AI_GUARD_API_KEY: 'AIza-cli-generic-key-0123456789',
      });
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'Hello from the fake server.\n');
      assert.match(exit.stderr, /answered by gemini-2\.5-flash; 12 tokens in, 4 out; cost 0\.0000 EUR/);
      assert.equal(server.requests[0]?.rawHeaders['x-goog-api-key'], 'AIza-cli-generic-key-0123456789');
      assertAudited('gemini', 'gemini-2.5-flash');
    } finally {
      await server.close();
    }
  });

  it('vertex-ai: --project, --location and --token-url with application-default credentials', async () => {
    const server = await FakeGoogleServer.start({ refreshToken: '1//cli-refresh-token' });
    try {
      const credentials = join(folder, 'adc.json');
      writeFileSync(credentials, JSON.stringify({ type: 'authorized_user', client_id: 'c.apps.googleusercontent.com', client_secret: 'cli-client-secret', refresh_token: '1//cli-refresh-token' }));
      const exit = await run(
        ['--kind', 'vertex-ai', '--project', 'etech-client-b', '--location', 'europe-west1', '--base-url', server.url, '--token-url', server.tokenUrl, '--model', 'gemini-2.5-pro'],
        { GOOGLE_APPLICATION_CREDENTIALS: credentials },
      );
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'Hello from the fake server.\n');
      assert.match(exit.stderr, /answered by gemini-2\.5-pro; 12 tokens in, 4 out; cost 0\.0001 EUR/);
      assert.equal(server.tokenRequests.length, 1);
      assert.equal(server.requests[0]?.path, '/v1beta1/projects/etech-client-b/locations/europe-west1/publishers/google/models/gemini-2.5-pro:streamGenerateContent');
      assert.ok(!exit.stderr.includes('cli-client-secret') && !exit.stderr.includes('ya29'));
      assertAudited('vertex-ai', 'gemini-2.5-pro');
    } finally {
      await server.close();
    }
  });

  it('a cheaper model the policy prefers for the template is the one called, named in the footer and the audit with its cost', async () => {
    const server = await FakeBedrockServer.start({ accessKeyId: 'AKIAFAKECLITEST00001' });
    try {
      writeFileSync(join(folder, '.aiguard', 'policy.json'), JSON.stringify({ version: 1, cost: { preferredModels: { templates: { 'explain-code': { 'aws-eu': 'eu.amazon.nova-lite-v1:0' } } } } }));
      writeFileSync(
        join(folder, '.aiguard', 'providers.json'),
        JSON.stringify({ providers: [{ id: 'aws-eu', kind: 'bedrock', region: 'eu-west-3', baseUrl: server.url, model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' }] }),
      );
      const exit = await run(['--provider', 'aws-eu'], {
        AWS_ACCESS_KEY_ID: 'AKIAFAKECLITEST00001',
        AWS_SECRET_ACCESS_KEY: 'fake-cli-secret-0123456789abcdefghijklmn',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(server.requests[0]?.model, 'eu.amazon.nova-lite-v1:0');
      assert.match(exit.stderr, /the policy prefers model eu\.amazon\.nova-lite-v1:0 for template 'explain-code' on provider 'aws-eu'/);
      assert.match(exit.stderr, /answered by eu\.amazon\.nova-lite-v1:0; 12 tokens in, 4 out; cost 0\.0000 EUR/);
      assertAudited('bedrock', 'eu.amazon.nova-lite-v1:0');
      assert.ok(!readFileSync(auditFile(), 'utf8').includes('claude-sonnet'), 'the audit names the model that answered');
    } finally {
      await server.close();
    }
  });
});
