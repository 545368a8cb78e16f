import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WasmSqliteDriver } from '../../src/collector/storage/sqliteWasm';
import { StoreLockedError, TelemetryStore } from '../../src/collector/store';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { decoded, promptRun, resource, send } from '../support/collectorFixtures';

/**
 * Storage that survives: the real collector process killed with SIGKILL in the middle of
 * ingest restarts every time with every acknowledged event, and a backup taken while it ingests
 * is a sound database.
 */

const ROOT = join(__dirname, '..', '..');
const NOW = Date.now();

interface Child {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `src/collector/main.ts` in its own process on a free port; resolves with its URL. */
function startProcess(db: string, args: readonly string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'collector', 'main.ts'), '--port', '0', '--db', db, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ process: child, url, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the collector exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The status of one POST; rejects when the connection fails (a killed process): never hangs. */
function postStatus(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Posts batches of `size` identified events until `stop()` is called, two requests at a time;
 * returns the ids the collector acknowledged (200), retrying 503s as a sender does.
 */
function ingest(url: string, size: number): { acknowledged: Set<string>; stop: () => Promise<void> } {
  const acknowledged = new Set<string>();
  let running = true;
  let counter = 0;
  const worker = async (w: number) => {
    while (running) {
      const ids = Array.from({ length: size }, () => randomUUID());
      const body = JSON.stringify(encodeOtlpLogs(resource((w * 7 + counter++) % 50), ids.map((id, i) => ({ id, time: NOW - 60_000 - i, event: promptRun() })), NOW));
      try {
        if ((await postStatus(`${url}/v1/logs`, body)) === 200) for (const id of ids) acknowledged.add(id);
      } catch {
        // The process was killed: its answer never came, so nothing was acknowledged.
        return;
      }
    }
  };
  const workers = [worker(1), worker(2)];
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** `main.ts backup --db … --to …` in its own process. */
function backupCommand(db: string, to: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'collector', 'main.ts'), 'backup', '--db', db, '--to', to], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('telemetry collector: storage that survives', function () {
  this.timeout(180_000);
  let folder: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-storage-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    rmSync(folder, { recursive: true, force: true });
  });
  const started = async (db: string) => {
    const child = await startProcess(db);
    children.push(child.process);
    return child;
  };

  it('restarts after kill -9 in the middle of ingest, every time, with every acknowledged event', async () => {
    const db = join(folder, 'telemetry.db');
    const acknowledged = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const child = await started(db);
      const load = ingest(child.url, 25);
      await until('some acknowledged batches', () => load.acknowledged.size >= 100);
      child.process.kill('SIGKILL');
      await load.stop();
      await exited(child.process);
      for (const id of load.acknowledged) acknowledged.add(id);
    }
    const last = await started(db);
    assert.match(last.output(), /stopped abruptly; its lock was cleared/);
    last.process.kill('SIGTERM');
    await exited(last.process);
    const store = await TelemetryStore.open(db);
    try {
      const stored = new Set((await store.all('SELECT uid FROM events')).map((row) => String(row.uid).replace(/^id:/, '')));
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.size} acknowledged events were lost`);
      assert.ok(acknowledged.size >= 400);
    } finally {
      await store.close();
    }
  });

  it('takes a backup while the collector ingests (the command and the API), and the copy is a sound database', async () => {
    const db = join(folder, 'telemetry.db');
    const child = await started(db);
    const load = ingest(child.url, 20);
    await until('ingest under way', () => load.acknowledged.size >= 200);
    const copies: Array<{ before: number; events: number }> = [];
    for (let n = 0; n < 4; n++) {
      // Ingest goes on between and during the copies (the command runs in its own process).
      const before = load.acknowledged.size;
      await until('more events acknowledged', () => load.acknowledged.size >= before + 40);
      const to = join(folder, `copy-${n}.db`);
      const start = load.acknowledged.size;
      if (n === 0) copies.push({ before: start, events: (await WasmSqliteDriver.backup(db, to)).events });
      else {
        const command = await backupCommand(db, to);
        assert.equal(command.status, 0, command.stderr);
        assert.match(command.stdout, /^Copied .* (\d+) events, \d+ bytes; the copy passes SQLite's integrity check\.\n$/);
        copies.push({ before: start, events: Number(/ (\d+) events/.exec(command.stdout)?.[1]) });
      }
    }
    const after = load.acknowledged.size;
    await load.stop();
    assert.ok(after > (copies[0]?.before ?? 0), 'ingest went on during the backups');

    for (const [n, copy] of copies.entries()) {
      // What was acknowledged before the copy began is in it.
      assert.ok(copy.events >= copy.before, `copy ${n}: ${copy.events} events, ${copy.before} acknowledged before`);
      const opened = await TelemetryStore.open(join(folder, `copy-${n}.db`));
      try {
        assert.deepEqual((await opened.all('PRAGMA integrity_check')).map((row) => row.integrity_check), ['ok']);
        assert.equal((await opened.eventCount()), copy.events);
        // The rollups were copied in the same transaction as the events.
        assert.equal(Number((await opened.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n ?? 0), copy.events);
      } finally {
        await opened.close();
      }
    }
    assert.equal((await send(`${child.url}/healthz`)).status, 200);
    const again = await backupCommand(db, join(folder, 'copy-1.db'));
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already/);
  });

  it('stops cleanly on SIGTERM during start-up, and starts again every time', async () => {
    const db = join(folder, 'telemetry.db');
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'collector', 'main.ts'), '--port', '0', '--db', db], { cwd: ROOT, stdio: 'ignore' });
      children.push(child);
      await new Promise((resolve) => setTimeout(resolve, 150 * round));
      child.kill('SIGTERM');
      await exited(child);
    }
    const last = await started(db);
    assert.equal((await send(`${last.url}/healthz`)).status, 200);
  });

  it('clears the lock a dead collector left, and refuses a live one naming it', async () => {
    const file = join(folder, 'crashed.db');
    await (await TelemetryStore.open(file)).close();
    // What kill -9 in a transaction leaves: the driver's lock folder, and our owner file.
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    mkdirSync(`${file}.lock`);
    writeFileSync(`${file}.owner`, JSON.stringify({ pid: dead, host: hostname() }));
    const notes: string[] = [];
    const store = await TelemetryStore.open(file, (note) => notes.push(note));
    try {
      await store.insert([decoded(1, NOW, promptRun())]);
      assert.equal((await store.eventCount()), 1);
      assert.match(notes.join('\n'), new RegExp(`process ${dead}\\) stopped abruptly; its lock was cleared`));
      // This process owns it now: a second opening is refused, naming the owner.
      await assert.rejects(() => TelemetryStore.open(file), (error: Error) => error instanceof StoreLockedError && error.message.includes(`in use by another collector (process ${process.pid}, this one)`));
    } finally {
      await store.close();
    }
    writeFileSync(`${file}.owner`, JSON.stringify({ pid: 1, host: 'another-host' }));
    await assert.rejects(() => TelemetryStore.open(file), (error: Error) => error instanceof StoreLockedError && /owned by a collector on another-host/.test(error.message));
    rmSync(`${file}.owner`);
    await (await TelemetryStore.open(file)).close();
  });
});
