import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAuditKey, fileAuditStorage } from '../../src/node/auditFiles';
import { AuditError, AuditLog, auditCsv, GENESIS, lineHash, recordLine, verifyText } from '../../src/core/audit';
import { summariseUsage } from '../../src/core/cost';
import { MemoryAuditStorage } from '../support/memoryAudit';
import { repoRoot } from '../support/repo';

/** A log of `count` call records, one a day from 2026-11-01. */
async function logOf(count: number): Promise<{ log: AuditLog; storage: MemoryAuditStorage; clock: { day: number } }> {
  const storage = new MemoryAuditStorage();
  const clock = { day: 1 };
  const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, clock.day, 12)));
  for (let i = 0; i < count; i++) {
    await log.append('call', { outcome: 'ok', template: { id: 'code-review', version: '1.0.0' }, n: i });
    clock.day++;
  }
  return { log, storage, clock };
}

const lines = (text: string | undefined) => (text ?? '').split('\n').filter((line) => line !== '');

describe('audit trail: write-ahead records', function () {
  this.timeout(30_000);
  const now = () => new Date(Date.UTC(2026, 10, 5, 12));

  it('writes the attempt before the call and pairs it with its completion when read', async () => {
    const storage = new MemoryAuditStorage();
    const log = new AuditLog(storage, now);
    const { decision, id } = await log.begin({ template: { id: 'code-review' }, reserved: { amount: 0.5, currency: 'EUR' } }, () => ({ status: 'ok' as const }));
    assert.equal(decision.status, 'ok');
    assert.match(storage.text ?? '', /"type":"attempt"/, 'on disk before anything is sent');
    assert.deepEqual(
      (await log.records()).filter((record) => record.type === 'call').map((record) => record.outcome),
      ['interrupted'],
      'an attempt alone reads as interrupted',
    );
    await log.complete(id as string, { outcome: 'ok', cost: { amount: 0.1, currency: 'EUR' } });
    const [call, ...rest] = (await log.records()).filter((record) => record.type !== 'start');
    assert.equal(rest.length, 0, 'the completion is merged into its attempt');
    assert.equal(call?.type, 'call');
    assert.equal(call?.outcome, 'ok');
    assert.deepEqual(call?.cost, { amount: 0.1, currency: 'EUR' }, 'actual cost replaces the reservation');
    assert.deepEqual((call?.template as { id: string }).id, 'code-review');
    assert.equal((await log.verify()).ok, true);
  });

  it("counts an interrupted call at its reservation in the month's usage", async () => {
    const storage = new MemoryAuditStorage();
    const log = new AuditLog(storage, now);
    await log.begin({ provider: { id: 'p' }, reserved: { amount: 0.75, currency: 'EUR' } }, () => ({ status: 'ok' as const }));
    const summary = summariseUsage(await log.records(), now());
    assert.equal(summary.total.cost, 0.75);
    assert.equal(summary.interrupted, 1);
  });

  it('writes no attempt when the decision blocks, and rejects when the attempt cannot be written', async () => {
    const storage = new MemoryAuditStorage();
    const log = new AuditLog(storage, now);
    const blocked = await log.begin({}, () => ({ status: 'block' as const, message: 'no' }));
    assert.equal(blocked.id, undefined);
    assert.equal(storage.text, undefined, 'nothing written');
    storage.failWrites = true;
    await assert.rejects(
      log.begin({}, () => ({ status: 'ok' as const })),
      AuditError,
    );
  });

  it('still verifies and reads a log of the first format', async () => {
    const v1 = [recordLine(1, GENESIS, 'start', '2026-11-01T00:00:00.000Z', { reason: 'new' })];
    const first = JSON.parse(v1[0] as string) as Record<string, unknown>;
    v1[0] = JSON.stringify({ ...first, v: 1 });
    v1.push(JSON.stringify({ v: 1, seq: 2, prev: lineHash(v1[0] as string), type: 'call', time: '2026-11-01T00:00:01.000Z', outcome: 'ok' }));
    const text = `${v1.join('\n')}\n`;
    assert.equal(verifyText(text).ok, true);
    assert.equal((await new AuditLog(new MemoryAuditStorage(text)).records()).filter((record) => record.type === 'call').length, 1);
  });
});

