import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { AuditLog, verifyText } from '../../src/core/audit';
import { fileAuditStorage } from '../../src/node/auditFiles';
import { CliWorkspace, firstOutput } from '../support/cliProcess';
import { FakeAiServer } from '../support/fakeAiServer';
import { TEST_KEY } from '../support/providers';

/** The raw records of an audit file. */
const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// These run the built CLI (node scripts/build.mjs --tests) against the fake provider, streaming slowly.
describe('ai-guard run interrupted mid-answer (the built CLI)', function () {
  this.timeout(60_000);
  let server: FakeAiServer;
  let workspace: CliWorkspace;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    server.answer = () => ({ chunks: Array.from({ length: 200 }, (_, i) => `part ${i} `), chunkDelayMs: 50 });
    workspace = new CliWorkspace(server);
  });
  afterEach(async () => {
    workspace.cleanUp();
    await server.close();
  });

  it('records the call and exits 141, without a stack trace, when its output pipe closes (| head)', async () => {
    const { child, exit } = workspace.run();
    await firstOutput(child);
    child.stdout?.destroy();
    const { code, stderr } = await exit;
    assert.equal(code, 141, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    const records = linesOf(workspace.auditFile);
    assert.deepEqual(
      records.map((record) => record.type),
      ['start', 'attempt', 'completion'],
    );
    assert.equal(records[2]?.outcome, 'cancelled');
    assert.equal(records[2]?.detail, 'output-closed');
    assert.equal(records[2]?.call, records[1]?.call, 'the completion names its attempt');
    assert.equal(verifyText(readFileSync(workspace.auditFile, 'utf8')).ok, true);
  });

  it('records the call and exits 143 on SIGTERM mid-answer', async () => {
    const { child, exit } = workspace.run();
    await firstOutput(child);
    child.kill('SIGTERM');
    const { code, stderr } = await exit;
    assert.equal(code, 143, stderr);
    const paired = await new AuditLog(fileAuditStorage(workspace.auditFile)).records();
    const call = paired.find((record) => record.type === 'call');
    assert.equal(call?.outcome, 'cancelled');
    assert.equal(call?.detail, 'SIGTERM');
    // The call was stopped, not left running: the provider sees its connection closed (or the test times out).
    await server.requests[0]?.clientClosed;
  });

  it('leaves the attempt of a process killed mid-answer, read as interrupted at its reserved cost', async () => {
    workspace.cleanUp();
    workspace = new CliWorkspace(server, { policy: { cost: { prices: { 'test-model': { input: 1, output: 10 } } } }, provider: { maxOutputTokens: 2000 } });
    const { child, exit } = workspace.run();
    await firstOutput(child);
    child.kill('SIGKILL');
    await exit;
    const paired = await new AuditLog(fileAuditStorage(workspace.auditFile)).records();
    const call = paired.find((record) => record.type === 'call') as { outcome?: string; cost?: { amount: number }; reserved?: { amount: number } } | undefined;
    assert.equal(call?.outcome, 'interrupted');
    assert.ok((call?.cost?.amount ?? 0) >= 0.02, 'counted at its 2,000 output tokens at 10 per million');
    assert.equal(call?.cost?.amount, call?.reserved?.amount);
    const usage = await workspace.spawn(['usage', '--audit-file', workspace.auditFile]).exit;
    assert.equal(usage.code, 0, usage.stderr);
    assert.match(usage.stdout, /1 call\(s\) were interrupted before their end was recorded/);
  });
});

describe('ai-guard run: budgets held by concurrent processes (the built CLI)', function () {
  this.timeout(240_000);
  let server: FakeAiServer;
  let workspace: CliWorkspace;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    // Each answer costs 1.00 EUR (1,000 output tokens at 1,000 EUR a million), and is slow enough for the runs to overlap.
    server.answer = () => ({ chunks: ['Fine', '.'], chunkDelayMs: 300, usage: { inputTokens: 10, outputTokens: 1000 } });
  });
  afterEach(async () => {
    workspace.cleanUp();
    await server.close();
  });

  it('lets exactly one of 10 concurrent runs through a monthly budget with room for one', async () => {
    workspace = new CliWorkspace(server, { policy: { cost: { prices: { 'test-model': { input: 0, output: 1000 } }, budgets: { monthlyPerUser: 1.5 } } }, provider: { maxOutputTokens: 1000 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => workspace.run().exit));
    const codes = results.map((result) => result.code).sort();
    assert.deepEqual(codes, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], results.map((result) => result.stderr).join('\n'));
    assert.equal(server.requests.length, 1, 'the blocked runs sent nothing');
    const records = await new AuditLog(fileAuditStorage(workspace.auditFile)).records();
    const calls = records.filter((record) => record.type === 'call');
    assert.deepEqual(calls.map((call) => call.outcome).sort(), ['blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'ok']);
  });
});
