import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDriver } from '../../src/collector/storage/sqlite';
import { TelemetryStore } from '../../src/collector/store';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { promptRun, resource, send } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

/**
 * Storage that survives: the real collector process killed with SIGKILL in the middle of
 * ingest restarts every time with every acknowledged event (SQLite and PostgreSQL), and a
 * backup taken while it ingests is a sound database holding every event acknowledged before it.
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
      const body = JSON.stringify(
        encodeOtlpLogs(
          resource((w * 7 + counter++) % 50),
          ids.map((id, i) => ({ id, time: NOW - 60_000 - i, event: promptRun() })),
          NOW,
        ),
      );
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

/** `main.ts backup …` in its own process. */
function backupCommand(db: string, args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'collector', 'main.ts'), 'backup', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AIGUARD_COLLECTOR_DB: db },
  });
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
  this.timeout(300_000);
  let folder: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
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
  const storedIds = async (db: string): Promise<Set<string>> => {
    const store = await TelemetryStore.open(db);
    try {
      return new Set((await store.all('SELECT uid FROM events')).map((row) => String(row.uid).replace(/^id:/, '')));
    } finally {
      await store.close();
    }
  };

  for (const kind of STORES) {
    it(`${kind}: restarts after kill -9 in the middle of ingest, 12 times out of 12, with every acknowledged event`, async function () {
      const db = await databaseFor(kind, folder, this);
      const acknowledged = new Set<string>();
      for (let round = 0; round < 12; round++) {
        // Each start must succeed: nothing a killed collector left may refuse it.
        const child = await started(db);
        const load = ingest(child.url, 25);
        await until('some acknowledged batches', () => load.acknowledged.size >= 100);
        child.process.kill('SIGKILL');
        await load.stop();
        await exited(child.process);
        for (const id of load.acknowledged) acknowledged.add(id);
      }
      const last = await started(db);
      assert.equal((await send(`${last.url}/healthz`)).status, 200);
      last.process.kill('SIGTERM');
      await exited(last.process);
      const stored = await storedIds(db);
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.size} acknowledged events were lost`);
      assert.ok(acknowledged.size >= 1200);
      if (kind === 'sqlite') {
        const store = await TelemetryStore.open(db);
        try {
          assert.deepEqual(
            (await store.all('PRAGMA integrity_check')).map((row) => row.integrity_check),
            ['ok'],
          );
          // The rollups were committed with their events: as many runs counted as stored.
          assert.equal(Number((await store.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n), stored.size);
        } finally {
          await store.close();
        }
      }
    });
  }

  it('takes 10 backups while the collector ingests (the command and the API): each passes integrity_check and holds every event acknowledged before it', async () => {
    const db = join(folder, 'telemetry.db');
    const child = await started(db);
    const load = ingest(child.url, 20);
    await until('ingest under way', () => load.acknowledged.size >= 200);
    const copies: Array<{ file: string; before: Set<string>; events: number }> = [];
    for (let n = 0; n < 10; n++) {
      // Ingest goes on between and during the copies (the command runs in its own process).
      const before = load.acknowledged.size;
      await until('more events acknowledged', () => load.acknowledged.size >= before + 40);
      const file = join(folder, `copy-${n}.db`);
      const acknowledged = new Set(load.acknowledged);
      if (n % 3 === 0) copies.push({ file, before: acknowledged, events: (await SqliteDriver.backup(db, file)).events });
      else {
        const command = await backupCommand(db, n % 3 === 1 ? ['--db', db, file] : ['--db', db, '--to', file]);
        assert.equal(command.status, 0, command.stderr);
        assert.equal(command.stderr, '', 'nothing on stderr (no ExperimentalWarning)');
        assert.match(command.stdout, /^Copied .* (\d+) events, \d+ bytes; the copy passes SQLite's integrity check\.\n$/);
        copies.push({ file, before: acknowledged, events: Number(/ (\d+) events/.exec(command.stdout)?.[1]) });
      }
    }
    const after = load.acknowledged.size;
    await load.stop();
    assert.ok(after > (copies[0]?.before.size ?? 0), 'ingest went on during the backups');

    for (const [n, copy] of copies.entries()) {
      const opened = await TelemetryStore.open(copy.file);
      try {
        assert.deepEqual(
          (await opened.all('PRAGMA integrity_check')).map((row) => row.integrity_check),
          ['ok'],
          `copy ${n}`,
        );
        const ids = new Set((await opened.all('SELECT uid FROM events')).map((row) => String(row.uid).replace(/^id:/, '')));
        const missing = [...copy.before].filter((id) => !ids.has(id));
        assert.deepEqual(missing, [], `copy ${n}: ${missing.length} of ${copy.before.size} events acknowledged before it are missing`);
        assert.equal(ids.size, copy.events);
        // The rollups were copied in the same snapshot as the events.
        assert.equal(Number((await opened.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n ?? 0), copy.events);
      } finally {
        await opened.close();
      }
    }
    assert.equal((await send(`${child.url}/healthz`)).status, 200);
    const again = await backupCommand(db, ['--db', db, join(folder, 'copy-1.db')]);
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

  it("lets another SQLite connection read the file while the collector writes (SQLite's own locking, WAL)", async () => {
    const db = join(folder, 'telemetry.db');
    const child = await started(db);
    const load = ingest(child.url, 20);
    await until('ingest under way', () => load.acknowledged.size >= 100);
    const reader = await TelemetryStore.open(db);
    try {
      const before = load.acknowledged.size;
      assert.ok((await reader.eventCount()) >= before);
      assert.deepEqual(
        (await reader.all('PRAGMA journal_mode')).map((row) => row.journal_mode),
        ['wal'],
      );
      await until('ingest goes on while the file is open elsewhere', () => load.acknowledged.size >= before + 100);
    } finally {
      await reader.close();
      await load.stop();
    }
  });
});
