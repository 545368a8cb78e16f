import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/* Small file helpers shared by the Node adapters (the audit log, the telemetry outbox). */

/** A file's text, or undefined when it does not exist (any other failure is thrown). */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces a file's text at once: written to a temporary file beside it, readable by this user
 * only, then renamed over it, so a crash leaves the old text or the new one, never half of one.
 */
export async function replaceText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
  await rename(temporary, path);
}

/** Adds `text` at the end of a file, created readable by this user only when it is missing. */
export async function appendText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, text, { encoding: 'utf8', mode: 0o600 });
}
