import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateFolder, readCodeCache, writeCodeCache } from '../../src/cli/codeCache';

/**
 * The hook bundle's code cache: V8 does not check a cache's payload in release builds, so a
 * damaged one could crash the hook, which a tool reads as "go on". Ours is used only when intact
 * and private.
 */
describe('the hook code cache on disk', function () {
  this.timeout(20_000);
  const uid = process.getuid?.();
  let work: string;
  let folder: string;
  let file: string;
  const payload = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 251));
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'ai-guard-code-cache-'));
    folder = join(work, 'cache', 'ai-guard');
    file = join(folder, 'hook-key.v8');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('reads back what it wrote, in a private file of a private folder', () => {
    writeCodeCache(folder, file, payload);
    assert.deepEqual(readCodeCache(file, uid), payload);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.ok(privateFolder(folder, uid));
  });

  it('refuses a cache damaged anywhere, cut short, or written by an earlier version without a digest', () => {
    writeCodeCache(folder, file, payload);
    const bytes = readFileSync(file);
    for (const at of [32, 1000, bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[at] = (damaged[at] ?? 0) ^ 0x01;
      writeFileSync(file, damaged, { mode: 0o600 });
      assert.equal(readCodeCache(file, uid), undefined, `a flipped bit at ${at} went unseen`);
    }
    writeFileSync(file, bytes.subarray(0, bytes.length - 10), { mode: 0o600 });
    assert.equal(readCodeCache(file, uid), undefined);
    writeFileSync(file, payload, { mode: 0o600 });
    assert.equal(readCodeCache(file, uid), undefined);
    writeFileSync(file, Buffer.alloc(0), { mode: 0o600 });
    assert.equal(readCodeCache(file, uid), undefined);
  });

  it("refuses a cache others may write, a link, a folder in its place, or another user's file", () => {
    writeCodeCache(folder, file, payload);
    chmodSync(file, 0o620);
    assert.equal(readCodeCache(file, uid), undefined, 'group-writable');
    chmodSync(file, 0o602);
    assert.equal(readCodeCache(file, uid), undefined, 'world-writable');
    chmodSync(file, 0o600);
    const link = join(folder, 'link.v8');
    symlinkSync(file, link);
    assert.equal(readCodeCache(link, uid), undefined, 'a symbolic link');
    mkdirSync(join(folder, 'dir.v8'));
    assert.equal(readCodeCache(join(folder, 'dir.v8'), uid), undefined, 'a folder');
    if (uid !== undefined) assert.equal(readCodeCache(file, uid + 1), undefined, "another user's file");
    assert.equal(readCodeCache(join(folder, 'missing.v8'), uid), undefined);
  });

  it('trusts no folder that others may write in, and makes its own private', () => {
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o777);
    assert.ok(!privateFolder(folder, uid));
    writeCodeCache(folder, file, payload);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.ok(privateFolder(folder, uid));
    if (uid !== undefined) assert.ok(!privateFolder(folder, uid + 1));
  });
});
