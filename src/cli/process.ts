import { type CliIo, INTERRUPTED_EXIT, type Interruption } from './io';
import { diskIo, realPath } from './nodeIo';

/**
 * Runs a command line as this process, on the real disk and terminal: what `dist/cli-main.js`
 * (every command) and `dist/hook-main.js` (the lean ones) both do, so that a command behaves
 * the same from either. `extra` adds what only the full CLI has (git, the network, writing files).
 *
 * Interruptions. While a command captures them (an AI call in flight), Ctrl-C, SIGTERM and a
 * closed standard output (`ai-guard run … | head`: EPIPE) abort the call, whose end is then
 * recorded, and the command exits with the interruption's own code; a second Ctrl-C or SIGTERM
 * ends the process at once. Uncaptured, they end the process at once with that code, and a closed
 * output never becomes a stack trace.
 */
export function runAsProcess(run: (argv: readonly string[], io: CliIo) => Promise<number>, extra: Partial<CliIo> = {}): void {
  let captured: AbortController | undefined;
  let outputClosed = false;
  const interrupt = (reason: Interruption): void => {
    if (captured && !captured.signal.aborted) captured.abort(reason);
    else process.exit(INTERRUPTED_EXIT[reason]);
  };
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (outputClosed) return;
    outputClosed = true;
    interrupt('output-closed');
  });

  run(process.argv.slice(2), {
    stdout: (text) => {
      if (!outputClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    ...diskIo(),
    realPath,
    interrupts: {
      capture: () => {
        const controller = new AbortController();
        captured = controller;
        return {
          signal: controller.signal,
          release: () => {
            if (captured === controller) captured = undefined;
          },
        };
      },
    },
    ...extra,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ai-guard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
