// `npm run bench` (audit part), on disk in a temporary folder:
// - one append to the sealed, hash-chained audit log (lock, last line, one write synced to disk,
//   the head replaced), and one write-ahead call (attempt and completion);
// - the verification of 100,000 sealed records;
// - the budget check of a call with 100,000 records present (the attempt, under the lock, against
//   a monthly budget): the first one after an upgrade, whose head carries no spending yet (it reads
//   and adds up the whole log once), then the usual one, which reads only the head.
// Targets: append ≤ 10 ms median (a synced write costs what the disk makes it cost); verification of
// 100,000 records ≤ 2 s (from the last verified record; `--full` is printed beside it).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAuditKey, fileAuditStorage } from '../src/node/auditFiles';
import { AuditLog, GENESIS, lineHash, recordLine } from '../src/core/audit';
import { headText, macWith, seal } from '../src/core/audit/seal';

const record = {
  outcome: 'ok',
  template: { id: 'code-review', version: '1.0.0', sha256: 'f'.repeat(64), approval: 'built-in', profile: 'dev' },
  provider: { id: 'azure-eu', kind: 'azure-openai', model: 'gpt-4o' },
  levels: ['confidential'],
  clients: ['ardoise'],
  redactions: { email: 2, 'aws-access-key-id': 1 },
  tokens: { input: 1834, output: 412, estimated: false },
  cost: { amount: 0.0081, currency: 'EUR', estimated: false, priced: true },
  durationMs: 2310,
  promptSha256: 'a'.repeat(64),
  answerSha256: 'b'.repeat(64),
};

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * share)] ?? 0;

async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ai-guard-bench-audit-'));
  try {
    const keys = fileAuditKey(join(folder, 'audit.key'));
    const log = new AuditLog(fileAuditStorage(join(folder, 'audit.jsonl')), undefined, keys);
    for (let i = 0; i < 50; i++) await log.append('call', record);
    const appends = await timed(500, () => log.append('call', record));
    const calls = await timed(200, async () => {
      const { id } = await log.begin({ reserved: record.cost }, () => ({ status: 'ok' }));
      await log.complete(id as string, record);
    });

    // 100,000 sealed records in the log's own format, chained in memory (appending them one by
    // one through the lock would take minutes and measure nothing new), with their head.
    const mac = macWith(await keys.create());
    const lines: string[] = [seal(recordLine(1, GENESIS, 'start', new Date().toISOString(), { reason: 'new' }), mac)];
    for (let seq = 2; seq <= 100_001; seq++) lines.push(seal(recordLine(seq, lineHash(lines[lines.length - 1] as string), 'call', new Date().toISOString(), record), mac));
    const big = join(folder, 'big.jsonl');
    const text = `${lines.join('\n')}\n`;
    writeFileSync(big, text);
    writeFileSync(`${big}.head`, headText({ seq: 100_001, hash: lineHash(lines[lines.length - 1] as string), from: 1 }, mac));
    const bigLog = new AuditLog(fileAuditStorage(big), undefined, keys);
    const verifications = await timed(3, async () => {
      const result = await bigLog.verify({ full: true });
      if (!result.ok || result.records !== 100_001) throw new Error(`verification failed: ${JSON.stringify(result.broken)}`);
    });
    const month = new Date().toISOString().slice(0, 7);
    const [firstCheck] = await timed(1, () => bigLog.begin({ reserved: record.cost }, () => ({ status: 'ok' }), { month }));
    const checks = await timed(5, () => bigLog.begin({ reserved: record.cost }, () => ({ status: 'ok' }), { month }));
    // The usual verification: from the last verified record (kept, sealed, by the full one above),
    // after the budget checks' attempts and one more record were appended through the log.
    await bigLog.append('call', record);
    const incremental = await timed(3, async () => {
      const result = await bigLog.verify();
      if (!result.ok || result.records <= 100_001 || result.from === undefined) throw new Error(`incremental verification failed: ${JSON.stringify(result)}`);
    });

    const baseline = await timed(5, () => new Promise((resolve) => execFile(process.execPath, ['-e', '0'], resolve)));
    const appendMedian = percentile(appends, 0.5);
    const verifyMs = percentile(verifications, 0.5);
    const incrementalMs = percentile(incremental, 0.5);
    console.log('\nAudit log (issue 17)');
    console.log(`  baseline: node -e 0, median of 5: ${percentile(baseline, 0.5).toFixed(0)} ms`);
    console.log(
      `  append (lock, last line, one synced write, head), 500 appends: median ${appendMedian.toFixed(2)} ms, p95 ${percentile(appends, 0.95).toFixed(2)} ms (target median ≤ 10 ms: ${appendMedian <= 10 ? 'ok' : 'OVER TARGET'})`,
    );
    console.log(`  write-ahead call (attempt and completion), 200 calls: median ${percentile(calls, 0.5).toFixed(2)} ms, p95 ${percentile(calls, 0.95).toFixed(2)} ms`);
    console.log(`  verify 100,000 sealed records (${(text.length / 1024 / 1024).toFixed(1)} MB), --full: ${verifyMs.toFixed(0)} ms, median of 3`);
    console.log(
      `  verify 100,000 sealed records from the last verified one (digest of the verified bytes, then the new record): ${incrementalMs.toFixed(0)} ms, median of 3 (target ≤ 2000 ms: ${incrementalMs <= 2000 ? 'ok' : 'OVER TARGET'})`,
    );
    console.log(`  budget check under the lock with 100,000 records (monthly budget), first after an upgrade (head without spending): ${(firstCheck ?? 0).toFixed(0)} ms`);
    console.log(`  budget check under the lock with 100,000 records (monthly budget), from the head: ${percentile(checks, 0.5).toFixed(1)} ms, median of 5`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
