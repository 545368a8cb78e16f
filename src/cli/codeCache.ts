// Starts `dist/hook-main.js` (the hook command and `scan`) from a V8 code cache kept in the
// user's cache folder, so that later runs skip compiling what earlier ones compiled (about 15 ms
// of a hook's 60 over the process start). Node 20 has no compile cache of its own. A missing,
// stale, damaged or rejected cache only costs that time; a failure to start is reported to the
// caller (`dist/hook.js` refuses, exit 2; `dist/cli.js` exits 2 as well, a scan's error).
//
// V8 checks a code cache's header (its version, flags and source) but, in release builds, not its
// payload: a cache damaged on disk could crash the process, and a crash is not a refusal (Claude
// Code, for one, reads any exit code but 2 as "go on"). So the file carries the sha256 of its
// payload, checked before V8 sees it, and is used only when it is a regular file of this user's
// that nobody else may write, in a folder only this user may enter. That guards against damage
// and other users; it cannot guard against this same user, who could as well set NODE_OPTIONS
// for every process (docs/ai-tools.md says so).
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

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

/**
 * Runs the CommonJS bundle `main` as the process's main module, compiled from its code cache
 * when there is a trusted one; `fail` is told why it could not start.
 */
export function startFromCodeCache(main: string, fail: (message: string) => void): void {
  try {
    const source = readFileSync(main, 'utf8').replace(/^#!.*/, '');
    const info = statSync(main);
    // The key changes with the bundle and with Node, whose cache format is its own.
    const key = createHash('sha256').update(`${main}\0${info.size}\0${info.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
    const folder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ai-guard');
    const cacheFile = join(folder, `hook-${key}.v8`);
    const uid = process.getuid?.();
    const cachedData = privateFolder(folder, uid) ? readCodeCache(cacheFile, uid) : undefined;
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: main, ...(cachedData ? { cachedData } : {}) });
    if (cachedData === undefined || script.cachedDataRejected === true) {
      // Written at exit, once the run compiled the functions it needed.
      process.once('exit', () => {
        try {
          writeCodeCache(folder, cacheFile, script.createCachedData());
        } catch {
          // No cache this time: the next run compiles again.
        }
      });
    }
    const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, folder: string) => void;
    const module = { exports: {} };
    run.call(module.exports, module.exports, createRequire(main), module, main, dirname(main));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}
