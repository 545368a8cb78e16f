import { execFile } from 'node:child_process';

/**
 * Runs git with `args` in `cwd` and resolves with its standard output. Rejects with git's own
 * message (its standard error) when it fails, when it is not installed, or after `timeoutMs`,
 * so that a hung repository never hangs an AI command. Shared by the CLI and the editor.
 */
export function runGit(args: readonly string[], options: { cwd?: string; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      {
        maxBuffer: 64 * 1024 * 1024,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        reject(new Error(code === 'ENOENT' ? 'git is not installed or not on the PATH' : stderr.trim() || error.message));
      },
    );
  });
}
