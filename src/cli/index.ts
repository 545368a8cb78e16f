// The `ai-guard` executable: a thin shell around runCli so that the logic stays testable.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runGit } from '../node/git';
import { runCli } from './main';
import { fileAuditLog, fileCache, readDirectory, readStdin, writeTextFile } from './nodeIo';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  readFile: (path) => readFile(resolve(path)),
  readStdin,
  readDirectory,
  auditLog: fileAuditLog,
  writeFile: writeTextFile,
  git: (args) => runGit(args),
  http: {
    get: async (url, { timeoutMs }) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      // A redirect may not step down from https: to http:, which would let the policy be altered on the way.
      if (new URL(response.url).protocol !== new URL(url).protocol) throw new Error(`redirected to ${new URL(response.url).protocol} (${response.url})`);
      return { status: response.status, text: await response.text() };
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
