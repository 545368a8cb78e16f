// `npm run bench` (audit part): the latency of one append to the hash-chained audit log on disk
// (lock, read the last line, one write), and the time to verify 100,000 records.
// Targets: append ≤ 1 ms median; verification of 100,000 records ≤ 2 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAuditStorage } from '../src/node/auditFiles';
import { AuditLog, GENESIS, lineHash, recordLine, verifyText } from '../src/core/audit';

const record = { outcome: 'ok', template: { id: 'code-review', version: '1.0.0', sha256: 'f'.repeat(64), approval: 'built-in', profile: 'dev' }, provider: { id: 'azure-eu', kind: 'azure-openai', model: 'gpt-4o' }, levels: ['confidential'], clients: ['ardoise'], redactions: { email: 2, 'aws-access-key-id': 1 }, tokens: { input: 1834, output: 412, estimated: false }, durationMs: 2310, promptSha256: 'a'.repeat(64), answerSha256: 'b'.repeat(64) };

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ai-guard-bench-audit-'));
  try {
    const file = join(folder, 'audit.jsonl');
    const log = new AuditLog(fileAuditStorage(file));
    for (let i = 0; i < 50; i++) await log.append('call', record);
    const latencies: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const started = performance.now();
      await log.append('call', record);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)] ?? 0;
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;

    // 100,000 records in the log's own format, chained in memory (appending them one by one
    // through the lock would take a minute and measure nothing new).
    const lines: string[] = [recordLine(1, GENESIS, 'start', new Date().toISOString(), { reason: 'new' })];
    for (let seq = 2; seq <= 100_001; seq++) lines.push(recordLine(seq, lineHash(lines[lines.length - 1] as string), 'call', new Date().toISOString(), record));
    const text = `${lines.join('\n')}\n`;
    const verifyRuns: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const result = verifyText(text);
      verifyRuns.push(performance.now() - started);
      if (!result.ok || result.records !== 100_001) throw new Error(`verification failed: ${JSON.stringify(result.broken)}`);
    }
    verifyRuns.sort((a, b) => a - b);
    const verifyMs = verifyRuns[1] ?? 0;
    console.log('\nAudit log (issue 6)');
    console.log(`  append (lock, last line, one write), 1,000 appends: median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (target median ≤ 1 ms: ${median <= 1 ? 'ok' : 'OVER TARGET'})`);
    console.log(`  verify 100,000 records (${(text.length / 1024 / 1024).toFixed(1)} MB): ${verifyMs.toFixed(0)} ms, median of 3 (target ≤ 2000 ms: ${verifyMs <= 2000 ? 'ok' : 'OVER TARGET'})`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
