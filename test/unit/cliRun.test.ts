import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAuditStorage } from '../../src/node/auditFiles';
import { runCli } from '../../src/cli/main';
import { AuditLog, verifyText } from '../../src/core/audit';
import { DEFAULT_OUTPUT_CAP } from '../../src/core/cost';
import { FakeAiServer } from '../support/fakeAiServer';
import { MemoryFiles, runCliOn } from '../support/ports';
import { MemoryAuditStorage } from '../support/memoryAudit';
import { TEST_KEY } from '../support/providers';

const EMAIL = 'amelie.dufresne@example.fr';
const KEY_ID = 'AKIAQYLPMN5HHHFPZAM2';
const SOURCE = `export const owner = "${EMAIL}";\nexport const id = "${KEY_ID}";\n`;

/** A workspace whose policy tags two providers, and whose providers file points both at the server. */
function workspace(server: FakeAiServer): MemoryFiles {
  const providers = [
    { id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model', tags: ['local'] },
    { id: 'remote', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' },
  ];
  return new MemoryFiles({
    '/repo/.aiguard/policy.json': JSON.stringify({ version: 1, defaultLevel: 'internal', providers: { local: { tags: ['local'] }, remote: { tags: ['eu-hosted', 'no-training'] } } }),
    '/repo/.aiguard/providers.json': JSON.stringify({ providers }),
    '/repo/src/owner.ts': SOURCE,
    '/repo/src/clean.ts': 'export const answer = 42;\n',
    '/repo/deploy/.env': `API_KEY=${KEY_ID}\n`,
  });
}

describe('ai-guard run (the pipeline from a terminal)', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  const env = { AI_GUARD_API_KEY: TEST_KEY };

  it('cuts a file too large for the prompt at a line, and says what was left out', async () => {
    const files = workspace(server);
    files.write('/repo/src/big.ts', Array.from({ length: 30_000 }, (_, i) => `export const value${i} = ${i};`).join('\n'));
    const { code, stdout, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/big.ts', '--dry-run'], files, { cwd: '/repo', env });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Part of the context was left out to fit the prompt \(the selection: [\d,]+ of [\d,]+ characters\)/);
    assert.match(stdout, /more characters were left out to fit the prompt/);
    assert.ok(!stdout.includes('value29999'), 'the end of the file was not sent');
  });

  it('prints the exact redacted prompt with --dry-run, and sends nothing', async () => {
    const { code, stdout, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--dry-run'], workspace(server), { cwd: '/repo', env });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\[\[EMAIL_1\]\]/);
    assert.ok(!stdout.includes(EMAIL) && !stdout.includes(KEY_ID), 'the dry run shows the redacted prompt');
    assert.match(stderr, /nothing was sent/);
    assert.equal(server.requests.length, 0);
  });

  it('streams the answer with its placeholders restored, and sends no planted value', async () => {
    server.answer = (request) => {
      // The user message, not the system prompt (whose instructions show example placeholders).
      const messages = (request.body as { messages: Array<{ role: string; content: string }> }).messages;
      const placeholder =
        /\[\[EMAIL_\d+\]\]/.exec(
          messages
            .filter((message) => message.role === 'user')
            .map((message) => message.content)
            .join('\n'),
        )?.[0] ?? 'none';
      return { chunks: ['The owner is ', placeholder.slice(0, 5), `${placeholder.slice(5)}.`] };
    };
    const { code, stdout, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--provider', 'local'], workspace(server), { cwd: '/repo', env });
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `The owner is ${EMAIL}.\n`);
    assert.equal(server.requests.length, 1);
    const sent = JSON.stringify(server.requests[0]?.body);
    assert.ok(!sent.includes(EMAIL) && !sent.includes(KEY_ID), 'no planted value reached the provider');
    assert.match(stderr, /masked: .*email ×1/);
  });

  it("masks the client's names in the file path the prompt shows and in identifiers, in what reaches the provider", async () => {
    const files = workspace(server);
    files.write(
      '/repo/clients/ardoise/.aiguard/policy.json',
      JSON.stringify({
        version: 1,
        rules: [{ pattern: '*', level: 'confidential', reason: "Ardoise's code." }],
        dictionary: { clients: ['Ardoise'], codenames: ['Bluebird'] },
      }),
    );
    files.write('/repo/clients/ardoise/bluebirdClient.ts', 'export const bluebirdClient = new Bluebird.Api(process.env.BLUEBIRD_API_URL, "db.ardoise.internal"); // project_bluebird\n');
    server.answer = () => ({ text: 'It builds the client.' });
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'clients/ardoise/bluebirdClient.ts', '--provider', 'local'], files, { cwd: '/repo', env });
    assert.equal(code, 0, stderr);
    const sent = JSON.stringify(server.requests[0]?.body);
    assert.doesNotMatch(sent, /ardoise|bluebird/i, `a client or code name reached the provider: ${sent.match(/.{40}(?:ardoise|bluebird).{40}/i)?.[0]}`);
    assert.match(sent, /clients\/\[\[CLIENT_1\]\]\/\[\[PROJECT_\d\]\]Client\.ts/);
  });

  it('is blocked, exit 1, for a file whose level forbids AI, and sends nothing', async () => {
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'deploy/.env', '--provider', 'local'], workspace(server), { cwd: '/repo', env });
    assert.equal(code, 1);
    assert.match(stderr, /blocked: .*nothing was sent/);
    assert.equal(server.requests.length, 0);
  });

  it('gives an ad-hoc provider (--kind) no tags: allowed only where the policy allows any provider', async () => {
    const adHoc = ['--kind', 'openai-compatible', '--base-url', server.openaiBaseUrl, '--model', 'test-model'];
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', ...adHoc], workspace(server), { cwd: '/repo', env });
    assert.equal(code, 1, 'a confidential file needs a provider the policy tags');
    // The refusal says why, like the editor: what the level asks for, what the policy grants, which key to change.
    assert.match(stderr, /'cli' is not allowed for .*owner\.ts \(Confidential\): matrix\.confidential\.providers in the built-in policy asks for a tag among eu-hosted, client-tenant, local/);
    assert.match(stderr, /its tags: none/);
    assert.match(stderr, /providers\.cli\.tags/);
    assert.equal(server.requests.length, 0);
  });

  it("names the providers file's entries the policy allows instead when it refuses one", async () => {
    const files = workspace(server);
    files.write(
      '/repo/.aiguard/policy.json',
      JSON.stringify({ version: 1, providers: { local: { tags: ['local'] }, remote: { tags: [] } }, rules: [{ pattern: 'src/', level: 'confidential', reason: 'Client code.' }] }),
    );
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'remote'], files, { cwd: '/repo', env });
    assert.equal(code, 1);
    assert.match(stderr, /'remote' is not allowed for .*clean\.ts \(Confidential\)/);
    assert.match(stderr, /Allowed: local, or copy the redacted prompt/);
    assert.equal(server.requests.length, 0);
  });

  it('names every other provider of the providers file that the refused file leaves out, with why and the key to change', async () => {
    const files = workspace(server);
    files.write(
      '/repo/.aiguard/policy.json',
      JSON.stringify({
        version: 1,
        providers: { local: { tags: ['local'] }, remote: { tags: [] }, gateway: { tags: ['us-hosted'] } },
        rules: [{ pattern: 'src/', level: 'confidential', reason: 'Client code.' }],
      }),
    );
    const gateway = { id: 'gateway', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' };
    files.write('/repo/.aiguard/providers.json', JSON.stringify({ providers: [{ ...gateway, id: 'local' }, { ...gateway, id: 'remote' }, gateway] }));
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'remote'], files, { cwd: '/repo', env });
    assert.equal(code, 1);
    assert.match(stderr, /also left out:\n {2}- 'gateway' is not allowed for .*clean\.ts \(Confidential\): matrix\.confidential\.providers .*asks for a tag among eu-hosted, client-tenant, local/);
    assert.match(stderr, /its tags: us-hosted\)\. To allow it, give it one of those tags in the outermost policy's providers\.gateway\.tags/);
    assert.doesNotMatch(stderr, /- 'local' is not allowed/, 'an allowed provider is not listed as left out');
    assert.equal(server.requests.length, 0);
  });

  it('says what is wrong with a providers file that is not JSON or not an object, and sends nothing', async () => {
    for (const text of ['{ "providers": [', 'null', '[]', '{ "providers": { "id": "remote" } }']) {
      const files = workspace(server);
      files.write('/repo/.aiguard/providers.json', text);
      const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'remote'], files, { cwd: '/repo', env });
      assert.equal(code, 2, `${text}: ${stderr}`);
      assert.match(stderr, /\.aiguard\/providers\.json is not a providers file: it must be JSON of the form \{"providers": \[ … \]\}/, text);
      assert.doesNotMatch(stderr, /SyntaxError|TypeError|Cannot read properties/, text);
    }
    assert.equal(server.requests.length, 0);
  });

  it('reports a missing key, an unknown template and a bad selection clearly (exit 2)', async () => {
    // Kind openai: a model at a loopback address of kind openai-compatible counts as local and needs no key.
    const noKey = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--kind', 'openai', '--base-url', server.openaiBaseUrl, '--model', 'test-model'], workspace(server), {
      cwd: '/repo',
      env: {},
    });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /key/i);
    assert.equal(server.requests.length, 0);
    const unknown = await runCliOn(runCli, ['run', 'no-such-template', '--dry-run'], workspace(server), { cwd: '/repo', env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no template 'no-such-template'/);
    const badLines = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--selection', '5-2', '--dry-run'], workspace(server), { cwd: '/repo', env });
    assert.equal(badLines.code, 2);
    assert.match(badLines.stderr, /a:b/);
  });

  it('takes a diff on standard input for review-diff', async () => {
    const diff = `--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-const a = 1;\n+const owner = "${EMAIL}";\n`;
    const { code, stdout, stderr } = await runCliOn(runCli, ['run', 'review-diff', '--diff', '-', '--dry-run'], workspace(server), { cwd: '/repo', env, stdin: diff });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\+const owner = "\[\[EMAIL_1\]\]";/);
  });

  it('never hands git an option as --diff REV (--diff=--output=FILE would write FILE), and ends git options with --', async () => {
    const calls: Array<readonly string[]> = [];
    const git = async (args: readonly string[]) => {
      calls.push(args);
      return '--- a/src/clean.ts\n+++ b/src/clean.ts\n@@ -1 +1 @@\n-a\n+b\n';
    };
    const hostile = await runCliOn(runCli, ['run', 'review-diff', '--diff=--output=/tmp/pwned', '--dry-run'], workspace(server), { cwd: '/repo', env, git });
    assert.equal(hostile.code, 2);
    assert.match(hostile.stderr, /--diff takes a revision, not an option/);
    assert.equal(calls.length, 0, 'git was not run');
    const revision = await runCliOn(runCli, ['run', 'review-diff', '--diff', 'main', '--dry-run'], workspace(server), { cwd: '/repo', env, git });
    assert.equal(revision.code, 0, revision.stderr);
    assert.deepEqual(calls.at(-1)?.slice(-2), ['main', '--']);
    const tree = await runCliOn(runCli, ['run', 'review-diff', '--diff', '--dry-run'], workspace(server), { cwd: '/repo', env, git });
    assert.equal(tree.code, 0, tree.stderr);
    assert.equal(calls.at(-1)?.at(-1), '--');
  });
});

