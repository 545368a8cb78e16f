import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFor } from '../support/postgres';

/**
 * One PostgreSQL connection runs one query at a time: a transaction's statements issued
 * together (a group commit's batches, each with its own signals) must be queued by the
 * collector, not handed to `pg` concurrently, which pg 8 warns is deprecated and pg 9 refuses.
 * The work runs in a process of its own, since Node prints a deprecation once per process.
 */

const ROOT = join(__dirname, '..', '..');

describe('telemetry collector: PostgreSQL queries on one connection', function () {
  this.timeout(120_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-pgq-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('group-commits batches with signals, and concurrent statements of one transaction, without a warning', async function () {
    const url = await databaseFor('postgres', folder, this);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', 'pgConcurrentGroup.ts'), url], { cwd: ROOT, encoding: 'utf8', timeout: 100_000 });
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { warnings: string[]; stored: number[]; signals: number[]; counts: number[] };
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(report.stored, [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(report.signals, [2, 2, 2, 2, 2, 2, 2, 2]);
    assert.deepEqual(report.counts, [16, 16, 16, 16, 16, 16]);
  });
});
