import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import * as z from 'zod/mini';
import { parseJsonAs } from '../core/json';
import { processAlive } from './processes';

/** A lock whose holder cannot be identified (an old or empty lock file) is stale after this long, whatever its date says. */
const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 5;
const LOCK_TIMEOUT_MS = 5_000;
/** How long a patient writer (the completion of a call already made) waits for a live holder. */
const PATIENT_TIMEOUT_MS = 120_000;

/** Who holds a lock: written into the lock file, so a waiter can tell a live holder from a dead one. */
interface Holder {
  pid: number;
  host: string;
  /** The process's start time as the system counts it (Linux: clock ticks since boot), which a reused pid does not share. */
  started?: string | undefined;
  nonce: string;
}

/** A process's start time from `/proc` (Linux), or undefined where there is none. */
async function startTimeOf(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields that follow it are counted from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const HolderSchema = z.object({ pid: z.number(), host: z.string(), started: z.optional(z.string()), nonce: z.string() });

/** The lock's holder, or undefined when the file names none (another version's lock, or a torn write). */
const parseHolder = (text: string): Holder | undefined => parseJsonAs(text, HolderSchema);

/**
 * Whether the lock's holder is gone: on this machine, by its pid (and its start time, against a
 * reused pid); otherwise (a lock from another machine, or one that names no holder) by its age,
 * in either direction, so a lock file dated in the future does not hold forever.
 */
async function isStale(text: string, modified: number): Promise<boolean> {
  const holder = parseHolder(text);
  if (holder && holder.host === hostname()) {
    if (!processAlive(holder.pid)) return true;
    const started = holder.started === undefined ? undefined : await startTimeOf(holder.pid);
    return started !== undefined && started !== holder.started;
  }
  return Math.abs(Date.now() - modified) > LOCK_STALE_MS;
}

/**
 * Takes a stale lock away atomically: renamed aside (only one waiter can), then checked to be the
 * lock judged stale; a live lock taken by mistake (another waiter replaced the stale one in between)
 * is put back.
 */
async function takeOver(lock: string, judged: string): Promise<void> {
  const aside = `${lock}.stale-${randomUUID()}`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  const taken = await readFile(aside, 'utf8').catch(() => judged);
  if (taken !== judged) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}

/**
 * Runs `work` while holding `lock`, a file created exclusively (so every process and window on
 * the machine agrees) that names its holder. A lock whose holder died is taken over. After 5 s of
 * waiting for a live holder it gives up with `lockedError()`, or after two minutes when `patient`.
 */
export async function withFileLock<T>(lock: string, work: () => Promise<T>, lockedError: (cause: unknown) => Error, options: { patient?: boolean } = {}): Promise<T> {
  await mkdir(dirname(lock), { recursive: true });
  const started = Date.now();
  const timeout = options.patient ? PATIENT_TIMEOUT_MS : LOCK_TIMEOUT_MS;
  const startedAt = await startTimeOf(process.pid);
  const holder: Holder = { pid: process.pid, host: hostname(), ...(startedAt !== undefined ? { started: startedAt } : {}), nonce: randomUUID() };
  const mine = JSON.stringify(holder);
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(mine, 'utf8');
      } catch (error) {
        // A full disk: the lock names no holder, so it is not left behind for others to wait on.
        await handle.close();
        await rm(lock, { force: true });
        throw Object.assign(error as Error, { lockFailed: true });
      }
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || (error as { lockFailed?: boolean }).lockFailed) throw error;
      const [text, modified] = await Promise.all([
        readFile(lock, 'utf8').catch(() => undefined),
        stat(lock).then(
          (info) => info.mtimeMs,
          () => undefined,
        ),
      ]);
      if (text !== undefined && modified !== undefined && (await isStale(text, modified))) await takeOver(lock, text);
      else if (Date.now() - started > timeout) throw lockedError(error);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    return await work();
  } finally {
    // Only our own lock is removed (never one that replaced it).
    if ((await readFile(lock, 'utf8').catch(() => undefined)) === mine) await rm(lock, { force: true });
  }
}
