import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver, Sql } from '../../src/collector/storage/driver';
import { openDriver } from '../../src/collector/storage/open';
import { TelemetryStore } from '../../src/collector/store';
import { decoded, installationId, promptRun } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

/**
 * Group commit: requests queued while a transaction runs are stored by one transaction, each is
 * answered only once that transaction has committed, and a failing group is retried request by
 * request so that one bad batch fails only its own request.
 */

const NOW = Date.parse('2026-03-12T10:00:00Z');

/** A driver that records what it commits, and can be made to fail a transaction. */
function recording(inner: Driver, failWhen: (statements: string[]) => boolean = () => false) {
  const log: Array<{ statements: string[]; committed: boolean }> = [];
  const driver: Driver = {
    dialect: inner.dialect,
    location: inner.location,
    all: (sql, params) => inner.all(sql, params),
    run: (sql, params) => inner.run(sql, params),
    exec: (sql) => inner.exec(sql),
    close: () => inner.close(),
    transaction: (work) =>
      inner.transaction(async (sql) => {
        const entry = { statements: [] as string[], committed: false };
        log.push(entry);
        const spy: Sql = {
          all: (text, params) => (entry.statements.push(`${text} ${JSON.stringify(params ?? [])}`), sql.all(text, params)),
          run: (text, params) => (entry.statements.push(`${text} ${JSON.stringify(params ?? [])}`), sql.run(text, params)),
          exec: (text) => (entry.statements.push(text), sql.exec(text)),
        };
        const result = await work(spy);
        if (failWhen(entry.statements)) throw new Error('injected failure');
        // The work is done; the transaction commits when this resolves.
        queueMicrotask(() => (entry.committed = true));
        return result;
      }),
  };
  return { driver, log };
}

for (const kind of STORES)
  describe(`telemetry collector: group commit (${kind})`, function () {
    this.timeout(60_000);
    let folder: string;
    let db = '';
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-group-'));
      db = await databaseFor(kind, folder, this);
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('stores requests that arrive together in one transaction, and answers each only after it committed', async () => {
      const { driver, log } = recording(await openDriver(db));
      const store = await TelemetryStore.over(driver);
      try {
        const before = log.length;
        const answers = await Promise.all(
          [0, 1, 2, 3, 4].map(async (n) => {
            const result = await store.insert([decoded(n, NOW - n, promptRun()), decoded(n, NOW - n - 1, promptRun())]);
            // Answered only once the transaction holding its events had committed.
            return { result, committed: log.slice(before).every((entry) => entry.committed) };
          }),
        );
        assert.equal(log.length - before, 1, 'one transaction for the five requests');
        for (const answer of answers) assert.deepEqual(answer, { result: { stored: 2, duplicates: 0 }, committed: true });
        assert.equal(await store.eventCount(), 10);
      } finally {
        await store.close();
      }
    });

    it('retries a failing group request by request: only the bad batch fails, the others are stored once', async () => {
      // A batch from installation 666 fails any transaction that holds it.
      const poison = JSON.stringify(installationId(666));
      const { driver } = recording(await openDriver(db), (statements) => statements.some((text) => text.includes(poison)));
      const store = await TelemetryStore.over(driver);
      try {
        const outcomes = await Promise.allSettled([1, 666, 2, 3].map((n) => store.insert([decoded(n, NOW - n, promptRun())])));
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
        );
        assert.equal(await store.eventCount(), 3);
        // The rollups count each stored event once, though the first group was rolled back.
        assert.equal(Number((await store.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n), 3);
      } finally {
        await store.close();
      }
    });
  });
