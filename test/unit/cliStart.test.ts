import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leanCommandOf } from '../../src/cli/args';
import { repoRoot } from '../support/repo';

/**
 * `dist/cli.js` starts `scan` from the lean bundle and its code cache, and every other command
 * from the full CLI; the choice must never change what a command prints or exits with.
 */
describe('dist/cli.js, the ai-guard executable, and the bundle it starts', function () {
  this.timeout(120_000);

  it('sends only scan to the lean bundle, and never help, a bad line or a policy fetched by URL', () => {
    assert.equal(leanCommandOf(['scan', 'a.ts']), 'scan');
    assert.equal(leanCommandOf(['--json', '--org', 'policies/org.json', 'scan', '-']), 'scan');
    assert.equal(leanCommandOf(['--lang', 'fr', '--network', '--no-secretlint', 'scan', 'a.ts']), 'scan');
    for (const line of [
      [],
      ['--help', 'scan'],
      ['scan', '--version'],
      ['--org', 'https://policies.example/org.json', 'scan', 'a.ts'],
      ['--org', 'HTTP://x/p.json', 'scan'],
      ['scan', '--bogus'],
      ['--org'],
      ['redact', 'a.ts'],
      ['hook', 'claude-code'],
      ['run', 'code-review'],
      ['mcp'],
      ['tools', 'sync'],
      ['audit', 'verify'],
      ['a.ts', 'scan'],
    ]) {
      assert.equal(leanCommandOf(line), undefined, line.join(' '));
    }
  });

  describe('as a process', () => {
    let work: string;
    let env: NodeJS.ProcessEnv;
    before(() => {
      assert.ok(existsSync(join(repoRoot, 'dist', 'cli-main.js')), 'build first: node scripts/build.mjs');
      work = mkdtempSync(join(tmpdir(), 'ai-guard-cli-start-'));
      mkdirSync(join(work, 'repo', '.git'), { recursive: true });
      mkdirSync(join(work, 'repo', '.aiguard'), { recursive: true });
      writeFileSync(join(work, 'repo', '.aiguard', 'policy.json'), JSON.stringify({ version: 1, dictionary: { clients: ['Globex'] } }));
      writeFileSync(join(work, 'repo', 'clean.ts'), 'export const answer = 42;\n');
      writeFileSync(join(work, 'repo', 'leak.ts'), `const key = "${['AKIA', 'QYLPMN5HHHFPZAM2'].join('')}"; // Globex, ops@globex.fr\n`);
      env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), XDG_DATA_HOME: join(work, 'data'), LANG: 'en_US.UTF-8', LC_ALL: '' };
    });
    after(() => work && rmSync(work, { recursive: true, force: true }));

    const run = (bundle: string, args: string[], input?: string) =>
      spawnSync(process.execPath, [join(repoRoot, 'dist', bundle), ...args], { cwd: join(work, 'repo'), env, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });

    it('prints and exits exactly as the full CLI for every kind of scan', () => {
      const lines: Array<[string[], string?]> = [
        [['scan', 'clean.ts']],
        [['scan', 'leak.ts']],
        [['scan', '--json', 'leak.ts', 'clean.ts']],
        [['scan', 'missing.ts', 'leak.ts']],
        [['--lang', 'fr', 'scan', 'leak.ts', 'missing.ts']],
        [['--network', '--no-secretlint', 'scan', '--json', 'leak.ts']],
        [['scan']],
        [['scan', '-'], 'mail me: ops@globex.fr\n'],
        [['--org', 'missing-org.json', 'scan', 'clean.ts']],
      ];
      for (const [args, input] of lines) {
        const lean = run('cli.js', args, input);
        const full = run('cli-main.js', args, input);
        assert.deepEqual({ status: lean.status, stdout: lean.stdout, stderr: lean.stderr }, { status: full.status, stdout: full.stdout, stderr: full.stderr }, args.join(' '));
      }
      assert.equal(run('cli.js', ['scan', 'leak.ts']).status, 1, 'the comparison saw a finding');
    });

    it('starts scan from the code cache, never from the full CLI, and scans the same with a damaged cache', () => {
      const preload = join(work, 'modules.cjs');
      const list = join(work, 'modules.txt');
      writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, Object.keys(require.cache).join('\\n')));`);
      const first = spawnSync(process.execPath, ['--require', preload, join(repoRoot, 'dist', 'cli.js'), 'scan', 'leak.ts'], { cwd: join(work, 'repo'), env, encoding: 'utf8' });
      assert.equal(first.status, 1, first.stderr);
      const loaded = readFileSync(list, 'utf8');
      assert.ok(!loaded.includes('cli-main.js'), 'the full CLI was loaded for scan');
      const caches = readdirSync(join(work, 'cache', 'ai-guard')).filter((name) => name.endsWith('.v8'));
      assert.equal(caches.length, 1);
      const cache = join(work, 'cache', 'ai-guard', caches[0] as string);
      const damaged = Buffer.from(readFileSync(cache));
      for (let at = 4096; at < damaged.length; at += 4096) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
      writeFileSync(cache, damaged, { mode: 0o600 });
      const again = run('cli.js', ['scan', 'leak.ts']);
      assert.equal(again.status, 1, again.stderr);
      assert.match(again.stdout, /aws-access-key-id/);
      const other = spawnSync(process.execPath, ['--require', preload, join(repoRoot, 'dist', 'cli.js'), 'classify', 'clean.ts'], { cwd: join(work, 'repo'), env, encoding: 'utf8' });
      assert.equal(other.status, 0, other.stderr);
      assert.ok(readFileSync(list, 'utf8').includes('cli-main.js'), 'classify runs in the full CLI');
    });
  });
});
