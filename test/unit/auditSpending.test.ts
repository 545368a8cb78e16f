import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLedgerFile, fileAuditKey, fileAuditStorage, fileLedgerStorage } from '../../src/node/auditFiles';
import { type AuditKeyStore, AuditLog } from '../../src/core/audit';
import { headText, macWith, parseHead } from '../../src/core/audit/seal';
import { checkReservation, spentThisMonth } from '../../src/core/cost';
import { MemoryAuditStorage, MemoryLedgerStorage } from '../support/memoryAudit';

/** An installation's key in memory. */
function keyStore(): AuditKeyStore {
  let key: Uint8Array | undefined;
  return { read: async () => key, create: async () => (key ??= randomBytes(32)) };
}

/** A log file in memory that counts how often the whole file is read. */
class CountingStorage extends MemoryAuditStorage {
  reads = 0;
  override read(): Promise<string | undefined> {
    this.reads++;
    return super.read();
  }
}

const MONTH = '2026-11';
const now = () => new Date(Date.UTC(2026, 10, 20, 12));
const euros = (amount: number) => ({ amount, currency: 'EUR', estimated: false, priced: true });

/** One call made through the log: its attempt reserved at `reserved`, its completion costing `cost` (none: left in flight). */
async function call(log: AuditLog, reserved: number, cost?: number): Promise<void> {
  const { id } = await log.begin({ reserved: euros(reserved) }, () => ({ status: 'ok' as const }), { month: MONTH });
  if (cost !== undefined) await log.complete(id as string, { outcome: 'ok', cost: euros(cost) });
}

/** What the month spent, read in full from the records (the truth the head must never understate). */
const truth = async (storage: MemoryAuditStorage) => spentThisMonth(await new AuditLog(new MemoryAuditStorage(storage.text)).records(), now());

/** What `begin` hands the budget check. */
async function seen(log: AuditLog): Promise<number> {
  let spent = -1;
  await log.begin(
    {},
    (value) => {
      spent = value;
      return { status: 'block' as const, message: 'measured only' };
    },
    { month: MONTH },
  );
  return spent;
}

describe('audit trail: spending kept in the head (budget checks at scale)', function () {
  this.timeout(30_000);

  it('checks the budget from the authentic head without reading the log, with the figure a full read gives', async () => {
    const storage = new CountingStorage();
    const log = new AuditLog(storage, now, keyStore());
    await call(log, 0.5, 0.2);
    await call(log, 0.3);
    await log.append('call', { outcome: 'ok', cost: euros(0.05), time: now().toISOString() });
    await call(log, 0.4, 0.1);
    storage.reads = 0;
    const spent = await seen(log);
    assert.equal(storage.reads, 0, 'the budget check must not read the log');
    assert.equal(await log.spent(MONTH), spent);
    assert.equal(storage.reads, 0);
    assert.equal(spent, await truth(storage));
    assert.equal(spent, 0.65);
  });

  it('does not trust a tampered head: its lowered figure is ignored and the log is read', async () => {
    const storage = new CountingStorage();
    const log = new AuditLog(storage, now, keyStore());
    await call(log, 0.5, 0.9);
    const head = JSON.parse(storage.head as string) as { spending: Record<string, { cost: number }> };
    (head.spending[MONTH] as { cost: number }).cost = 0;
    storage.head = `${JSON.stringify(head)}\n`;
    storage.reads = 0;
    assert.equal(await seen(log), 0.9);
    assert.ok(storage.reads > 0, 'the figure came from the log');
    assert.equal((await log.verify()).ok, false, 'the altered head shows in verification');
  });

  it('reads the log when the head predates spending, or names an earlier record than the log ends with', async () => {
    const keys = keyStore();
    const storage = new CountingStorage();
    const log = new AuditLog(storage, now, keys);
    await call(log, 0.5, 0.4);
    const mac = macWith(await keys.create());
    const current = parseHead(storage.head as string, mac) as { seq: number; hash: string; from: number };
    // A head of the earlier format: no spending, still a valid head for verification.
    storage.head = headText({ seq: current.seq, hash: current.hash, from: current.from }, mac);
    assert.equal((await log.verify()).ok, true, 'old heads still verify');
    storage.reads = 0;
    assert.equal(await seen(log), 0.4);
    assert.ok(storage.reads > 0);
    // A head left behind by a writer that appended without moving it: not current, so not trusted.
    await call(log, 0.2, 0.2);
    const stale = storage.head as string;
    await call(log, 0.3, 0.3);
    storage.head = stale;
    storage.reads = 0;
    assert.equal(await log.spent(MONTH), 0.9);
    assert.ok(storage.reads > 0);
  });

  it("keeps the head's figure equal to a full read through retention, interrupted calls and completions after pruning", async () => {
    const storage = new MemoryAuditStorage();
    const clock = { day: 1 };
    const keys = keyStore();
    const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, clock.day, 12)), keys);
    await call(log, 0.5, 0.1);
    const { id } = await log.begin({ reserved: euros(0.7) }, () => ({ status: 'ok' as const }), { month: MONTH });
    clock.day = 10;
    await call(log, 0.2, 0.2);
    await log.prune(new Date(Date.UTC(2026, 10, 5)));
    // The pruned attempt counts at its reservation for good; its late completion changes nothing.
    await log.complete(id as string, { outcome: 'ok', cost: euros(0.01) });
    clock.day = 20;
    const spent = await new AuditLog(storage, now, keys).spent(MONTH);
    assert.equal(spent, await truth(storage));
    assert.equal(spent, 1);
  });
});

