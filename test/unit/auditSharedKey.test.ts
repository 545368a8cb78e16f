import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditKeyStore, AuditLog } from '../../src/core/audit';
import { fileAuditKey, fileAuditStorage, fileLedgerStorage } from '../../src/node/auditFiles';

/** The editor's key as it kept it before (its secret storage), in memory. */
function secretKey(): AuditKeyStore {
  let key: Uint8Array | undefined;
  return { read: async () => key, create: async () => (key ??= randomBytes(32)) };
}

describe('audit trail: one key for the editor and the CLI', function () {
  this.timeout(30_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ai-guard-shared-key-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('lets the editor and the CLI write one log that verifies from either, with one spending ledger', async () => {
    const file = join(folder, 'audit.jsonl');
    const keyFile = join(folder, 'ai-guard', 'audit.key');
    const ledger = join(folder, 'ai-guard', 'ledger.json');
    const editor = new AuditLog(
      fileAuditStorage(file),
      undefined,
      fileAuditKey(keyFile, async () => undefined),
      fileLedgerStorage(ledger),
    );
    const cli = new AuditLog(fileAuditStorage(file), undefined, fileAuditKey(keyFile), fileLedgerStorage(ledger));
    await editor.append('call', { outcome: 'ok', cost: { amount: 1, currency: 'EUR' } });
    await cli.append('call', { outcome: 'ok', cost: { amount: 2, currency: 'EUR' } });
    await editor.append('call', { outcome: 'ok', cost: { amount: 4, currency: 'EUR' } });
    for (const log of [editor, cli]) {
      const verification = await log.verify({ full: true });
      assert.equal(verification.ok, true, JSON.stringify(verification.broken));
      assert.equal(verification.sealed, 4);
    }
    const month = new Date().toISOString().slice(0, 7);
    // Another log of the editor's (another folder setting) still sees what the CLI spent.
    const elsewhere = new AuditLog(
      fileAuditStorage(join(folder, 'other', 'audit.jsonl')),
      undefined,
      fileAuditKey(keyFile, async () => undefined),
      fileLedgerStorage(ledger),
    );
    assert.equal(await elsewhere.spent(month), 7);
  });

  it('adopts the key the editor kept in its secret storage when there is no key file, so its older records verify', async () => {
    const file = join(folder, 'audit.jsonl');
    const keyFile = join(folder, 'ai-guard', 'audit.key');
    const secrets = secretKey();
    // Before: the editor sealed its log with the key from its secret storage.
    await new AuditLog(fileAuditStorage(file), undefined, secrets).append('call', { outcome: 'ok' });
    const shared = fileAuditKey(keyFile, () => secrets.read());
    const after = new AuditLog(fileAuditStorage(file), undefined, shared);
    const verification = await after.verify({ full: true });
    assert.equal(verification.ok, true, JSON.stringify(verification.broken));
    assert.equal(readFileSync(keyFile, 'utf8').trim(), Buffer.from((await secrets.read()) as Uint8Array).toString('hex'), 'the key file holds the adopted key');
  });

  it("keeps verifying the editor's older records when the CLI had made the key file first, and seals new ones with the file's key", async () => {
    const file = join(folder, 'audit.jsonl');
    const keyFile = join(folder, 'ai-guard', 'audit.key');
    const secrets = secretKey();
    await new AuditLog(fileAuditStorage(file), undefined, secrets).append('call', { outcome: 'ok', n: 1 });
    await fileAuditKey(keyFile).create();
    const editor = new AuditLog(
      fileAuditStorage(file),
      undefined,
      fileAuditKey(keyFile, () => secrets.read()),
    );
    await editor.append('call', { outcome: 'ok', n: 2 });
    const verification = await editor.verify({ full: true });
    assert.equal(verification.ok, true, JSON.stringify(verification.broken));
    assert.equal(verification.records, 3);
    // Without the older key, the older records do not verify: it is what vouches for them.
    const cliAlone = await new AuditLog(fileAuditStorage(file), undefined, fileAuditKey(keyFile)).verify({ full: true });
    assert.equal(cliAlone.ok, false);
    // A forged record under neither key is still caught.
    const text = readFileSync(file, 'utf8').replace('"n":1', '"n":9');
    const forged = join(folder, 'forged.jsonl');
    writeFileSync(forged, text);
    copyFileSync(`${file}.head`, `${forged}.head`);
    assert.equal(
      (
        await new AuditLog(
          fileAuditStorage(forged),
          undefined,
          fileAuditKey(keyFile, () => secrets.read()),
        ).verify({ full: true })
      ).ok,
      false,
    );
  });
});