describe('audit trail: the hash chain', () => {
  it('chains every record to the previous one, and verifies', async () => {
    const { log, storage } = await logOf(5);
    assert.equal(lines(storage.text).length, 6, 'a start record, then the five calls');
    assert.equal((JSON.parse(lines(storage.text)[0] as string) as { type: string }).type, 'start');
    const verification = await log.verify();
    assert.equal(verification.ok, true);
    assert.equal(verification.records, 6);
  });

  it('detects an edit, a deletion, a reordering and a truncation, at the first broken link', async () => {
    const { storage } = await logOf(6);
    const original = lines(storage.text);
    const edited = [...original];
    edited[2] = (edited[2] as string).replace('"n":1', '"n":10');
    assert.deepEqual(verifyText(`${edited.join('\n')}\n`).broken?.line, 4, 'an edited line breaks the link of the next one');
    const deleted = original.filter((_, index) => index !== 3);
    assert.equal(verifyText(`${deleted.join('\n')}\n`).broken?.line, 4);
    const reordered = [original[0], original[2], original[1], ...original.slice(3)];
    assert.equal(verifyText(`${reordered.join('\n')}\n`).broken?.line, 2);
    const cut = `${original.join('\n')}\n`.slice(0, -20);
    const truncated = verifyText(cut);
    assert.equal(truncated.ok, false);
    assert.equal(truncated.tornTail?.line, 7, 'a cut-off last line is reported, not dropped');
  });

  it('recovers the complete records before a torn last line: the fragment is kept aside and reported, usage goes on', async () => {
    const { log, storage } = await logOf(3);
    const complete = storage.text as string;
    storage.text = `${complete}{"v":2,"seq":5,"prev":"ab`;
    await log.append('call', { outcome: 'ok' });
    assert.deepEqual(storage.asides, [{ name: 'audit.jsonl.torn-1', text: '{"v":2,"seq":5,"prev":"ab' }], 'only the fragment went aside');
    assert.ok((storage.text as string).startsWith(complete), 'the complete records stay');
    const recovery = lines(storage.text).map((line) => JSON.parse(line) as { type: string; setAside?: string; reason?: string; seq: number })[4];
    assert.equal(recovery?.type, 'recovery');
    assert.equal(recovery?.setAside, 'audit.jsonl.torn-1');
    assert.match(recovery?.reason ?? '', /cut off/);
    assert.equal((await log.verify()).ok, true);
    const calls = (await log.records()).filter((record) => record.type === 'call');
    assert.equal(calls.length, 4, 'the three calls before the tear, and the new one');
  });

  it('keeps a torn fragment on disk beside the log, readable by its owner only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ai-guard-torn-'));
    try {
      const file = join(folder, 'audit.jsonl');
      const log = new AuditLog(fileAuditStorage(file));
      await log.append('call', { outcome: 'ok' });
      appendFileSync(file, '{"v":2,"seq":3');
      await log.append('call', { outcome: 'ok' });
      const torn = readdirSync(folder).filter((name) => name.startsWith('audit.jsonl.torn-'));
      assert.equal(torn.length, 1);
      assert.equal(readFileSync(join(folder, torn[0] as string), 'utf8'), '{"v":2,"seq":3');
      assert.equal(statSync(join(folder, torn[0] as string)).mode & 0o777, 0o600);
      assert.equal((await log.verify()).ok, true);
      assert.equal((await log.records()).filter((record) => record.type === 'call').length, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("keeps the spending of a log set aside in the new chain's start", async () => {
    const storage = new MemoryAuditStorage();
    const now = () => new Date(Date.UTC(2026, 10, 10, 12));
    const log = new AuditLog(storage, now);
    await log.append('call', { outcome: 'ok', cost: { amount: 0.5, currency: 'EUR' } });
    await log.append('call', { outcome: 'ok', cost: { amount: 0.25, currency: 'EUR' } });
    storage.text = `${storage.text as string}not a record of ours\n`;
    await log.append('call', { outcome: 'ok', cost: { amount: 1, currency: 'EUR' } });
    assert.equal(storage.asides.length, 1, 'the file was set aside');
    assert.equal(summariseUsage(await log.records(), now()).total.cost, 1.75, 'what it spent still counts');
  });

  it('sets a foreign file aside, never overwriting it, and starts a new chain that says so', async () => {
    const { log, storage } = await logOf(1);
    storage.text = "this is somebody else's file\n";
    await log.append('call', { outcome: 'ok' });
    assert.equal(storage.asides.length, 1);
    assert.equal(storage.asides[0]?.text, "this is somebody else's file\n", 'the old file is kept as it was');
    const fresh = lines(storage.text).map((line) => JSON.parse(line) as { type: string; setAside?: string; reason?: string });
    assert.equal(fresh[0]?.type, 'start');
    assert.equal(fresh[0]?.setAside, 'audit.jsonl.corrupt-1');
    assert.equal((await log.verify()).ok, true);
  });

  it('prunes by retention behind a checkpoint that keeps the chain verifiable, and appends after it', async () => {
    const { log, storage, clock } = await logOf(10);
    const before = lines(storage.text);
    const { pruned } = await log.prune(new Date(Date.UTC(2026, 10, 6)));
    assert.equal(pruned, 6, 'the start record and the five calls of November 1 to 5');
    const after = lines(storage.text);
    assert.equal(after.length, 6);
    const checkpoint = JSON.parse(after[0] as string) as { type: string; pruned: number };
    assert.equal(checkpoint.type, 'checkpoint');
    assert.equal(checkpoint.pruned, 6);
    assert.deepEqual(after.slice(1), before.slice(6), 'kept records are unchanged');
    assert.equal((await log.verify()).ok, true);
    await log.append('call', { outcome: 'ok' });
    assert.equal((await log.verify()).ok, true);
    // Pruning again, past everything: the new checkpoint counts both prunings, and stands alone.
    clock.day += 40;
    const again = await log.prune(new Date(Date.UTC(2027, 0, 1)));
    assert.equal(again.pruned, 6, 'the five kept calls and the one appended after the first pruning');
    const only = lines(storage.text);
    assert.equal(only.length, 1);
    assert.equal((JSON.parse(only[0] as string) as { pruned: number }).pruned, 12);
    assert.equal((await log.verify()).ok, true);
    await log.append('call', { outcome: 'ok' });
    assert.equal((await log.verify()).ok, true, 'a record chains on a lone checkpoint');
    assert.equal(lines(storage.text).length, 2);
  });

  it("carries the month's spending in the retention checkpoint, so usage and budgets do not restart", async () => {
    const storage = new MemoryAuditStorage();
    const clock = { day: 1 };
    const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, clock.day, 12)));
    for (let i = 0; i < 6; i++) {
      await log.append('call', { outcome: i === 5 ? 'blocked' : 'ok', tokens: { input: 10, output: 20 }, cost: { amount: 0.25, currency: 'EUR' } });
      clock.day++;
    }
    await log.begin({ reserved: { amount: 1, currency: 'EUR' } }, () => ({ status: 'ok' as const }));
    const november = new Date(Date.UTC(2026, 10, 20));
    const before = summariseUsage(await log.records(), november);
    assert.deepEqual([before.total.calls, before.total.cost, before.blocked, before.interrupted], [6, 2.25, 1, 1]);
    await log.prune(new Date(Date.UTC(2026, 10, 4)));
    const after = summariseUsage(await log.records(), november);
    assert.deepEqual([after.total, after.blocked, after.interrupted], [before.total, 1, 1], 'pruned within the month, still counted (the totals, not their breakdown)');
    clock.day = 30;
    await log.prune(new Date(Date.UTC(2026, 11, 1)));
    assert.equal(lines(storage.text).length, 1, 'everything pruned');
    assert.deepEqual(summariseUsage(await log.records(), november).total, before.total, "a second checkpoint carries the first one's totals");
    assert.equal(summariseUsage(await log.records(), new Date(Date.UTC(2026, 11, 2))).total.cost, 0, 'another month starts from zero');
  });

  it('refuses to prune a broken chain (that would hide the break)', async () => {
    const { log, storage } = await logOf(4);
    const original = lines(storage.text);
    storage.text = `${[original[0], original[2], original[3]].join('\n')}\n`;
    await assert.rejects(log.prune(new Date(Date.UTC(2027, 0, 1))), AuditError);
  });

  it('says clearly when the log cannot be written, so the call is not made untraced', async () => {
    const { log, storage } = await logOf(1);
    storage.failWrites = true;
    await assert.rejects(log.append('call', { outcome: 'ok' }), (error: unknown) => error instanceof AuditError && /cannot be written.*no space/i.test(error.message));
  });

  it('prepares a call: ready, blocked when the log cannot be written, untraced only when the policy waives the record', async () => {
    const { log, storage } = await logOf(1);
    assert.deepEqual(await log.prepareCall({ retentionDays: undefined, required: true }), { status: 'ready' });
    storage.failWrites = true;
    const blocked = await log.prepareCall({ retentionDays: undefined, required: true });
    assert.equal(blocked.status, 'blocked');
    assert.match('message' in blocked ? blocked.message : '', /cannot be written/i);
    const untraced = await log.prepareCall({ retentionDays: undefined, required: false });
    assert.equal(untraced.status, 'untraced');
    assert.match('message' in untraced ? untraced.message : '', /cannot be written.*audit\.required: false/is);
  });

  it('keeps one valid chain when two processes write at once', async function () {
    this.timeout(60_000);
    const folder = mkdtempSync(join(tmpdir(), 'ai-guard-audit-'));
    const file = join(folder, 'audit.jsonl');
    try {
      const writer = (name: string) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'auditWriter.ts'), file, '150', name], { cwd: repoRoot, stdio: 'inherit' });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${name} exited with ${code}`))));
        });
      await Promise.all([writer('a'), writer('b')]);
      const text = readFileSync(file, 'utf8');
      const verification = verifyText(text);
      assert.equal(verification.ok, true, JSON.stringify(verification.broken));
      assert.equal(verification.records, 301, 'one start record and 300 calls');
      assert.equal((await new AuditLog(fileAuditStorage(file)).verify()).ok, true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps exactly one call per writer when 20 processes record calls at once', async function () {
    this.timeout(240_000);
    const folder = mkdtempSync(join(tmpdir(), 'ai-guard-audit-'));
    const file = join(folder, 'audit.jsonl');
    const children: ChildProcess[] = [];
    try {
      const writer = (name: string) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'auditWriter.ts'), file, '1', name, 'calls'], { cwd: repoRoot, stdio: 'inherit' });
          children.push(child);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${name} exited with ${code}`))));
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => writer(`w${i}`)));
      const log = new AuditLog(fileAuditStorage(file), undefined, fileAuditKey(join(folder, 'audit.key')));
      const verification = await log.verify();
      assert.equal(verification.ok, true, JSON.stringify(verification.broken));
      assert.equal(verification.sealed, 41, 'one key for all, and the head follows the last of them');
      const calls = (await log.records()).filter((record) => record.type === 'call');
      assert.equal(calls.length, 20);
      assert.deepEqual(new Set(calls.map((call) => call.outcome)), new Set(['ok']), 'every attempt has its completion');
      assert.equal(new Set(calls.map((call) => call.writer)).size, 20);
    } finally {
      for (const child of children) child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exports CSV with one row per record, quoting safely', async () => {
    const csv = auditCsv([
      {
        seq: 1,
        time: 't',
        type: 'call',
        outcome: 'ok',
        template: { id: 'code-review', version: '1.0.0', approval: 'built-in' },
        provider: { id: 'azure-eu', model: 'gpt' },
        redactions: { email: 2 },
        detail: '=HYPERLINK("x")',
      },
    ]);
    const [header, row] = csv.trim().split('\r\n');
    assert.match(header ?? '', /^seq,time,type,outcome,detail,template/);
    assert.match(row ?? '', /^1,t,call,ok,"'=HYPERLINK\(""x""\)",code-review,1\.0\.0,built-in,azure-eu,gpt,,,email:2/);
  });
});
