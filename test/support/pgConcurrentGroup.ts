// Run as `node --import tsx test/support/pgConcurrentGroup.ts <postgres URL>` by
// collectorPostgresQueries.test.ts: in a process of its own, so that a warning Node prints
// once per process (a deprecation) is seen whatever ran before. Group-commits batches that
// carry other tools' signals, and runs concurrent statements in one transaction, then prints
// the process's warnings as one JSON line.
import { openDriver } from '../../src/collector/storage/open';
import { TelemetryStore } from '../../src/collector/store';
import type { ToolSignal } from '../../src/collector/signals/mapping';
import { decoded, promptRun } from './collectorFixtures';

const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

const NOW = Date.parse('2026-03-12T10:00:00Z');

function signal(n: number, kind: ToolSignal['kind']): ToolSignal {
  return {
    tool: 'claude-code',
    time: NOW - n * 1000,
    who: { uid: `person-${n % 3}`, enrolled: false },
    team: undefined,
    kind,
    quantity: 1 + n,
    costPerUnit: 0,
    provider: undefined,
    uid: `claude-${n}-${kind}`,
  };
}

async function main(url: string): Promise<void> {
  const store = await TelemetryStore.over(await openDriver(url));
  // Requests of the same turn of the event loop join one group: each with its own signals.
  const results = await Promise.all(Array.from({ length: 8 }, (_, n) => store.insert([decoded(n, NOW - n, promptRun())], NOW, { signals: [signal(n, 'prompt'), signal(n, 'tokens')] })));
  // Statements a transaction's work issues without awaiting each other.
  const counts = await store.driver.transaction((sql) => Promise.all(Array.from({ length: 6 }, () => sql.all('SELECT count(*) AS n FROM signals'))));
  await store.close();
  // Let a warning emitted on the last tick reach its listener.
  await new Promise((resolve) => setImmediate(resolve));
  process.stdout.write(`${JSON.stringify({ warnings, stored: results.map((r) => r.stored), signals: results.map((r) => r.signals), counts: counts.map((rows) => Number(rows[0]?.n)) })}\n`);
}

void main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
