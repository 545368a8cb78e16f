// The V8 code cache of the hook bundle, on disk (see hookLoader.ts for why it is checked).
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

const DIGEST_BYTES = 32;

/** The cache's payload when the file is ours, private and intact; undefined otherwise. */
export function readCodeCache(file: string, uid: number | undefined): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o022) !== 0 || info.size <= DIGEST_BYTES) return undefined;
    const bytes = readFileSync(fd);
    const payload = bytes.subarray(DIGEST_BYTES);
    return createHash('sha256').update(payload).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes the cache with its digest, through a rename, so a reader never sees half a file; the folder is made private. */
export function writeCodeCache(folder: string, file: string, payload: Buffer): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if ((statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([createHash('sha256').update(payload).digest(), payload]), { mode: 0o600 });
  renameSync(temporary, file);
}

/** Whether a folder may hold a cache we trust: ours, and nobody else may write in it. */
export function privateFolder(folder: string, uid: number | undefined): boolean {
  try {
    const info = statSync(folder);
    return info.isDirectory() && (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
  } catch {
    // Not there yet: it is made private when the cache is first written.
    return true;
  }
}
