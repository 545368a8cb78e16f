import type { AuditLog } from '../core/audit';
import type { DirectoryEntry, Http, TextCache } from '../core/ports';

/** Where the CLI reads and writes, so tests can run it without a process or a disk. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths and `.secretlintrc.json` are looked up from. */
  cwd: string;
  readFile: (path: string) => Promise<Uint8Array>;
  /** Standard input; with `limit`, reading may stop once more than `limit` bytes have come (the caller refuses them). */
  readStdin: (limit?: number) => Promise<Uint8Array>;
  /**
   * A folder's entries, for finding policies and AI ignore files (`classify`, `policy check`).
   * Without it no folder can be listed: only the files named on the command line are read.
   */
  readDirectory?: (path: string) => Promise<readonly DirectoryEntry[]>;
  /**
   * The audit log (`path` from `--audit-file`, else the CLI's default), for `audit` and `run`.
   * Without it, `run` keeps no record and `audit` reports that there is no log.
   */
  auditLog?: (path: string | undefined) => { log: AuditLog; path: string };
  /** Writes a text file, creating its folder (`tools sync`). Without it nothing can be written. */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** Runs git in the current folder and returns its output (`run --diff`). */
  git?: (args: readonly string[]) => Promise<string>;
  /** HTTPS, for an organisation policy given as a URL (`--org`). */
  http?: Http;
  /** Where the last valid organisation policy is kept for offline use. */
  cache?: TextCache;
}

/** Exit codes, stable for scripts and git hooks. */
export const ExitCode = {
  ok: 0,
  /** The check ran and found something (a secret, personal data). */
  findings: 1,
  /** The command line was wrong, a file could not be read or scanned, or a policy has errors. */
  error: 2,
} as const;
