import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { processAlive } from '../node/processes';
import { StoreLockedError } from './storage/driver';

/**
 * Which collector owns a database file: `<file>.owner` holds its process id and host, created
 * exclusively at start and removed at close. node-sqlite3-wasm locks the file with a
 * `<file>.lock` folder while a transaction is open, which a crash (kill -9, power loss, SIGTERM
 * during start-up) leaves behind, and every later start then refused to open the file. With the
 * owner file the next start knows whether that folder is stale: when the owner's process is gone
 * (same host, no such process), the folder and the owner file are removed and SQLite rolls back
 * the interrupted transaction from its journal; when it is alive, or on another host, the start
 * is refused and names it.
 */


interface Owner {
  pid: number;
  host: string;
}

function readOwner(path: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : undefined;
  } catch {
    return undefined;
  }
}

export class OwnerLock {
  private released = false;

  private constructor(private readonly path: string) {}

  /**
   * Takes ownership of `file`, clearing what a dead owner left. `onStale` is told when it did.
   * Throws StoreLockedError when a live collector (or one on another host) owns it.
   */
  static acquire(file: string, onStale: (message: string) => void = () => undefined): OwnerLock {
    const path = `${file}.owner`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
        } finally {
          closeSync(fd);
        }
        return new OwnerLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(path);
      if (owner !== undefined && owner.host !== hostname()) {
        throw new StoreLockedError(`the database ${file} is owned by a collector on ${owner.host} (process ${owner.pid}); if none runs there any more, remove ${path}`);
      }
      if (owner !== undefined && processAlive(owner.pid)) {
        throw new StoreLockedError(`the database ${file} is in use by another collector (process ${owner.pid}${owner.pid === process.pid ? ', this one' : ''})`);
      }
      // The owner is gone (or its file was cut short by the crash): what it left is stale.
      rmSync(`${file}.lock`, { recursive: true, force: true });
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      onStale(`the collector that owned ${file}${owner === undefined ? '' : ` (process ${owner.pid})`} stopped abruptly; its lock was cleared, and SQLite rolls back what it had not committed`);
    }
    throw new StoreLockedError(`the database ${file} is being opened by another collector at the same moment; retry`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    // Only our own file: a later owner's is never removed.
    if (readOwner(this.path)?.pid === process.pid) rmSync(this.path, { force: true });
  }
}
