import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ExitCode, runCli } from '../../src/cli/main';
import { repoRoot } from '../support/repo';

const { version } = require('../../package.json') as { version: string };

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd: '/nowhere',
    readFile: () => Promise.reject(new Error('no disk in this test')),
    readStdin: () => Promise.resolve(new Uint8Array()),
  });
  return { code, stdout, stderr };
}

describe('ai-guard CLI', function () {
  // Each test starts the CLI in its own process: generous on a loaded machine.
  this.timeout(60_000);
  it('prints the package version with --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await run([flag]);
      assert.equal(result.code, ExitCode.ok);
      assert.equal(result.stdout, `${version}\n`);
    }
  });

  it('prints help in English by default', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, ExitCode.ok);
    assert.match(result.stdout, /^Etech AI Guard \d+\.\d+\.\d+/);
    assert.match(result.stdout, /Usage: ai-guard \[options\] <command>/);
    assert.match(result.stdout, /--version/);
  });

  it('prints help in French when LANG is French, or with --lang fr', async () => {
    const fromEnv = await run(['--help'], { LANG: 'fr_FR.UTF-8' });
    assert.match(fromEnv.stdout, /Usage : ai-guard \[options\] <commande>/);
    assert.match(fromEnv.stdout, /Afficher la version et quitter/);
    const fromFlag = await run(['--help', '--lang', 'fr'], { LANG: 'en_US.UTF-8' });
    assert.match(fromFlag.stdout, /Afficher cette aide et quitter/);
    const english = await run(['--help', '--lang', 'en'], { LANG: 'fr_FR.UTF-8' });
    assert.match(english.stdout, /Show this help and exit/);
  });

  it('exits 2 with an actionable message on an unknown command or option', async () => {
    const command = await run(['frobnicate']);
    assert.equal(command.code, ExitCode.error);
    assert.equal(command.stdout, '');
    assert.match(command.stderr, /unknown command 'frobnicate'/);
    assert.match(command.stderr, /ai-guard --help/);
    const option = await run(['--nope']);
    assert.equal(option.code, ExitCode.error);
    assert.match(option.stderr, /--nope/);
  });

  it('works as the bundled executable: node dist/cli.js --version', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${version}\n`);
    const bad = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'nope'], { encoding: 'utf8', env: { ...process.env, LANG: 'fr_FR.UTF-8', LC_ALL: '' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /commande inconnue « nope »/);
  });
});
