import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryTelemetryStorage, Outbox, type TelemetryEvent, type TelemetryStorage } from '../../src/core/telemetry';
import { fileTelemetryStorage } from '../../src/node/telemetryFiles';
import { promptRun } from '../support/collectorFixtures';

/**
 * The outbox as a journal: a change appends a line instead of rewriting the whole document
 * (about 1.2 MB per event with a full queue and a full log), the file stays bounded, and a
 * crash in the middle of an append loses nothing that was written before it.
 */

const day = (n: number): TelemetryEvent => ({ name: 'aiguard.daily_activity', day: `2026-11-${String(n).padStart(2, '0')}` });

/** A storage that counts the characters it is asked to write or append. */
function counting(inner: TelemetryStorage): TelemetryStorage & { written: () => number } {
  let written = 0;
  return {
    read: () => inner.read(),
    write: (text) => ((written += text.length), inner.write(text)),
    append: (text) => ((written += text.length), inner.append(text)),
    withLock: (work) => inner.withLock(work),
    written: () => written,
  };
}

/** A full outbox: 1,000 queued runs, and a log of 20 sent batches with their bodies. */
async function fill(outbox: Outbox): Promise<void> {
  await outbox.enqueue(Array.from({ length: 1_000 }, () => promptRun()));
  for (let n = 0; n < 20; n++) {
    const leased = await outbox.lease('w', 60_000, 50);
    assert.ok(leased !== undefined);
    await outbox.settle(
      'w',
      leased.batch.map((queued) => queued.id),
      { kind: 'sent', count: 50, status: 200, body: 'x'.repeat(50_000) },
    );
    await outbox.enqueue(Array.from({ length: 50 }, () => promptRun()));
  }
}

