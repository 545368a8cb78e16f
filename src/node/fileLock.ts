import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 5;
const LOCK_TIMEOUT_MS = 5_000;

/**
 * Runs `work` while holding `lock`, a file created exclusively (so every process and window on
 * the machine agrees), taken over when older than 10 s (its holder died). After 5 s of waiting
 * it gives up with `lockedError()`.
 */
export async function withFileLock<T>(lock: string, work: () => Promise<T>, lockedError: (cause: unknown) => Error): Promise<T> {
  await mkdir(dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await rm(lock, { force: true });
      else if (Date.now() - started > LOCK_TIMEOUT_MS) throw lockedError(error);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
