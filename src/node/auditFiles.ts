import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AuditKeyStore, AuditStorage, SpendingLedgerStorage } from '../core/audit';
import { withFileLock } from './fileLock';
import { readTextIfExists, replaceText } from './textFiles';

/*
 * Node adapters of the core's ports, shared by the two Node hosts: the CLI and the editor's
 * extension host. (The core itself reaches the outside only through ports.)
 */

/** The CLI's audit log: `$XDG_DATA_HOME/ai-guard/audit.jsonl` unless `--audit-file` names another. */
export function defaultAuditFile(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'ai-guard', 'audit.jsonl');
}

/** A file-name-safe timestamp for the files set beside the log. */
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Where the CLI keeps its audit key: beside its default log, outside any log. */
export function defaultAuditKeyFile(env: Readonly<Record<string, string | undefined>>): string {
  return join(dirname(defaultAuditFile(env)), 'audit.key');
}

/** Where the CLI keeps the person's spending ledger (`ledger.ts`): beside the audit key, whichever `--audit-file` is written. */
export function defaultLedgerFile(env: Readonly<Record<string, string | undefined>>): string {
  return join(dirname(defaultAuditFile(env)), 'ledger.json');
}

/**
 * The spending ledger on disk: replaced at once (a temporary file renamed over it), readable by
 * this user only, under a `.lock` file of its own (`fileLock.ts`). A device or a pipe in its place
 * is refused, as for the log.
 */
export function fileLedgerStorage(path: string): SpendingLedgerStorage {
  const lock = `${path}.lock`;
  return {
    read: async () => {
      await refuseSpecial(path);
      return readTextIfExists(path);
    },
    write: async (text) => {
      await refuseSpecial(path);
      await replaceText(path, text);
    },
    withLock: (work, options) => withFileLock(lock, work, (cause) => new Error(l10n.t('the spending ledger is locked by another writer ({0})', lock), { cause }), options),
  };
}

/**
 * The installation's audit key, for the CLI and the editor alike: 32 random bytes in hex, in a file
 * readable by this user only (`audit.key` beside the CLI's default log, whichever log is written),
 * made once. `adopt`: a key made earlier elsewhere (the editor's, from its secret storage), which
 * becomes the file's when there is no file yet, so the records it sealed keep verifying.
 */
export function fileAuditKey(path: string, adopt?: () => Promise<Uint8Array | undefined>): AuditKeyStore {
  const readFileKey = async () => {
    const text = await readTextIfExists(path);
    return text === undefined ? undefined : Buffer.from(text.trim(), 'hex');
  };
  const make = async (key: Uint8Array) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, `${Buffer.from(key).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: its key is the one in force.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return (await readFileKey()) as Uint8Array;
  };
  const read = async () => {
    const key = await readFileKey();
    if (key !== undefined || !adopt) return key;
    const earlier = await adopt();
    return earlier && make(earlier);
  };
  return {
    read,
    create: async () => (await read()) ?? make(randomBytes(32)),
    previous: async () => {
      const earlier = await adopt?.();
      const key = await readFileKey();
      return earlier && key && !Buffer.from(earlier).equals(Buffer.from(key)) ? [earlier] : [];
    },
  };
}

/** The refusal of an audit log that is not a regular file: `/dev/null` would swallow every record, `/dev/full` refuse them, a pipe hang. */
function notAFile(path: string): Error {
  return new Error(l10n.t('{0} is not a regular file (a device, a pipe or a folder); an audit log must be a file of its own.', path));
}

/** Rejects when `path` exists and is not a regular file (following symbolic links: one to `/dev/null` is refused too). */
async function refuseSpecial(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info && !info.isFile()) throw notAFile(path);
}

/**
 * Opens the log for appending, refusing anything but a regular file: checked before opening (a
 * pipe with no reader would block, non-blocking opening makes it fail instead) and on the open
 * file itself (in case the path changed in between).
 */
async function openForAppend(path: string): Promise<FileHandle> {
  await refuseSpecial(path);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o600);
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw notAFile(path);
  }
  return handle;
}

/**
 * An audit file on disk. Appends are one write in append mode (whole lines, never interleaved),
 * synced to disk before they resolve (a record written before a call must survive a crash);
 * rewrites go through a temporary file and a rename; the lock is a `.lock` file created
 * exclusively that names its holder, taken over when the holder is gone (`fileLock.ts`).
 * Devices, pipes and folders are refused.
 */
export function fileAuditStorage(path: string): AuditStorage {
  const lock = `${path}.lock`;
  const head = `${path}.head`;
  return {
    identity: path,
    read: async () => {
      await refuseSpecial(path);
      return readTextIfExists(path);
    },
    readBytes: async () => {
      await refuseSpecial(path);
      return readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
    },
    // `audit.jsonl.verified`, `audit.jsonl.forwarded`: replaced at once, readable by this user only.
    sidecar: (name) => ({
      read: async () => {
        await refuseSpecial(`${path}.${name}`);
        return readTextIfExists(`${path}.${name}`);
      },
      write: (text) => replaceText(`${path}.${name}`, text),
    }),
    readLastLine: async () => {
      await refuseSpecial(path);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const { size } = await handle.stat();
        if (size === 0) return undefined;
        // Records are small: the last 64 KiB hold the last line (a longer one reads as cut off).
        const length = Math.min(size, 64 * 1024);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        const text = buffer.toString('utf8');
        const start = text.lastIndexOf('\n', text.length - 2) + 1;
        return text.slice(start);
      } finally {
        await handle.close();
      }
    },
    append: async (text) => {
      const handle = await openForAppend(path);
      try {
        await handle.appendFile(text, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
    replace: (text) => replaceText(path, text),
    readHead: async () => {
      await refuseSpecial(head);
      return readTextIfExists(head);
    },
    writeHead: (text) => replaceText(head, text),
    setAside: async () => {
      const aside = `${path}.corrupt-${stamp()}`;
      await rename(path, aside);
      return aside;
    },
    keepAside: async (text) => {
      const aside = `${path}.torn-${stamp()}`;
      // 'wx': a name already taken is never overwritten.
      await writeFile(aside, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      return aside;
    },
    probe: async () => {
      await (await openForAppend(path)).close();
    },
    withLock: (work, options) => withFileLock(lock, work, (cause) => new Error(l10n.t('the audit log is locked by another writer ({0})', lock), { cause }), options),
  };
}