describe('telemetry outbox: an append-only journal', function () {
  this.timeout(60_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-outbox-journal-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  // Each change reads and checks the whole outbox (every window shares the file), about 20 ms
  // with a full one: the default-sized outbox is measured over a few events, and the compactions
  // over a smaller one, where the appended lines outweigh the snapshot a hundred times sooner.
  it('writes a few hundred bytes per event with a full queue and log', async () => {
    const storage = counting(memoryTelemetryStorage());
    const outbox = new Outbox(storage, { randomUuid: randomUUID });
    await fill(outbox);
    const document = (await storage.read())?.split('\n')[0]?.length ?? 0;
    assert.ok(document > 1_000_000, `a full outbox is about 1.2 MB (${document})`);
    const before = storage.written();
    const events = 50;
    for (let n = 0; n < events; n++) await outbox.enqueue([promptRun()]);
    const perEvent = (storage.written() - before) / events;
    // One queued run is about 600 bytes, appended; rewriting the document would be 1.2 MB.
    assert.ok(perEvent < 1_000, `${perEvent.toFixed(0)} bytes written per event`);
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 1_000);
    assert.equal(state.log.length, 20);
  });

  it('compacts once the lines outweigh the snapshot, at most doubling what is written, and stays bounded', async () => {
    const storage = counting(memoryTelemetryStorage());
    const outbox = new Outbox(storage, { capacity: 200, logEntries: 5, randomUuid: randomUUID });
    await outbox.enqueue(Array.from({ length: 200 }, () => promptRun()));
    for (let n = 0; n < 5; n++) {
      const leased = await outbox.lease('w', 60_000, 10);
      assert.ok(leased !== undefined);
      await outbox.settle(
        'w',
        leased.batch.map((queued) => queued.id),
        { kind: 'sent', count: 10, status: 200, body: 'x'.repeat(10_000) },
      );
      await outbox.enqueue(Array.from({ length: 10 }, () => promptRun()));
    }
    const document = (await storage.read())?.split('\n')[0]?.length ?? 0;
    assert.ok(document > 64 * 1024, `the snapshot is larger than the journal's floor (${document})`);
    const before = storage.written();
    let compactions = 0;
    const events = 600;
    for (let n = 0; n < events; n++) {
      await outbox.enqueue([promptRun()]);
      if (!((await storage.read()) ?? '').includes('\n')) compactions++;
    }
    assert.ok(compactions >= 2, `${compactions} compactions`);
    const perEvent = (storage.written() - before) / events;
    // One queued run is about 600 bytes; the compactions, once the lines outweigh the snapshot, at most double that.
    assert.ok(perEvent < 2_000, `${perEvent.toFixed(0)} bytes written per event`);
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 200);
    assert.equal(state.log.length, 5);
    assert.ok(((await storage.read())?.length ?? 0) < 3 * document, 'the file stays under about twice the snapshot');
  });

  it('reads back the same state from the journal as a window that kept it, through every kind of change', async () => {
    const file = join(folder, 'outbox.json');
    const outbox = new Outbox(fileTelemetryStorage(file), { capacity: 5, logEntries: 3, randomUuid: randomUUID });
    const id = await outbox.installationId();
    await outbox.enqueue([day(1), day(2), day(3)]);
    assert.equal(await outbox.markActive('2026-11-04'), true);
    // Over capacity: the oldest dropped, counted, and one log entry updated in place.
    await outbox.enqueue([day(5), day(6), day(7)]);
    await outbox.enqueue([day(8)]);
    const leased = await outbox.lease('w', 60_000, 2);
    assert.ok(leased !== undefined);
    await outbox.settle(
      'w',
      leased.batch.map((queued) => queued.id),
      { kind: 'sent', count: 2, status: 200, body: '{"a":"line\\nbreak"}' },
    );
    await outbox.settle('w', undefined, { kind: 'refused', count: 0, status: 400, note: 'no' });
    await outbox.adoptEnrolledId('0f8fad5b-d9cb-469f-a165-70867728950e', 'http://127.0.0.1:1');
    assert.ok(readFileSync(file, 'utf8').split('\n').length > 5, 'changes were appended, not rewritten');
    const fresh = await new Outbox(fileTelemetryStorage(file), { capacity: 5, logEntries: 3, randomUuid: randomUUID }).snapshot();
    const kept = await outbox.snapshot();
    assert.deepEqual(fresh, kept);
    assert.notEqual(kept.installationId, id);
    assert.equal(kept.dropped, 3);
    assert.deepEqual(
      kept.events.map((queued) => queued.event),
      [day(6), day(7), day(8)],
    );
    assert.deepEqual(
      kept.log.map((entry) => [entry.kind, entry.count]),
      [
        ['dropped', 3],
        ['sent', 2],
        ['refused', 0],
      ],
    );
    await outbox.clear();
    assert.deepEqual((await new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID }).snapshot()).events, []);
  });

  it('skips an append a crash cut short, and appends cleanly after it', async () => {
    const file = join(folder, 'outbox.json');
    const outbox = new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    await outbox.enqueue([day(2)]);
    // Half a line, as a crash in the middle of an append leaves it.
    const text = readFileSync(file, 'utf8');
    const line = text.slice(text.lastIndexOf('\n'));
    rmSync(file);
    appendFileSync(file, text.slice(0, text.lastIndexOf('\n')) + line.slice(0, Math.floor(line.length / 2)), { mode: 0o600 });
    assert.deepEqual(
      (await outbox.snapshot()).events.map((queued) => queued.event.name === 'aiguard.daily_activity' && queued.event.day),
      ['2026-11-01'],
    );
    await outbox.enqueue([day(3)]);
    assert.deepEqual(
      (await new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID }).snapshot()).events.map((queued) => queued.event.name === 'aiguard.daily_activity' && queued.event.day),
      ['2026-11-01', '2026-11-03'],
    );
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('checks every event a line adds, as it checks the snapshot’s: a forged one is dropped and counted', async () => {
    const file = join(folder, 'outbox.json');
    const outbox = new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    await outbox.enqueue([day(2)]);
    appendFileSync(file, `\n${JSON.stringify({ delta: 1, dropped: 0, added: [{ id: 'forged', time: 1, event: { name: 'aiguard.prompt_run', prompt: 'the secret text' } }] })}`);
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 2);
    assert.equal(state.dropped, 1);
    // It is never sent, and the next compaction does not carry it either.
    assert.ok(!JSON.stringify(state).includes('the secret text'));
    for (let n = 0; n < 600; n++) await outbox.enqueue([day(3)]);
    assert.equal(readFileSync(file, 'utf8').includes('the secret text'), false);
  });
});
