// `dist/cli-main.js`, every command of `ai-guard`: a thin shell around runCli so that the logic
// stays testable. `dist/cli.js` (src/cli/start.ts) starts it, or the lean bundle for `scan`.
import { createInterface } from 'node:readline';
import { runGit } from '../node/git';
import { fetchHttp } from '../node/http';
import { fetchTelemetryHttp } from '../node/telemetryFiles';
import { runCli } from './main';
import { writeTextFile } from './nodeIo';
import { runAsProcess } from './process';

runAsProcess(runCli, {
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  writeFile: writeTextFile,
  git: (args) => runGit(args),
  post: fetchTelemetryHttp,
  http: fetchHttp(),
});
