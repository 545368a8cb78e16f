import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { type AuditKeyStore, AuditLog } from '../../src/core/audit';
import { MemoryAuditStorage } from '../support/memoryAudit';

function keyStore(): AuditKeyStore {
  let key: Uint8Array | undefined;
  return { read: async () => key, create: async () => (key ??= randomBytes(32)) };
}

async function sealedLog(count: number) {
  const storage = new MemoryAuditStorage();
  const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, 2, 12)), keyStore());
  for (let i = 0; i < count; i++) await log.append('call', { outcome: 'ok', n: i });
  return { storage, log };
}

describe('audit trail: incremental verification from the last verified record', function () {
  this.timeout(30_000);

  it('goes on from the last verified record, and still counts every record', async () => {
    const { log } = await sealedLog(5);
    const first = await log.verify();
    assert.equal(first.ok, true);
    assert.equal(first.from, undefined, 'the first verification is full');
    await log.append('call', { outcome: 'ok', n: 99 });
    const second = await log.verify();
    assert.equal(second.ok, true, JSON.stringify(second.broken));
    assert.equal(second.from, 6, 'it started after the record the first one ended at');
    assert.equal(second.records, 7);
    assert.equal(second.sealed, 7);
  });

  it('finds an edit made before the verified record, at its line, as a full verification does', async () => {
    const { log, storage } = await sealedLog(5);
    assert.equal((await log.verify()).ok, true);
    storage.text = (storage.text as string).replace('"n":1', '"n":7');
    const verification = await log.verify();
    assert.equal(verification.ok, false);
    assert.equal(verification.broken?.line, 3);
    assert.equal(verification.from, undefined, 'a changed prefix makes the verification full');
  });

  it('finds an edit after the verified record, and a cut end', async () => {
    const { log, storage } = await sealedLog(3);
    assert.equal((await log.verify()).ok, true);
    await log.append('call', { outcome: 'ok', n: 50 });
    storage.text = (storage.text as string).replace('"n":50', '"n":51');
    const edited = await log.verify();
    assert.equal(edited.ok, false);
    assert.equal(edited.broken?.line, 5);
    assert.match(edited.broken?.reason ?? '', /authentication code/);
    const lines = (storage.text as string).split('\n').filter(Boolean);
    storage.text = `${lines.slice(0, 2).join('\n')}\n`;
    const cut = await log.verify();
    assert.equal(cut.ok, false);
    assert.match(cut.broken?.reason ?? '', /head names record 5/);
  });

  it('does not trust an altered mark, and --full checks every record', async () => {
    const { log, storage } = await sealedLog(4);
    assert.equal((await log.verify()).ok, true);
    const mark = JSON.parse(storage.sidecars.get('verified') as string) as { seq: number; records: number };
    storage.sidecars.set('verified', JSON.stringify({ ...mark, records: 1 }));
    const altered = await log.verify();
    assert.equal(altered.ok, true);
    assert.equal(altered.from, undefined, 'an altered mark is ignored');
    assert.equal(altered.records, 5);
    assert.equal((await log.verify()).from, 5);
    assert.equal((await log.verify({ full: true })).from, undefined);
  });
});
