// @ts-check
// `npm test`: installs what is missing, type-checks, lints, checks the bundles' sizes and the activation
// time, builds, then runs the three test layers in order and prints one closing line
// `N passed, N failed` per layer and a total. Exits non-zero if any layer failed or ran no test.
// Usage: node scripts/test.mjs [unit|integration|e2e ...]
import { join } from 'node:path';
import { ensureDependencies } from './lib/install.mjs';
import { runOrThrow, runStreaming } from './lib/run.mjs';

const root = join(import.meta.dirname, '..');
// A fresh clone has nothing installed: install first, as `npm start` does.
ensureDependencies(root, 'test');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = join(root, 'test', 'support', 'summary-reporter.cjs');

/** @type {Record<string, () => Promise<{ code: number; summary?: { passed: number; failed: number; skipped: number } | undefined }>>} */
const layers = {
  unit: () =>
    runStreaming(process.execPath, ['--import', 'tsx', mocha, '--require', 'test/support/register-fake-vscode.cjs', '--reporter', reporter, '--fail-zero', 'test/unit/**/*.test.ts'], { cwd: root }),
  integration: () => runStreaming(process.execPath, ['scripts/lib/integration.mjs'], { cwd: root }),
  e2e: () => runStreaming(process.execPath, ['--import', 'tsx', mocha, '--reporter', reporter, '--fail-zero', '--timeout', '120000', 'test/e2e/**/*.e2e.ts'], { cwd: root }),
};

const requested = process.argv.slice(2);
const selected = requested.length ? requested : Object.keys(layers);
for (const name of selected) {
  if (!(name in layers)) {
    console.error(`unknown test layer '${name}': choose from ${Object.keys(layers).join(', ')}`);
    process.exit(2);
  }
}

// Static checks first: they take seconds and explain a failure better than a test would.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
console.log('=== type-check, lint and format ===');
await runOrThrow(npm, ['run', '--silent', 'typecheck'], { cwd: root });
await runOrThrow(npm, ['run', '--silent', 'lint'], { cwd: root });
await runOrThrow(npm, ['run', '--silent', 'format:check'], { cwd: root });
console.log('type-check, lint and format: ok');

// The collector needs Node ≥ 22.16 (node:sqlite): on an older Node the unit layer runs under the
// Node 24 that setup-editor.sh installs (test/support/current-node.cjs, read through .mocharc.cjs,
// switches to it), so it is installed first when missing.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if ((major < 22 || (major === 22 && minor < 16)) && selected.includes('unit')) {
  const { ensureEditor } = await import('./lib/editor.mjs');
  ensureEditor({ browser: false });
}

// The bundles' size budgets and the activation target (`npm run bench` has the full figures):
// a failing check, so that the extension cannot grow or start slower unnoticed.
console.log('\n=== size and activation budgets ===');
await runOrThrow(process.execPath, ['scripts/bench.mjs', '--check'], { cwd: root });

// Every layer tests the built bundles (the CLI test runs dist/cli.js; the editor loads dist/).
await runOrThrow(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: root });

const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {string[]} */
const report = [];
let ok = true;
for (const name of selected) {
  console.log(`\n=== ${name} tests ===`);
  const started = Date.now();
  const layer = /** @type {NonNullable<(typeof layers)[string]>} */ (layers[name]);
  const { code, summary } = await layer();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = summary ?? { passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // a crash before any test counts as a failure
  const layerOk = code === 0 && counts.failed === 0 && counts.passed > 0;
  ok &&= layerOk;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  report.push(`${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${seconds} s${layerOk ? '' : `, exit ${code}`})`);
}

console.log('\n=== summary ===');
for (const line of report) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
