import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
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

  it('starts on PostgreSQL from --store postgres --pg-url, and never prints the password', async function () {
    const url = (await databaseFor('postgres', folder, this)).replace('postgres@', 'postgres:the-password@');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src', 'collector', 'main.ts'), '--port', '0', '--store', 'postgres', '--pg-url', url, '--secret', 'a-secret-of-16-characters'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (/database: .*\n/.test(output)) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`the collector exited (${code}):\n${output}`)));
      });
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
      assert.equal((await fetch(`${listening}/healthz`)).status, 200);
      assert.match(output, /database: +postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
      assert.equal(output.includes('the-password'), false);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    }
  });
});
