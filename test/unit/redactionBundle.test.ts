import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type * as Redaction from '../../src/core/redaction';
import { bundleAsShipped, loadBuild } from '../support/bundles';
import { repoRoot } from '../support/repo';

/**
 * secretlint in a bundle of its own (scripts/build.mjs's `moduleSplitPlugin`), end to end: the
 * redaction engine bundled as the extension and the CLI are, `secretlint.js` beside it; requiring
 * the engine does not load secretlint, and the first scan that needs it does, and finds with it.
 */
describe('redaction: secretlint in a bundle of its own', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    const build = await loadBuild();
    dir = mkdtempSync(join(tmpdir(), 'ai-guard-secretlint-'));
    await Promise.all([
      ...build.moduleBuilds({ outdir: dir, production: true, absWorkingDir: repoRoot }).map((options) => esbuild.build(options)),
      bundleAsShipped('src/core/redaction/index.ts', join(dir, 'redaction.js'), [build.moduleSplitPlugin()]),
    ]);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const loaded = () => Object.keys(require.cache).filter((path) => path.startsWith(dir) && path.endsWith('secretlint.js'));

  it('loads secretlint on the first scan that needs it, not before, and finds what only it knows', async () => {
    const redaction = require(join(dir, 'redaction.js')) as typeof Redaction;
    assert.deepEqual(loaded(), [], 'requiring the engine does not load secretlint');
    const scanner = new redaction.Scanner();
    await scanner.scan('const total = 42;\n', { path: 'a.ts' });
    assert.deepEqual(loaded(), [], 'a scan without a trigger does not load it either');
    const linearKey = `lin_api_${'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'}`;
    const findings = await scanner.scan(`LINEAR=${linearKey}\n`, { path: 'notes.txt' });
    assert.equal(loaded().length, 1, 'secretlint.js was loaded from beside the bundle');
    assert.ok(
      findings.some((finding) => finding.rule.startsWith('secretlint/')),
      JSON.stringify(findings.map((finding) => finding.rule)),
    );
  });
});
