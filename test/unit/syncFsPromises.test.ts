import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, writeSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import * as real from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as shim from '../../src/node/syncFsPromises';

/**
 * The synchronous stand-in for `node:fs/promises` in the hook bundle: the same answers as the
 * real module for the calls our adapters make, and never a wait that would stop our own timeout
 * from firing (a FIFO with nobody at its other end).
 */
describe('syncFsPromises, node:fs/promises for the hook bundle', function () {
  this.timeout(30_000);
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'ai-guard-sync-fs-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('reads, writes, appends, lists and renames as the real module does', async () => {
    const file = join(work, 'a.txt');
    await shim.writeFile(file, 'héllo\n', { encoding: 'utf8', mode: 0o600 });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await shim.appendFile(file, 'world\n', { encoding: 'utf8', mode: 0o600 });
    assert.equal(await shim.readFile(file, 'utf8'), await real.readFile(file, 'utf8'));
    assert.deepEqual(await shim.readFile(file), await real.readFile(file));
    await assert.rejects(shim.writeFile(file, 'x', { encoding: 'utf8', flag: 'wx' }), { code: 'EEXIST' });
    await assert.rejects(shim.readFile(join(work, 'missing')), { code: 'ENOENT' });
    await assert.rejects(shim.readFile(work, 'utf8'), { code: 'EISDIR' });
    await shim.mkdir(join(work, 'd', 'e'), { recursive: true });
    assert.deepEqual((await shim.readdir(work, { withFileTypes: true })).map((entry) => [entry.name, entry.isDirectory()]).sort(), [
      ['a.txt', false],
      ['d', true],
    ]);
    assert.equal(await shim.realpath(join(work, 'd', '..', 'a.txt')), await real.realpath(join(work, 'a.txt')));
    await shim.link(file, join(work, 'b.txt'));
    await shim.rename(join(work, 'b.txt'), join(work, 'c.txt'));
    assert.equal((await shim.stat(join(work, 'c.txt'))).size, (await real.stat(file)).size);
    await shim.rm(join(work, 'c.txt'), { force: true });
    await shim.rm(join(work, 'c.txt'), { force: true });
    assert.ok(!existsSync(join(work, 'c.txt')));
  });

  it('gives file handles that read at a position, append, sync and close', async () => {
    const file = join(work, 'log');
    writeFileSync(file, 'one\ntwo\n');
    const appender = await shim.open(file, constants.O_WRONLY | constants.O_APPEND, 0o600);
    await appender.appendFile('three\n', 'utf8');
    await appender.datasync();
    assert.ok((await appender.stat()).isFile());
    await appender.close();
    const reader = await shim.open(file, 'r');
    const buffer = Buffer.alloc(6);
    const { bytesRead } = await reader.read(buffer, 0, 6, 8);
    await reader.close();
    assert.equal(buffer.subarray(0, bytesRead).toString(), 'three\n');
    const lock = join(work, 'lock');
    const exclusive = await shim.open(lock, 'wx', 0o600);
    await exclusive.writeFile('{"pid":1}', 'utf8');
    await exclusive.close();
    assert.equal(readFileSync(lock, 'utf8'), '{"pid":1}');
    await assert.rejects(shim.open(lock, 'wx', 0o600), { code: 'EEXIST' });
  });

  describe('a FIFO, which would block a synchronous call for good', () => {
    let fifo: string;
    beforeEach(function () {
      fifo = join(work, 'fifo');
      try {
        execFileSync('mkfifo', [fifo]);
      } catch {
        this.skip();
      }
    });

    it('is read without stopping the event loop, and its text arrives when written', async () => {
      const reading = shim.readFile(fifo, 'utf8');
      // The timer fires while the read waits: a synchronous read would hold the loop until a writer came.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const writer = openSync(fifo, constants.O_WRONLY);
      writeSync(writer, 'late text');
      closeSync(writer);
      assert.equal(await reading, 'late text');
    });

    it('opens for reading at once, and refuses to be written with nobody reading', async () => {
      const handle = await shim.open(fifo, 'r');
      assert.ok(!(await handle.stat()).isFile());
      await handle.close();
      await assert.rejects(shim.writeFile(fifo, 'x', 'utf8'), { code: 'ENXIO' });
      await assert.rejects(shim.appendFile(fifo, 'x', 'utf8'), { code: 'ENXIO' });
    });
  });
});