describe('ai-guard audit, fed by ai-guard run', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it('records every call and blocked attempt, verifies the chain, exports CSV and JSON without any planted value', async () => {
    const audit = new MemoryAuditStorage();
    const env = { AI_GUARD_API_KEY: TEST_KEY };
    const ok = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--provider', 'local'], workspace(server), { cwd: '/repo', env, audit });
    assert.equal(ok.code, 0, ok.stderr);
    const blocked = await runCliOn(runCli, ['run', 'explain-code', '--file', 'deploy/.env', '--provider', 'local'], workspace(server), { cwd: '/repo', env, audit });
    assert.equal(blocked.code, 1);
    await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--dry-run'], workspace(server), { cwd: '/repo', env, audit });

    const verify = await runCliOn(runCli, ['audit', 'verify'], workspace(server), { audit });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /4 record\(s\), the chain is intact/, "a start record, the call's attempt and completion, the blocked attempt; the dry run left none");

    const json = await runCliOn(runCli, ['audit', 'export', '--format', 'json'], workspace(server), { audit });
    const records = (JSON.parse(json.stdout) as { records: Array<{ type: string; outcome?: string; detail?: string }> }).records;
    assert.deepEqual(
      records.filter((record) => record.type === 'call').map((record) => [record.outcome, record.detail]),
      [
        ['ok', undefined],
        ['blocked', 'ai-not-allowed'],
      ],
    );
    const csv = await runCliOn(runCli, ['audit', 'export', '--format', 'csv', '--since', '2000-01-01'], workspace(server), { audit });
    assert.equal(csv.stdout.trim().split('\r\n').length, 4, 'a header and three rows');
    for (const text of [audit.text ?? '', json.stdout, csv.stdout]) {
      assert.ok(!text.includes(EMAIL) && !text.includes(KEY_ID), 'no planted value in the audit');
    }

    audit.failWrites = true;
    const untraced = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/owner.ts', '--provider', 'local'], workspace(server), { cwd: '/repo', env, audit });
    assert.equal(untraced.code, 2);
    assert.match(untraced.stderr, /audit log cannot be written.*not made untraced/);
    assert.equal(server.requests.length, 1, 'no call is made when it could not be recorded');
    audit.failWrites = false;

    audit.text = (audit.text ?? '').replace('"outcome":"ok"', '"outcome":"okay"');
    const broken = await runCliOn(runCli, ['audit', 'verify'], workspace(server), { audit });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /broken at line 4/);
  });
});

