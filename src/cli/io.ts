/** Where the CLI reads and writes, so tests can run it without a process or a disk. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths and `.secretlintrc.json` are looked up from. */
  cwd: string;
  readFile: (path: string) => Promise<Uint8Array>;
  readStdin: () => Promise<Uint8Array>;
}

/** Exit codes, stable for scripts and git hooks. */
export const ExitCode = {
  ok: 0,
  /** The check ran and found something (a secret, personal data). */
  findings: 1,
  /** The command line was wrong, or a file could not be read or scanned. */
  error: 2,
} as const;
