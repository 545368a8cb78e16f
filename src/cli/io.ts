import type { AuditLog } from '../core/audit';
import type { TelemetryHttp } from '../core/telemetry/sender';
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
  /** Standard input line by line, as it comes (`ai-guard mcp`). Without it no server can run. */
  stdinLines?: () => AsyncIterable<string>;
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
  /**
   * A path with its symbolic links resolved (rejects when it does not exist), so that `run`
   * classifies what a path really is. Without it, paths are classified as written.
   */
  realPath?: (path: string) => Promise<string>;
  /**
   * Hands a hook decision's telemetry event to the editor's outbox, when the person opted in
   * there (`src/node/hookTelemetry.ts`): synchronous, local, never the network, never throws.
   */
  hookTelemetry?: (event: Record<string, unknown>) => void;
  /** Writes a text file, creating its folder (`tools sync`). Without it nothing can be written. */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** Runs git in the current folder and returns its output (`run --diff`). */
  git?: (args: readonly string[]) => Promise<string>;
  /** HTTPS, for an organisation policy given as a URL (`--org`). */
  http?: Http;
  /** POSTs, for forwarding the audit trail to the endpoint the organisation policy names. Without it nothing is forwarded. */
  post?: TelemetryHttp;
  /** Where the last valid organisation policy is kept for offline use. */
  cache?: TextCache;
  /**
   * Ctrl-C, SIGTERM and a closed standard output (`ai-guard run … | head`). A command that
   * captures them (a call in flight) sees its signal aborted, with the `Interruption` as reason,
   * and ends cleanly; without a capture the process ends at once with `INTERRUPTED_EXIT`.
   */
  interrupts?: { capture(): { signal: AbortSignal; release(): void } };
}

export type Interruption = 'SIGINT' | 'SIGTERM' | 'output-closed';

/** The exit codes of an interrupted command: 128 + the signal's number, as shells report them (SIGPIPE for a closed output). */
export const INTERRUPTED_EXIT: Readonly<Record<Interruption, number>> = { SIGINT: 130, SIGTERM: 143, 'output-closed': 141 };

/** Exit codes, stable for scripts and git hooks. */
export const ExitCode = {
  ok: 0,
  /** The check ran and found something (a secret, personal data). */
  findings: 1,
  /** The command line was wrong, a file could not be read or scanned, or a policy has errors. */
  error: 2,
} as const;