describe('ai-guard run: write-ahead audit records', function () {
  this.timeout(30_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());
  const env = { AI_GUARD_API_KEY: TEST_KEY };

  it('does not make a call whose attempt record cannot be written (a full disk), and says why', async () => {
    const audit = new MemoryAuditStorage();
    audit.diskFull = true;
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], workspace(server), { cwd: '/repo', env, audit });
    assert.equal(code, 2, stderr);
    assert.match(stderr, /audit log cannot be written \(ENOSPC.*not made untraced/);
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });

  it("completes the record of a call interrupted mid-answer, and exits with the interruption's code", async function () {
    this.timeout(30_000);
    server.answer = () => ({ chunks: Array.from({ length: 100 }, (_, i) => `part ${i} `), chunkDelayMs: 20 });
    const audit = new MemoryAuditStorage();
    const controller = new AbortController();
    const interrupts = { capture: () => ({ signal: controller.signal, release: () => undefined }) };
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], workspace(server), {
      cwd: '/repo',
      env,
      audit,
      interrupts,
      onStdout: () => controller.abort('SIGINT'),
    });
    assert.equal(code, 130, stderr);
    const lines = (audit.text ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; outcome?: string; detail?: string });
    assert.deepEqual(
      lines.map((line) => line.type),
      ['start', 'attempt', 'completion'],
    );
    assert.deepEqual([lines[2]?.outcome, lines[2]?.detail], ['cancelled', 'SIGINT']);
  });
});

