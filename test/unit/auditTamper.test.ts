import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditKeyStore, AuditLog, lineHash, recordLine } from '../../src/core/audit';
import { fileAuditKey, fileAuditStorage } from '../../src/node/auditFiles';
import { MemoryAuditStorage } from '../support/memoryAudit';

/** An installation's key in memory (`missing`: as if its file or secret had been deleted). */
function keyStore(): AuditKeyStore & { missing: boolean } {
  let key: Uint8Array | undefined;
  const store = {
    missing: false,
    read: async () => (store.missing ? undefined : key),
    create: async () => (key ??= randomBytes(32)),
  };
  return store;
}

/** A sealed log of `count` call records, one a day from 2026-11-01. */
async function sealedLog(count: number) {
  const storage = new MemoryAuditStorage();
  const keys = keyStore();
  const clock = { day: 1 };
  const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, clock.day, 12)), keys);
  for (let i = 0; i < count; i++) {
    await log.append('call', { outcome: 'ok', n: i });
    clock.day++;
  }
  return { storage, keys, log, clock };
}

const linesOf = (text: string | undefined) => (text ?? '').split('\n').filter((line) => line !== '');
const joined = (lines: readonly string[]) => `${lines.join('\n')}\n`;

describe('audit trail: tamper evidence', function () {
  this.timeout(30_000);
  it('seals every record and keeps a head: an untouched log verifies as authenticated', async () => {
    const { log, storage } = await sealedLog(4);
    assert.ok(linesOf(storage.text).every((line) => /"mac":"[0-9a-f]{64}"\}$/.test(line)));
    assert.match(storage.head ?? '', /"seq":5/);
    const verification = await log.verify();
    assert.equal(verification.ok, true, JSON.stringify(verification.broken));
    assert.equal(verification.sealed, 5);
    assert.equal(
      (await log.records()).some((record) => 'mac' in record),
      false,
      'codes stay out of what people read',
    );
  });

  it('detects an edit of the last record', async () => {
    const { log, storage } = await sealedLog(4);
    storage.text = (storage.text as string).replace('"n":3', '"n":30');
    const verification = await log.verify();
    assert.equal(verification.ok, false);
    assert.equal(verification.broken?.line, 5);
    assert.match(verification.broken?.reason ?? '', /authentication code does not match/);
  });

  it('detects deleting the last records, emptying the file and deleting it', async () => {
    const { log, storage } = await sealedLog(4);
    const lines = linesOf(storage.text);
    storage.text = joined(lines.slice(0, 3));
    assert.match((await log.verify()).broken?.reason ?? '', /ends at record 3, but its head names record 5/);
    storage.text = '';
    assert.match((await log.verify()).broken?.reason ?? '', /ends at record 0/);
    storage.text = undefined;
    assert.equal((await log.verify()).ok, false);
  });

  it('detects a forged record appended with a recomputed hash, with or without a code of another key', async () => {
    const { log, storage } = await sealedLog(3);
    const lines = linesOf(storage.text);
    const forged = recordLine(5, lineHash(lines[3] as string), 'call', '2026-11-04T12:00:00.000Z', { outcome: 'ok', n: 99 });
    storage.text = joined([...lines, forged]);
    assert.match((await log.verify()).broken?.reason ?? '', /no authentication code where one is required/);
    storage.text = joined([...lines, `${forged.slice(0, -1)},"mac":"${'ab'.repeat(32)}"}`]);
    assert.match((await log.verify()).broken?.reason ?? '', /authentication code does not match/);
  });

  it('detects an edit whose chain was re-linked after it', async () => {
    const { log, storage } = await sealedLog(5);
    const lines = linesOf(storage.text);
    const relinked = [...lines];
    relinked[2] = (relinked[2] as string).replace('"n":1', '"n":10');
    for (let index = 3; index < relinked.length; index++) {
      relinked[index] = (relinked[index] as string).replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${lineHash(relinked[index - 1] as string)}"`);
    }
    storage.text = joined(relinked);
    const verification = await log.verify();
    assert.equal(verification.ok, false);
    assert.equal(verification.broken?.line, 3, 'the edited line itself');
  });

  it('detects a forged leading checkpoint standing for records that were removed', async () => {
    const { log, storage } = await sealedLog(5);
    const lines = linesOf(storage.text);
    const third = JSON.parse(lines[2] as string) as { seq: number };
    const checkpoint = recordLine(third.seq, '0'.repeat(64), 'checkpoint', '2026-11-03T00:00:00.000Z', {
      pruned: 3,
      prunedSha256: lineHash(lines.slice(0, 3).join('\n')),
      anchor: lineHash(lines[2] as string),
    });
    storage.text = joined([checkpoint, ...lines.slice(3)]);
    assert.match((await log.verify()).broken?.reason ?? '', /no authentication code where one is required/);
  });

  it('detects an altered or deleted head, and a deleted key', async () => {
    const { log, storage, keys } = await sealedLog(3);
    const head = storage.head as string;
    storage.head = head.replace('"seq":4', '"seq":3');
    assert.match((await log.verify()).broken?.reason ?? '', /head file was altered/);
    storage.head = undefined;
    assert.match((await log.verify()).broken?.reason ?? '', /head file is missing/);
    storage.head = head;
    keys.missing = true;
    assert.match((await log.verify()).broken?.reason ?? '', /audit key is missing/);
  });

  it("says what a vanished log left: the next chain's start names the head it replaced", async () => {
    const { log, storage } = await sealedLog(3);
    storage.text = undefined;
    await log.append('call', { outcome: 'ok' });
    const start = JSON.parse(linesOf(storage.text)[0] as string) as { reason: string; previousHead?: { seq: number } };
    assert.match(start.reason, /missing or empty, while its head named record 4/);
    assert.equal(start.previousHead?.seq, 4);
    assert.equal((await log.verify()).ok, true, 'the new chain is sound; its start keeps the evidence');
  });

  it('keeps retention, torn-line recovery and logs written before tamper evidence verifiable', async () => {
    const { log, storage, clock } = await sealedLog(6);
    assert.equal((await log.prune(new Date(Date.UTC(2026, 10, 4)))).pruned, 4);
    assert.equal((await log.verify()).ok, true, 'a sealed checkpoint');
    storage.text = `${storage.text as string}{"v":2,"se`;
    clock.day++;
    await log.append('call', { outcome: 'ok' });
    assert.equal((await log.verify()).ok, true, 'a sealed recovery record');

    // A log begun without a key, continued with one: the older records are reported, not refused.
    const legacy = new MemoryAuditStorage();
    const plain = new AuditLog(legacy);
    await plain.append('call', { outcome: 'ok' });
    const keyed = new AuditLog(legacy, undefined, keyStore());
    await keyed.append('call', { outcome: 'ok' });
    const verification = await keyed.verify();
    assert.equal(verification.ok, true, JSON.stringify(verification.broken));
    assert.deepEqual([verification.sealed, verification.notes?.length], [1, 1]);
    // Its sealed record cannot be passed off as an older one by stripping its code.
    legacy.text = (legacy.text as string).replace(/,"mac":"[0-9a-f]{64}"\}\n$/, '}\n');
    assert.equal((await keyed.verify()).ok, false);
  });

  it("keeps the CLI's key in a file readable by its owner only, and the head beside the log", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ai-guard-key-'));
    try {
      const file = join(folder, 'audit.jsonl');
      const log = new AuditLog(fileAuditStorage(file), undefined, fileAuditKey(join(folder, 'keys', 'audit.key')));
      await log.append('call', { outcome: 'ok' });
      assert.equal(statSync(join(folder, 'keys', 'audit.key')).mode & 0o777, 0o600);
      assert.equal((await log.verify()).ok, true);
      writeFileSync(file, '');
      assert.equal((await log.verify()).ok, false, 'an emptied log is caught by its head');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
