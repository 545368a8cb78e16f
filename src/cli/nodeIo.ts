import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditLog } from '../core/audit';
import type { DirectoryEntry, TextCache } from '../core/ports';
import { defaultAuditFile, defaultAuditKeyFile, defaultLedgerFile, fileAuditKey, fileAuditStorage, fileLedgerStorage } from '../node/auditFiles';
import { spoolHookEvent } from '../node/hookTelemetry';
import type { CliIo } from './io';

/** The parts of the CLI's I/O on the real disk that `ai-guard` and the lean hook entry (`dist/hook.js`) share. */

export async function readStdin(limit = Infinity): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    // Past the limit the input is refused whole: no need to hold the rest in memory.
    if (length > limit) {
      process.stdin.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}

/** Symbolic links are listed as `other`, so walking a tree never follows a loop. */
export async function readDirectory(path: string): Promise<DirectoryEntry[]> {
  const entries = await readdir(resolve(path), { withFileTypes: true });
  return entries.map((entry) => ({ name: entry.name, kind: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other' }));
}

/** The organisation policy's offline copy lives in the user's cache folder, one file per key. */
export function fileCache(): TextCache {
  const folder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ai-guard');
  const file = (key: string) => join(folder, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  return {
    get: (key) => readFile(file(key), 'utf8').catch(() => undefined),
    set: async (key, value) => {
      await mkdir(folder, { recursive: true });
      await writeFile(file(key), value, { mode: 0o600 });
    },
  };
}

/**
 * The audit log at `path`, else the CLI's default file, sealed with the installation's key (kept
 * outside the log), adding to the person's spending ledger beside the key, so another `--audit-file`
 * does not start the month's budget again.
 */
export const fileAuditLog: NonNullable<CliIo['auditLog']> = (path) => {
  const file = resolve(path ?? defaultAuditFile(process.env));
  return { log: new AuditLog(fileAuditStorage(file), undefined, fileAuditKey(defaultAuditKeyFile(process.env)), fileLedgerStorage(defaultLedgerFile(process.env))), path: file };
};

/** A path with its symbolic links resolved, with `/` separators (rejects when it does not exist). */
export async function realPath(path: string): Promise<string> {
  return (await realpath(resolve(path))).replace(/\\/g, '/');
}

/** Writes a text file, creating its folder (`tools sync`). */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(resolve(path), text);
}

/** The real disk and environment of this process, as every entry point (`ai-guard`, the lean bundle's hook and scan) gives them to a command. */
export function diskIo(): Pick<CliIo, 'env' | 'cwd' | 'readFile' | 'readStdin' | 'readDirectory' | 'auditLog' | 'hookTelemetry' | 'cache'> {
  return {
    env: process.env,
    cwd: process.cwd(),
    readFile: (path) => readFile(resolve(path)),
    readStdin,
    readDirectory,
    auditLog: fileAuditLog,
    hookTelemetry: (event) => spoolHookEvent(process.env, event),
    cache: fileCache(),
  };
}