describe('ai-guard run and usage: cost and budgets', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it("records each call's cost, warns near the monthly budget and blocks the call that would exceed it", async () => {
    // 1 EUR per thousand output tokens; the provider reports 600 of them per answer (0.60), and
    // estimates use its 1,000-token output limit (1.00). With 2.50 EUR a month: 0 + 1.00 (40 %),
    // 0.60 + 1.00 (64 %), 1.20 + 1.00 (88 %: a warning), then 1.80 + 1.00 would exceed it.
    const files = workspace(server);
    files.write(
      '/repo/.aiguard/policy.json',
      JSON.stringify({
        version: 1,
        providers: { local: { tags: ['local'] }, remote: { tags: ['eu-hosted', 'no-training'] } },
        cost: { prices: { 'test-model': { input: 0, output: 1000 } }, budgets: { monthlyPerUser: 2.5 } },
      }),
    );
    files.write(
      '/repo/.aiguard/providers.json',
      JSON.stringify({ providers: [{ id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model', tags: ['local'], maxOutputTokens: 1000 }] }),
    );
    server.answer = () => ({ text: 'Fine.', usage: { inputTokens: 100, outputTokens: 600 } });
    const audit = new MemoryAuditStorage();
    const run = () => runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], files, { cwd: '/repo', env: { AI_GUARD_API_KEY: TEST_KEY }, audit });
    const codes: number[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await run();
      codes.push(result.code);
      errors.push(result.stderr);
    }
    assert.deepEqual(codes, [0, 0, 0, 1]);
    assert.match(errors[2] ?? '', /88 % of the monthly AI budget \(2\.50 EUR\) is used/);
    assert.match(errors[3] ?? '', /monthly AI budget \(2\.50 EUR\) is used up .* resets on \d{4}-\d{2}-01/);
    assert.equal(server.requests.length, 3, 'the blocked call sent nothing');

    const usage = await runCliOn(runCli, ['usage', '--json'], files, { audit });
    const summary = JSON.parse(usage.stdout) as { total: { calls: number; cost: number }; blocked: number; currency: string };
    assert.deepEqual([summary.total.calls, summary.total.cost, summary.blocked, summary.currency], [3, 1.8, 1, 'EUR']);
  });
});

describe('ai-guard run: answers cut by the token limit', function () {
  this.timeout(30_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it("flags an answer cut by the output token limit: stderr, exit 3, and the record's outcome", async () => {
    server.answer = () => ({ text: 'The beginning of', finishReason: 'length', usage: { inputTokens: 10, outputTokens: 5 } });
    const audit = new MemoryAuditStorage();
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], workspace(server), {
      cwd: '/repo',
      env: { AI_GUARD_API_KEY: TEST_KEY },
      audit,
    });
    assert.equal(code, 3, stderr);
    assert.match(stderr, /the answer is incomplete: it was cut by the output token limit \(5 tokens\)/);
    const calls = (await new AuditLog(audit).records()).filter((record) => record.type === 'call');
    assert.deepEqual(
      calls.map((call) => [call.outcome, call.finishReason]),
      [['truncated', 'length']],
    );
  });
});

