import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureAiTools } from '../../scripts/lib/aiTools.mjs';
import { repoRoot } from '../../scripts/lib/editor.mjs';
import { FakeGeminiApi, type GeminiCall, type GeminiTurn } from '../support/fakeGeminiApi';
import { exec, hookRecords as hookRecordsIn, type Run } from '../support/aiToolProcess';

const SECRET = 'AKIAQYLPMN5HHHFPZAM2';
const CLI = join(repoRoot, 'dist', 'cli.js');

/**
 * The real Gemini CLI (`@google/gemini-cli`, pinned in scripts/setup-ai-tools.sh), headless
 * (`gemini -p`), against a local fake of the Gemini API through `GOOGLE_GEMINI_BASE_URL`, with a
 * fake key, a fresh HOME (API-key auth, usage statistics off) and the hooks `ai-guard tools
 * sync` writes in `.gemini/settings.json`. A proxy variable points at the fake, so a request to
 * any other host would be recorded there.
 */
describe('e2e: Gemini CLI governed by ai-guard hooks, offline', function () {
  this.timeout(240_000);
  let gemini: string;
  let work: string;
  let project: string;
  let api: FakeGeminiApi | undefined;

  before(function () {
    this.timeout(600_000);
    const tools = ensureAiTools();
    if (tools.geminiCli === undefined) {
      console.log(`      skipped: Gemini CLI could not be installed: ${tools.problem}`);
      this.skip();
    }
    gemini = tools.geminiCli;
  });

  beforeEach(async function () {
    this.timeout(120_000);
    work = mkdtempSync(join(tmpdir(), 'ai-guard-gemini-'));
    project = join(work, 'project');
    for (const [path, text] of Object.entries({ 'src/app.ts': 'export const answer = 42;\n', '.env': `AWS_ACCESS_KEY_ID=${SECRET}\n` })) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    }
    mkdirSync(join(project, '.git'));
    for (const dir of ['home/.gemini', 'data', 'tmp']) mkdirSync(join(work, dir), { recursive: true });
    writeFileSync(
      join(work, 'home', '.gemini', 'settings.json'),
      JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false } }),
    );
    const sync = await exec(process.execPath, [CLI, 'tools', 'sync', project], { cwd: project, env: baseEnv() });
    assert.equal(sync.code, 0, `tools sync failed:\n${sync.stdout}${sync.stderr}`);
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  function baseEnv(): NodeJS.ProcessEnv {
    return { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: join(work, 'home'), XDG_DATA_HOME: join(work, 'data'), TMPDIR: join(work, 'tmp'), LANG: 'C.UTF-8' };
  }

  async function runGemini(prompt: string, script: (call: GeminiCall) => GeminiTurn): Promise<Run> {
    api = await FakeGeminiApi.start(script);
    const env = {
      ...baseEnv(),
      GEMINI_API_KEY: 'gemini-e2e-fake-key',
      GOOGLE_GEMINI_BASE_URL: api.baseUrl,
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      HTTPS_PROXY: api.baseUrl,
      HTTP_PROXY: api.baseUrl,
      NO_PROXY: '127.0.0.1',
    };
    return exec(gemini, ['-p', prompt, '--output-format', 'json'], { cwd: project, env });
  }

  const hookRecords = (event: string) => hookRecordsIn(join(work, 'data'), event);
  const show = (run: Run) =>
    `exit ${run.code}\nstdout: ${run.stdout.slice(0, 3000)}\nstderr: ${run.stderr.slice(0, 3000)}\nrequests: ${api?.calls.map((call) => `${call.method} ${call.path}`).join(', ')}`;
  const noOtherHost = () =>
    assert.deepEqual(
      api?.calls.filter((call) => call.method === 'CONNECT').map((call) => call.path),
      [],
      'a request went elsewhere than the fake',
    );

  it('blocks a prompt holding a planted secret (BeforeAgent): no request reaches the API', async () => {
    const run = await runGemini(`Deploy with the key ${SECRET} please`, () => ({ text: 'should never be asked' }));
    assert.equal(api?.contentCalls.length, 0, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    assert.match(`${run.stdout}${run.stderr}`, /AI Guard blocked this prompt: it contains AWS access key ID/, show(run));
    assert.deepEqual(
      hookRecords('BeforeAgent').map((record) => [record.tool, record.outcome]),
      [['gemini-cli', 'blocked']],
    );
    noOtherHost();
  });

  it('lets a clean prompt through and answers it', async () => {
    const run = await runGemini('Say hello in one word.', () => ({ text: 'Hello there.' }));
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Hello there\./, show(run));
    assert.ok(
      api?.contentCalls.some((call) => call.raw.includes('Say hello in one word.')),
      show(run),
    );
    assert.deepEqual(
      hookRecords('BeforeAgent').map((record) => record.outcome),
      ['allowed'],
    );
    noOtherHost();
  });

  // .geminiignore (written by tools sync) lists .env: Gemini CLI refuses the read itself, before any hook.
  it('refuses a scripted read_file of .env: its content never reaches the API', async () => {
    const run = await runGemini('Summarise the file .env.', (call) =>
      call.raw.includes('"functionResponse"') ? { text: 'I could not read it.' } : { functionCall: { name: 'read_file', args: { file_path: join(project, '.env') } } },
    );
    assert.ok(
      api?.contentCalls.some((call) => call.raw.includes('"functionResponse"')),
      show(run),
    );
    assert.ok(!api?.bodies().includes(SECRET), 'the content of .env reached the fake');
    noOtherHost();
  });

  it('denies, through the BeforeTool hook, a read_file of an ordinary-looking file that holds a secret', async () => {
    writeFileSync(join(project, 'src', 'settings.ts'), `export const key = '${SECRET}';\n`);
    const run = await runGemini('What is in src/settings.ts?', (call) =>
      call.raw.includes('"functionResponse"') ? { text: 'It was refused.' } : { functionCall: { name: 'read_file', args: { file_path: join(project, 'src', 'settings.ts') } } },
    );
    const refusal = api?.contentCalls.map((call) => call.raw).find((raw) => raw.includes('"functionResponse"')) ?? '';
    assert.match(refusal, /AI Guard/, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    assert.deepEqual(
      hookRecords('BeforeTool').map((record) => [record.toolName, record.outcome]),
      [['read_file', 'blocked']],
      show(run),
    );
    noOtherHost();
  });
});
