import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureAiTools } from '../../scripts/lib/aiTools.mjs';
import { repoRoot } from '../../scripts/lib/editor.mjs';
import { FakeAnthropicApi, type RecordedCall, type Turn } from '../support/fakeAnthropicApi';
import { exec, hookRecords as hookRecordsIn, type Run } from '../support/aiToolProcess';

const SECRET = 'AKIAQYLPMN5HHHFPZAM2';
const CLI = join(repoRoot, 'dist', 'cli.js');

/**
 * The real GitHub Copilot CLI (`@github/copilot`, pinned in scripts/setup-ai-tools.sh), headless
 * (`copilot -p`), in its offline mode with a model provider of one's own (`COPILOT_OFFLINE`,
 * `COPILOT_PROVIDER_TYPE=anthropic`) pointed at the local fake of the Anthropic Messages API, so
 * no GitHub sign-in is needed; the hooks are those `ai-guard tools sync` writes in
 * `.github/hooks/ai-guard.json`.
 */
describe('e2e: Copilot CLI governed by ai-guard hooks, offline', function () {
  this.timeout(240_000);
  let copilot: string;
  let work: string;
  let project: string;
  let api: FakeAnthropicApi | undefined;

  before(function () {
    this.timeout(600_000);
    const tools = ensureAiTools();
    if (tools.copilotCli === undefined) {
      console.log(`      skipped: Copilot CLI could not be installed: ${tools.problem}`);
      this.skip();
    }
    copilot = tools.copilotCli;
  });

  beforeEach(async function () {
    this.timeout(120_000);
    work = mkdtempSync(join(tmpdir(), 'ai-guard-copilot-'));
    project = join(work, 'project');
    for (const [path, text] of Object.entries({ 'src/app.ts': 'export const answer = 42;\n', '.env': `AWS_ACCESS_KEY_ID=${SECRET}\n` })) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    }
    // Copilot CLI reads .github/hooks from the repository it runs in: a real one.
    assert.equal((await exec('git', ['init', '-q', project], { cwd: work, env: baseEnv() })).code, 0);
    for (const dir of ['home/.copilot', 'data', 'tmp']) mkdirSync(join(work, dir), { recursive: true });
    // Copilot CLI loads a repository's hooks only in a folder the person trusts.
    writeFileSync(join(work, 'home', '.copilot', 'config.json'), JSON.stringify({ trusted_folders: [project] }));
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

  async function runCopilot(prompt: string, script: (call: RecordedCall, index: number) => Turn): Promise<Run> {
    api = await FakeAnthropicApi.start(script);
    const env = {
      ...baseEnv(),
      COPILOT_OFFLINE: 'true',
      COPILOT_PROVIDER_TYPE: 'anthropic',
      COPILOT_PROVIDER_BASE_URL: api.baseUrl,
      COPILOT_PROVIDER_API_KEY: 'copilot-e2e-fake-key',
      COPILOT_MODEL: 'claude-sonnet-4-5',
      HTTPS_PROXY: api.baseUrl,
      HTTP_PROXY: api.baseUrl,
      NO_PROXY: '127.0.0.1',
    };
    return exec(copilot, ['-p', prompt, '--allow-all-tools'], { cwd: project, env });
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

  it('lets a clean prompt through and answers it', async () => {
    const run = await runCopilot('Say hello in one word.', () => ({ text: 'Hello there.' }));
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Hello there\./, show(run));
    noOtherHost();
  });

  it('denies a scripted view of .env (preToolUse): its content never reaches the API', async () => {
    const run = await runCopilot('Summarise the file .env.', (call) =>
      call.raw.includes('"tool_result"') ? { text: 'I could not read it.' } : { toolUse: { name: 'view', input: { path: join(project, '.env') } } },
    );
    assert.ok(
      api?.messageCalls.some((call) => call.raw.includes('"tool_result"')),
      show(run),
    );
    assert.ok(!api?.bodies().includes(SECRET), 'the content of .env reached the fake');
    assert.deepEqual(
      hookRecords('preToolUse').map((record) => [record.tool, record.toolName, record.outcome]),
      [['copilot', 'view', 'blocked']],
      show(run),
    );
    noOtherHost();
  });

  // Copilot's hooks reference calls userPromptSubmitted a notification whose answer is ignored;
  // Copilot CLI 1.0.102 does stop the prompt when the hook refuses it (the reason on stderr).
  it('stops a prompt holding a planted secret: no request reaches the API', async () => {
    const run = await runCopilot(`Deploy with the key ${SECRET} please`, () => ({ text: 'Done.' }));
    assert.notEqual(run.code, 0, show(run));
    assert.equal(api?.messageCalls.length, 0, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    assert.match(run.stderr, /AI Guard blocked this prompt: it contains AWS access key ID/, show(run));
    assert.ok(!run.stderr.includes(SECRET), 'the reason shows the value');
    assert.deepEqual(
      hookRecords('userPromptSubmitted').map((record) => [record.tool, record.outcome]),
      [['copilot', 'blocked']],
      show(run),
    );
    noOtherHost();
  });
});
