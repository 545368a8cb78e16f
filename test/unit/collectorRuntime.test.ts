import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { redactUrl } from '../../src/collector/storage/url';

/**
 * Which Node runs what: the collector needs Node ≥ 22.16 (node:sqlite) and says so on an older
 * one; the CLI keeps working on the older Node the tests were started from (Node 20 here); a
 * PostgreSQL password never reaches the collector's output.
 */

const ROOT = join(__dirname, '..', '..');
const OLD_NODE = process.env.AIGUARD_TEST_OLD_NODE;

describe('collector runtime: Node versions and secrets in its output', function () {
  this.timeout(60_000);

  it('runs the CLI bundle on the older Node the tests were started from, and the collector refuses it naming what it needs', function () {
    if (OLD_NODE === undefined) {
      if (process.env.CI === 'true') throw new Error("CI starts the tests on the machine's Node; AIGUARD_TEST_OLD_NODE should be set by test/support/current-node.cjs");
      process.stderr.write('[skip] the tests were started on a recent Node: no older Node to run the CLI on\n');
      this.skip();
    }
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'build first: node scripts/build.mjs');
    const cli = spawnSync(OLD_NODE, [join(ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /\d+\.\d+\.\d+/);
    const collector = spawnSync(OLD_NODE, [join(ROOT, 'dist', 'collector.js'), '--port', '0'], { encoding: 'utf8' });
    assert.equal(collector.status, 1);
    assert.match(collector.stderr, /needs Node\.js 22\.16\.0 or later .* this is Node\.js \d+/);
  });

  it('never prints a PostgreSQL password: not in the start-up error, nor in its messages', () => {
    const url = 'postgres://collector:s3cret-Pa55word@127.0.0.1:1/telemetry';
    assert.equal(redactUrl(url), 'postgres://collector:***@127.0.0.1:1/telemetry');
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'collector.js'), '--port', '0', '--db', url], { encoding: 'utf8', env: { ...process.env, AIGUARD_COLLECTOR_DB: '' } });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /cannot start: cannot connect to postgres:\/\/collector:\*\*\*@127\.0\.0\.1:1\/telemetry/);
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret|Pa55word/);
  });
});
