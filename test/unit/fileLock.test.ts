import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/core/audit';
import { fileAuditStorage } from '../../src/node/auditFiles';
import { repoRoot } from '../support/repo';

describe('audit trail: locks that recover', function () {
  this.timeout(120_000);
  let folder: string;
  let file: string;
  let children: ChildProcess[];
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ai-guard-lock-'));
    file = join(folder, 'audit.jsonl');
    children = [];
  });
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  /** A process holding the log's lock, once it holds it. */
  function holder(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'lockHolder.ts'), `${file}.lock`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    return new Promise((resolve) => child.stdout?.once('data', () => resolve(child)));
  }
  const killed = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  it('takes over the lock of a killed holder at once, by its pid, not after a delay', async () => {
    await killed(await holder());
    assert.ok(existsSync(`${file}.lock`), 'the dead holder left its lock behind');
    const started = Date.now();
    await new AuditLog(fileAuditStorage(file)).append('call', { outcome: 'blocked' });
    assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
    assert.equal(existsSync(`${file}.lock`), false, 'released');
  });

  it('does not let a lock file dated in the future hold the log forever', async () => {
    writeFileSync(`${file}.lock`, '');
    const future = new Date(Date.now() + 24 * 60 * 60 * 1000);
    utimesSync(`${file}.lock`, future, future);
    const log = new AuditLog(fileAuditStorage(file));
    const { id } = await log.begin({}, () => ({ status: 'ok' as const }));
    assert.ok(id, 'the attempt was written');
  });

  it('blocks the attempt while a live holder keeps the lock, and never gives up on the completion of a call made', async () => {
    const log = new AuditLog(fileAuditStorage(file));
    const { id } = await log.begin({}, () => ({ status: 'ok' as const }));
    const live = await holder();
    await assert.rejects(
      log.begin({}, () => ({ status: 'ok' as const })),
      /locked by another writer/,
      'no call is made unrecorded',
    );
    // The completion waits past the attempt's patience (5 s) for as long as the holder lives.
    let settled = false;
    const completion = log.complete(id as string, { outcome: 'ok' }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    assert.equal(settled, false, 'still waiting after 6 s');
    await killed(live);
    await completion;
    const calls = (await log.records()).filter((record) => record.type === 'call');
    assert.deepEqual(
      calls.map((call) => call.outcome),
      ['ok'],
    );
  });
});