describe('ai-guard run: the output cap and the per-call budget', function () {
  this.timeout(30_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());
  const env = { AI_GUARD_API_KEY: TEST_KEY };

  /** The workspace with a policy's cost section and the provider's own settings. */
  function priced(cost: Record<string, unknown>, provider: Record<string, unknown> = {}): MemoryFiles {
    const files = workspace(server);
    files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, cost }));
    files.write('/repo/.aiguard/providers.json', JSON.stringify({ providers: [{ id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model', ...provider }] }));
    return files;
  }
  const run = (files: MemoryFiles, audit = new MemoryAuditStorage()) => runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], files, { cwd: '/repo', env, audit });

  it("sends the output cap with every call: the provider's maxOutputTokens, else the default", async () => {
    const capped = await run(priced({}, { maxOutputTokens: 321 }));
    assert.equal(capped.code, 0, capped.stderr);
    assert.equal((server.requests[0]?.body as { max_tokens?: number }).max_tokens, 321);
    const uncapped = await run(priced({}));
    assert.equal(uncapped.code, 0, uncapped.stderr);
    assert.equal((server.requests[1]?.body as { max_tokens?: number }).max_tokens, DEFAULT_OUTPUT_CAP);
  });

  it('blocks a call whose output cap could cost more than the per-call limit, and lets a smaller cap through', async () => {
    // 10,000 EUR a million output tokens: the default cap could cost 40.96 EUR against a 2 EUR limit.
    const cost = { prices: { 'test-model': { input: 0, output: 10_000 } }, budgets: { perCall: 2 } };
    const big = await run(priced(cost));
    assert.equal(big.code, 1, big.stderr);
    assert.match(big.stderr, /more than the 2\.00 EUR a call may cost/);
    assert.equal(server.requests.length, 0);
    server.answer = () => ({ text: 'Fine.', usage: { inputTokens: 10, outputTokens: 100 } });
    const small = await run(priced(cost, { maxOutputTokens: 100 }));
    assert.equal(small.code, 0, small.stderr);
    assert.equal((server.requests[0]?.body as { max_tokens?: number }).max_tokens, 100, 'the answer cannot exceed what was reserved');
  });

  it('costs a stream cut short on what it produced, instead of nothing', async () => {
    // The default answer's first two chunks ('Hello from', 10 characters) stream, then the connection drops.
    server.enqueue({ fault: 'truncate', afterChunks: 2 });
    const audit = new MemoryAuditStorage();
    const result = await run(priced({ prices: { 'test-model': { input: 0, output: 1_000_000 } } }), audit);
    assert.equal(result.code, 2, result.stderr);
    const [call] = (await new AuditLog(audit).records()).filter((record) => record.type === 'call') as Array<{ outcome: string; cost?: { amount: number; estimated: boolean } }>;
    assert.equal(call?.outcome, 'error');
    assert.deepEqual([call?.cost?.amount, call?.cost?.estimated], [3, true], 'about 3 tokens at 1 EUR each');
    const usage = await runCliOn(runCli, ['usage', '--json'], workspace(server), { audit });
    assert.equal((JSON.parse(usage.stdout) as { total: { cost: number } }).total.cost, 3);
  });

  it('blocks a model missing from the price table under a budget, naming it and cost.prices; runs it without one', async () => {
    const audit = new MemoryAuditStorage();
    const blocked = await run(priced({ budgets: { monthlyPerUser: 10 } }), audit);
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.match(blocked.stderr, /model 'test-model' has no price.*cost\.prices/);
    assert.equal(server.requests.length, 0);
    const free = await run(priced({}));
    assert.equal(free.code, 0, free.stderr);
  });
});

