// @ts-check
'use strict';
// The unit tests run on Node ≥ 22.16, which the collector needs (its SQLite is Node's own,
// `node:sqlite`). Started on an older Node (the machine's Node 20, say), this file runs the same
// mocha command again under the Node 24 that scripts/setup-editor.sh installs, and exits with its
// status, so the usual command works unchanged. AIGUARD_TEST_OLD_NODE tells the tests which older
// Node started them: the CLI's tests run the CLI on it too, since the CLI must keep working there.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { homedir } = require('node:os');
const path = require('node:path');

const MIN = [22, 16];
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const recent = major > (MIN[0] ?? 0) || (major === MIN[0] && minor >= (MIN[1] ?? 0));

if (!recent) {
  const cache = process.env.AIGUARD_EDITOR_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'etech-ai-guard', 'editor');
  const node24 = path.join(cache, 'node-24.21.0', 'bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write(
      `The unit tests need Node ≥ ${MIN.join('.')} (the collector's SQLite is node:sqlite); this is ${process.version}. Run 'bash scripts/setup-editor.sh --no-browser' once (it installs Node 24 into ${cache}), or run them with 'npm run test:unit'.\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(node24, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, AIGUARD_TEST_OLD_NODE: process.execPath } });
  process.exit(result.status ?? 1);
}
