// @ts-check
// `npm start`: installs and builds what is missing, packages the extension, and opens it in a
// real VS Code (code-server) on 127.0.0.1 with the demo workspace. Ctrl-C stops everything.
// Uses only Node's own modules until the dependencies are installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies } from './lib/install.mjs';

const root = join(import.meta.dirname, '..');

/** @param {string} what @param {string} command @param {string[]} args */
function step(what, command, args) {
  console.log(`[start] ${what}…`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] ${what} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

ensureDependencies(root, 'start');

const { copyDemoWorkspace, startCodeServer } = await import('./lib/editor.mjs');
const packageDir = mkdtempSync(join(tmpdir(), 'ai-guard-start-'));
const vsix = join(packageDir, 'ai-guard.vsix');
step('building and packaging the extension', process.execPath, ['scripts/package.mjs', '--out', vsix]);

console.log('[start] starting the editor (the first run installs it: about a minute)…');
const folder = copyDemoWorkspace();
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const server = await startCodeServer({ folder, installVsix: vsix, label: 'start', demo: true, ...(port ? { port } : {}) });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping the editor…');
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
  rmSync(packageDir, { recursive: true, force: true });
  console.log('[start] stopped; nothing is left running.');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

console.log(`
Etech AI Guard is running in a real VS Code (code-server), on a throwaway copy of the demo
workspace (test/fixtures/demo-workspace). Open this URL in a browser:

  ${server.workbenchUrl()}

Click the shield in the activity bar for the AI Guard sidebar, or press F1 and type "AI Guard".
The editor's log is ${server.logFile}. Press Ctrl-C to stop.
`);
// Keep running until interrupted.
setInterval(() => undefined, 1 << 30);