describe("audit trail: the person's spending ledger", function () {
  this.timeout(30_000);
  const budget = { monthly: 1, warnAt: 0.8, currency: 'EUR' };
  const decide = (spent: number) => checkReservation({ budget, model: 'gpt-4o', reserved: euros(0.5), spent, now: now() });

  it('blocks a run with another audit file once the month was spent in the first one', async () => {
    const keys = keyStore();
    const ledger = new MemoryLedgerStorage();
    const a = new AuditLog(new MemoryAuditStorage(), now, keys, ledger);
    await call(a, 0.5, 0.8);
    const b = new AuditLog(new MemoryAuditStorage(), now, keys, ledger);
    const { decision, id } = await b.begin({ reserved: euros(0.5) }, decide, { month: MONTH });
    assert.equal(decision.status, 'block');
    assert.equal(id, undefined, 'no attempt, so no call');
    // The reservations of one log's calls in flight count against the other too.
    const other = new MemoryLedgerStorage();
    const c = new AuditLog(new MemoryAuditStorage(), now, keys, other);
    await call(c, 0.6);
    assert.equal((await new AuditLog(new MemoryAuditStorage(), now, keys, other).begin({ reserved: euros(0.5) }, decide, { month: MONTH })).decision.status, 'block');
  });

  it('leaves the ledger alone for a hook record, which spends nothing', async () => {
    const ledger = new MemoryLedgerStorage();
    await new AuditLog(new MemoryAuditStorage(), now, keyStore(), ledger).append('hook', { tool: 'cursor', outcome: 'allowed' });
    assert.equal(ledger.text, undefined);
  });

  it('does not give the month back when the log and its head are deleted', async () => {
    const keys = keyStore();
    const ledger = new MemoryLedgerStorage();
    const storage = new MemoryAuditStorage();
    const log = new AuditLog(storage, now, keys, ledger);
    await call(log, 0.5, 0.8);
    storage.text = undefined;
    storage.head = undefined;
    assert.equal(await log.spent(MONTH), 0.8);
    assert.equal((await log.begin({ reserved: euros(0.5) }, decide, { month: MONTH })).decision.status, 'block');
  });

  it("does not trust an altered ledger: the log's figure holds, and the ledger starts again from it", async () => {
    const keys = keyStore();
    const ledger = new MemoryLedgerStorage();
    const storage = new MemoryAuditStorage();
    const log = new AuditLog(storage, now, keys, ledger);
    await call(log, 0.5, 0.3);
    const other = new AuditLog(new MemoryAuditStorage(), now, keys, ledger);
    await call(other, 0.5, 0.4);
    assert.equal(await log.spent(MONTH), 0.7);
    // A figure changed without the key is not trusted, whichever way it goes.
    ledger.text = (ledger.text as string).replace('"cost":0.7', '"cost":0.01');
    assert.equal(await log.spent(MONTH), 0.3);
    await call(log, 0.1, 0.1);
    assert.equal(await log.spent(MONTH), 0.4);
    assert.ok((ledger.text as string).includes('"cost":0.4'));
  });

  it('on disk: the ledger is beside the key (0600), and neither another --audit-file nor a deleted log resets the month', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ai-guard-ledger-'));
    try {
      const env = { XDG_DATA_HOME: folder };
      const ledgerFile = defaultLedgerFile(env);
      assert.equal(ledgerFile, join(folder, 'ai-guard', 'ledger.json'));
      const keys = fileAuditKey(join(folder, 'ai-guard', 'audit.key'));
      const logOf = (name: string) => new AuditLog(fileAuditStorage(join(folder, name)), now, keys, fileLedgerStorage(ledgerFile));
      await call(logOf('a.jsonl'), 0.5, 0.8);
      if (process.platform !== 'win32') assert.equal(statSync(ledgerFile).mode & 0o777, 0o600);
      assert.equal((await logOf('b.jsonl').begin({ reserved: euros(0.5) }, decide, { month: MONTH })).decision.status, 'block');
      rmSync(join(folder, 'a.jsonl'));
      rmSync(join(folder, 'a.jsonl.head'));
      assert.equal((await logOf('a.jsonl').begin({ reserved: euros(0.5) }, decide, { month: MONTH })).decision.status, 'block');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
