import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureAiTools } from '../../scripts/lib/aiTools.mjs';
import { repoRoot } from '../../scripts/lib/editor.mjs';
import { FakeAnthropicApi, type RecordedCall, type Turn } from '../support/fakeAnthropicApi';
import { exec, type Run as ProcessRun } from '../support/aiToolProcess';

/** Planted values: an AWS key id in `.env`, and a marker in a client's file that only a read could carry out. */
const SECRET = 'AKIAQYLPMN5HHHFPZAM2';
const CLIENT_MARKER = 'ACME-LEDGER-7f3a9c';
const CLI = join(repoRoot, 'dist', 'cli.js');

interface Run extends ProcessRun {
  /** Claude Code's `--output-format json` result, when it printed one. */
  result?: { is_error?: boolean; result?: string; permission_denials?: Array<{ tool_name?: string }> } | undefined;
}

/**
 * The real Claude Code (`@anthropic-ai/claude-code`, pinned in scripts/setup-ai-tools.sh), run
 * headless against a local fake of the Anthropic Messages API, with the hooks and MCP server
 * that `ai-guard tools sync` writes. HOME is a fresh folder, the key is fake, and every
 * non-essential request is turned off; a proxy variable points at the fake, so any request to
 * another host would be recorded there (as a CONNECT) rather than leave the machine.
 */