describe('ai-guard run: audit retention from the policy', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it('prunes records older than retentionDays behind a checkpoint before recording the new call', async () => {
    const files = workspace(server);
    files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, audit: { retentionDays: 30 } }));
    const audit = new MemoryAuditStorage();
    // Three records from 2020, written through the log so that they chain.
    const old = new AuditLog(audit, () => new Date('2020-01-01T00:00:00Z'));
    for (let i = 0; i < 3; i++) await old.append('call', { outcome: 'ok', old: true });
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], files, { cwd: '/repo', env: { AI_GUARD_API_KEY: TEST_KEY }, audit });
    assert.equal(code, 0, stderr);
    const lines = (audit.text ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; old?: boolean; pruned?: number });
    assert.equal(lines[0]?.type, 'checkpoint');
    assert.ok((lines[0]?.pruned ?? 0) >= 3, 'the 2020 records were pruned');
    assert.ok(!lines.some((line) => line.old), 'no old record is left');
    assert.equal(verifyText(audit.text ?? '').ok, true, 'the chain still verifies');
  });

  it('blocks the call when the log cannot be written, unless the policy waives the record (audit.required: false)', async () => {
    for (const required of [undefined, false]) {
      const files = workspace(server);
      files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, ...(required === undefined ? {} : { audit: { required } }) }));
      const audit = new MemoryAuditStorage();
      audit.failWrites = true;
      const before = server.requests.length;
      const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], files, { cwd: '/repo', env: { AI_GUARD_API_KEY: TEST_KEY }, audit });
      if (required === undefined) {
        assert.equal(code, 2, stderr);
        assert.equal(server.requests.length, before, 'nothing was sent untraced');
        assert.match(stderr, /cannot be written/i);
      } else {
        assert.equal(code, 0, stderr);
        assert.equal(server.requests.length, before + 1, 'the waiver lets the call run');
        assert.match(stderr, /audit\.required: false/);
      }
    }
  });
});

describe('ai-guard run and audit: special files refused as audit logs', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  let folder: string;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    folder = mkdtempSync(join(tmpdir(), 'ai-guard-special-'));
  });
  afterEach(async () => {
    rmSync(folder, { recursive: true, force: true });
    await server.close();
  });

  it('refuses /dev/null, /dev/full and a FIFO with a clear message, sending nothing and never hanging', async function () {
    this.timeout(60_000);
    const fifo = join(folder, 'audit.fifo');
    const made = spawnSync('mkfifo', [fifo]);
    const paths = ['/dev/null', '/dev/full', ...(made.status === 0 ? [fifo] : [])];
    for (const path of paths) {
      const audit = fileAuditStorage(path);
      const run = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], workspace(server), { cwd: '/repo', env: { AI_GUARD_API_KEY: TEST_KEY }, audit });
      assert.equal(run.code, 2, `${path}: ${run.stderr}`);
      assert.match(run.stderr, /is not a regular file/, path);
      const verify = await runCliOn(runCli, ['audit', 'verify'], workspace(server), { audit });
      assert.equal(verify.code, 2, `${path}: ${verify.stdout}`);
      assert.match(verify.stderr, /is not a regular file/);
    }
    assert.equal(server.requests.length, 0);
  });
});

describe('ai-guard run on a full disk (a small tmpfs, as root)', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  let server: FakeAiServer;
  let folder: string | undefined;
  let mounted = false;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(async () => {
    if (mounted) spawnSync('umount', [folder as string]);
    mounted = false;
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
    await server.close();
  });

  it('blocks the call whose attempt record does not fit, and says why', async function () {
    this.timeout(60_000);
    folder = mkdtempSync(join(tmpdir(), 'ai-guard-full-'));
    const mount = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', folder]) : undefined;
    if (mount?.status !== 0) {
      console.log('      (skipped: mounting a small tmpfs needs root and the right to mount)');
      this.skip();
    }
    mounted = true;
    // The log exists (so opening it succeeds), then the disk is filled to the last byte.
    const file = join(folder, 'audit.jsonl');
    writeFileSync(file, '');
    const filler = join(folder, 'filler');
    try {
      for (;;) appendFileSync(filler, Buffer.alloc(4096));
    } catch {
      // ENOSPC: the disk is full.
    }
    const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local'], workspace(server), {
      cwd: '/repo',
      env: { AI_GUARD_API_KEY: TEST_KEY },
      audit: fileAuditStorage(file),
    });
    assert.equal(code, 2, stderr);
    assert.match(stderr, /audit log cannot be written \(ENOSPC/);
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });
});
