// @ts-check
// Installs the project's dependencies when they are missing or older than the lockfile, so that
// `npm start` and `npm test` work first time on a fresh clone. Uses only Node's own modules: it
// runs before anything else is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root the repository's root @param {string} label the script's name, for its messages */
export function ensureDependencies(root, label) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs) return;
  console.log(`[${label}] installing dependencies (npm ci)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[${label}] npm ci failed (exit ${result.status}): the dependencies could not be installed; the output above says why.`);
    process.exit(1);
  }
}