describe('e2e: Claude Code governed by ai-guard hooks, offline', function () {
  this.timeout(240_000);
  let claude: string;
  let work: string;
  let project: string;
  let api: FakeAnthropicApi | undefined;

  before(function () {
    this.timeout(600_000);
    const tools = ensureAiTools();
    if (tools.claudeCode === undefined) {
      console.log(`      skipped: Claude Code could not be installed: ${tools.problem}`);
      this.skip();
    }
    claude = tools.claudeCode;
  });

  beforeEach(async function () {
    this.timeout(120_000);
    work = mkdtempSync(join(tmpdir(), 'ai-guard-claude-'));
    project = join(work, 'project');
    const files: Record<string, string> = {
      '.aiguard/policy.json': JSON.stringify({
        version: 1,
        clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
        rules: [{ pattern: 'clients/acme/**', level: 'confidential', client: 'acme', reason: 'Acme work, local models only.' }],
      }),
      'src/app.ts': 'export const answer = 42;\n',
      'src/settings.ts': `export const region = 'eu-west-3';\n`,
      '.env': `AWS_ACCESS_KEY_ID=${SECRET}\n`,
      'clients/acme/ledger.md': `Ledger ${CLIENT_MARKER}\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    }
    mkdirSync(join(project, '.git'));
    for (const dir of ['home', 'data', 'tmp']) mkdirSync(join(work, dir));
    const sync = await exec(process.execPath, [CLI, 'tools', 'sync', project], { cwd: project, env: baseEnv() });
    assert.equal(sync.code, 0, `tools sync failed:\n${sync.stdout}${sync.stderr}`);
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  function baseEnv(): NodeJS.ProcessEnv {
    return {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: join(work, 'home'),
      XDG_DATA_HOME: join(work, 'data'),
      XDG_CONFIG_HOME: join(work, 'home', '.config'),
      TMPDIR: join(work, 'tmp'),
      LANG: 'C.UTF-8',
    };
  }

  async function runClaude(prompt: string, script: (call: RecordedCall, index: number) => Turn, extra: string[] = []): Promise<Run> {
    api = await FakeAnthropicApi.start(script);
    const env = {
      ...baseEnv(),
      ANTHROPIC_BASE_URL: api.baseUrl,
      ANTHROPIC_API_KEY: 'sk-ant-e2e-fake-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
      // Print mode would otherwise give the prompt to the model before a slow (loaded machine) MCP server is connected.
      MCP_CONNECTION_NONBLOCKING: 'false',
      MCP_CONNECT_TIMEOUT_MS: '60000',
      MCP_TIMEOUT: '60000',
      // Anything sent elsewhere than ANTHROPIC_BASE_URL goes to the fake as a CONNECT, and is recorded there.
      HTTPS_PROXY: api.baseUrl,
      HTTP_PROXY: api.baseUrl,
      NO_PROXY: '127.0.0.1',
    };
    const run: Run = await exec(claude, ['-p', '--output-format', 'json', ...extra, prompt], { cwd: project, env });
    try {
      run.result = JSON.parse(run.stdout) as Run['result'];
    } catch {
      // Left undefined: the assertions below show stdout and stderr.
    }
    return run;
  }

  function auditRecords(): Array<Record<string, unknown>> {
    let text: string;
    try {
      text = readFileSync(join(work, 'data', 'ai-guard', 'audit.jsonl'), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  const hookRecords = (event: string) => auditRecords().filter((record) => record.type === 'hook' && record.event === event);
  const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}\nrequests: ${api?.calls.map((call) => `${call.method} ${call.path}`).join(', ')}`;
  const noOtherHost = () =>
    assert.deepEqual(
      api?.calls.filter((call) => call.method === 'CONNECT').map((call) => call.path),
      [],
      'a request went elsewhere than the fake',
    );

  it('blocks a prompt holding a planted secret: no request reaches the API', async () => {
    const run = await runClaude(`Deploy with the key ${SECRET} please`, () => ({ text: 'should never be asked' }));
    assert.equal(api?.messageCalls.length, 0, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    // Claude Code shows the person our reason, then echoes their own prompt back to them (locally): the reason holds the kind, never the value.
    const reason = run.result?.result?.split('Original prompt:')[0] ?? '';
    assert.match(reason, /AI Guard blocked this prompt: it contains AWS access key ID/, show(run));
    assert.ok(!reason.includes(SECRET) && !run.stderr.includes(SECRET), `the reason shows the value: ${show(run)}`);
    assert.deepEqual(
      hookRecords('UserPromptSubmit').map((record) => [record.tool, record.outcome, record.enforced]),
      [['claude-code', 'blocked', true]],
    );
    noOtherHost();
  });

  it('lets a clean prompt through and answers it', async () => {
    const run = await runClaude('Say hello in one word.', () => ({ text: 'Hello there.' }));
    assert.equal(run.code, 0, show(run));
    assert.equal(run.result?.result, 'Hello there.', show(run));
    assert.ok((api?.messageCalls.length ?? 0) >= 1);
    assert.ok(api?.messageCalls.some((call) => call.raw.includes('Say hello in one word.')));
    assert.deepEqual(
      hookRecords('UserPromptSubmit').map((record) => [record.tool, record.outcome]),
      [['claude-code', 'allowed']],
    );
    noOtherHost();
  });

  for (const [name, file, planted] of [
    ['.env', '.env', SECRET],
    ['a restricted client file', 'clients/acme/ledger.md', CLIENT_MARKER],
  ] as const) {
    it(`denies a scripted Read of ${name}: its content never reaches the API`, async () => {
      const target = join(project, file);
      const run = await runClaude(`Summarise the file ${file}.`, (call) =>
        call.raw.includes('"tool_result"') ? { text: 'I could not read it.' } : { toolUse: { name: 'Read', input: { file_path: target } } },
      );
      assert.equal(run.code, 0, show(run));
      // The tool ran no read: Claude Code sent the refusal back as the tool's result, then the model answered.
      assert.ok(
        api?.messageCalls.some((call) => call.raw.includes('"tool_result"')),
        show(run),
      );
      assert.ok(!api?.bodies().includes(planted), `the content of ${file} reached the fake`);
      assert.deepEqual(
        run.result?.permission_denials?.map((denial) => denial.tool_name),
        ['Read'],
        show(run),
      );
      noOtherHost();
    });
  }

  // Claude Code's own deny rules (written by tools sync) refuse `.env` before any hook runs; a
  // file whose name says nothing but whose content holds a secret is the hook's alone to refuse.
  it('denies, through the hook itself, a Read of an ordinary-looking file that holds a secret', async () => {
    writeFileSync(join(project, 'src', 'settings.ts'), `export const key = '${SECRET}';\n`);
    const run = await runClaude('What is in src/settings.ts?', (call) =>
      call.raw.includes('"tool_result"') ? { text: 'It was refused.' } : { toolUse: { name: 'Read', input: { file_path: join(project, 'src', 'settings.ts') } } },
    );
    assert.equal(run.code, 0, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    const refusal = api?.messageCalls.find((call) => call.raw.includes('"tool_result"'))?.raw ?? '';
    assert.match(refusal, /AI Guard/, show(run));
    assert.deepEqual(
      hookRecords('PreToolUse').map((record) => [record.tool, record.toolName, record.outcome]),
      [['claude-code', 'Read', 'blocked']],
    );
    noOtherHost();
  });

  it('lets a scripted Read of an ordinary file through, and the model gets its content', async () => {
    const run = await runClaude('What is in src/app.ts?', (call) =>
      call.raw.includes('"tool_result"') ? { text: 'It exports 42.' } : { toolUse: { name: 'Read', input: { file_path: join(project, 'src', 'app.ts') } } },
    );
    assert.equal(run.code, 0, show(run));
    assert.equal(run.result?.result, 'It exports 42.', show(run));
    assert.ok(
      api?.messageCalls.some((call) => call.raw.includes('export const answer = 42;')),
      show(run),
    );
    assert.deepEqual(
      hookRecords('PreToolUse').map((record) => [record.toolName, record.outcome]),
      [['Read', 'allowed']],
    );
    noOtherHost();
  });

  it('denies a scripted Bash `cat .env`: the command does not run', async () => {
    const run = await runClaude('Show me the environment file.', (call) =>
      call.raw.includes('"tool_result"') ? { text: 'Refused.' } : { toolUse: { name: 'Bash', input: { command: 'cat .env', description: 'Print .env' } } },
    );
    assert.equal(run.code, 0, show(run));
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    assert.deepEqual(
      run.result?.permission_denials?.map((denial) => denial.tool_name),
      ['Bash'],
      show(run),
    );
    noOtherHost();
  });

  // The MCP server reads the file named to it, and redacts, before Claude Code gets the prompt.
  it('runs a template from ai-guard mcp as a slash command: the file it reads reaches the API masked', async () => {
    writeFileSync(join(project, 'src', 'settings.ts'), `export const key = '${SECRET}';\nexport const region = 'eu-west-3';\n`);
    const run = await runClaude('/mcp__ai-guard__mermaid-diagram src/settings.ts typescript', () => ({ text: 'A diagram.' }));
    assert.equal(run.code, 0, show(run));
    assert.equal(run.result?.result, 'A diagram.', show(run));
    const sent = api?.messageCalls.map((call) => call.raw).join('\n') ?? '';
    // The template's own text, and the file's content with its secret replaced by a placeholder.
    assert.match(sent, /You are a software architect who documents code with clear Mermaid diagrams/, `${show(run)}\n${sent.slice(-3000)}`);
    assert.match(sent, /export const region = 'eu-west-3';/);
    assert.match(sent, /export const key = '\[\[[A-Z_]+_1\]\]';/);
    assert.ok(!api?.bodies().includes(SECRET), 'the secret reached the fake');
    noOtherHost();
  });

  it('runs a template exported by tools sync --templates as a Claude Code command', async () => {
    const sync = await exec(process.execPath, [CLI, 'tools', 'sync', project, '--templates'], { cwd: project, env: baseEnv() });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal((await exec(process.execPath, [CLI, 'tools', 'check', project], { cwd: project, env: baseEnv() })).code, 0);
    // Commands in a folder are namespaced by it: .claude/commands/ai-guard/explain-code.md is /ai-guard:explain-code.
    const run = await runClaude('/ai-guard:explain-code the-answer typescript', () => ({ text: 'It is 42.' }));
    assert.equal(run.code, 0, show(run));
    assert.equal(run.result?.result, 'It is 42.', show(run));
    const sent = api?.messageCalls.map((call) => call.raw).join('\n') ?? '';
    assert.match(sent, /You are a patient senior engineer, expert in <language>/, show(run));
    assert.match(sent, /follow, in that order; read a file it names with your own file tools: the-answer typescript/, show(run));
    noOtherHost();
  });
});
