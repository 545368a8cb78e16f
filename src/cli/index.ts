// The `ai-guard` executable: a thin shell around runCli so that the logic stays testable.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { runGit } from '../node/git';
import { fetchHttp } from '../node/http';
import { fetchTelemetryHttp } from '../node/telemetryFiles';
import { INTERRUPTED_EXIT, type Interruption } from './io';
import { runCli } from './main';
import { fileAuditLog, fileCache, readDirectory, readStdin, realPath, writeTextFile } from './nodeIo';
import { spoolHookEvent } from '../node/hookTelemetry';

/*
 * Interruptions. While a command captures them (an AI call in flight), Ctrl-C, SIGTERM and a
 * closed standard output (`ai-guard run … | head`: EPIPE) abort the call, whose end is then
 * recorded, and the command exits with the interruption's own code; a second Ctrl-C or SIGTERM
 * ends the process at once. Uncaptured, they end the process at once with that code, and a closed
 * output never becomes a stack trace.
 */
let captured: AbortController | undefined;
let outputClosed = false;
function interrupt(reason: Interruption): void {
  if (captured && !captured.signal.aborted) captured.abort(reason);
  else process.exit(INTERRUPTED_EXIT[reason]);
}
process.on('SIGINT', () => interrupt('SIGINT'));
process.on('SIGTERM', () => interrupt('SIGTERM'));
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  if (outputClosed) return;
  outputClosed = true;
  interrupt('output-closed');
});

runCli(process.argv.slice(2), {
  stdout: (text) => {
    if (!outputClosed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  readFile: (path) => readFile(resolve(path)),
  readStdin,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  readDirectory,
  realPath,
  auditLog: fileAuditLog,
  hookTelemetry: (event) => spoolHookEvent(process.env, event),
  writeFile: writeTextFile,
  git: (args) => runGit(args),
  post: fetchTelemetryHttp,
  http: fetchHttp(),
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
  cache: fileCache(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ai-guard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
