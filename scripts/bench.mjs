// @ts-check
// `npm run bench`: prints the bundle sizes and the cost of starting the extension: the time to
// require dist/extension.js and to run activate() against the in-memory vscode fake, each
// measured in a fresh Node process (a cold start, as in the editor) and reported as a median.
// Targets: dist/extension.js <= 1 MB minified; activate <= 20 ms median.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runOrThrow } from './lib/run.mjs';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || 15);
const TARGETS = { extensionBytes: 1024 * 1024, activateMs: 20 };

await runOrThrow(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root });

console.log('\nBundle sizes (production, minified)');
for (const file of ['dist/extension.js', 'dist/webview.js', 'dist/cli.js']) {
  const bytes = statSync(join(root, file)).size;
  const gzip = gzipSync(readFileSync(join(root, file))).length;
  console.log(`  ${file.padEnd(20)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB   gzip ${(gzip / 1024).toFixed(1).padStart(7)} KiB`);
}

// One cold start per process: register the fake, require the bundle, activate, report times.
const probe = `
const { performance } = require('node:perf_hooks');
require(${JSON.stringify(join(root, 'test', 'support', 'register-fake-vscode.cjs'))});
const vscode = require('vscode');
const t0 = performance.now();
const extension = require(${JSON.stringify(join(root, 'dist', 'extension.js'))});
const t1 = performance.now();
extension.activate(vscode.__createExtensionContext(${JSON.stringify(root)})).then(() => {
  const t2 = performance.now();
  if (vscode.__fake.commands.size === 0) throw new Error('activate registered no command');
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1 }));
});
`;

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** @type {{ requireMs: number; activateMs: number }[]} */
const samples = [];
for (let i = 0; i < RUNS; i++) {
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`activation probe failed:\n${result.stderr}`);
  samples.push(JSON.parse(result.stdout));
}
const requireMs = median(samples.map((s) => s.requireMs));
const activateMs = median(samples.map((s) => s.activateMs));
const max = Math.max(...samples.map((s) => s.activateMs));
const extensionBytes = statSync(join(root, 'dist', 'extension.js')).size;

console.log(`\nActivation, cold, ${RUNS} fresh processes (Node ${process.version})`);
console.log(`  require dist/extension.js   median ${requireMs.toFixed(2)} ms`);
console.log(`  activate()                  median ${activateMs.toFixed(2)} ms   (max ${max.toFixed(2)} ms)`);
console.log('\nTargets');
const verdict = (/** @type {boolean} */ ok) => (ok ? 'ok' : 'OVER TARGET');
console.log(`  dist/extension.js <= 1 MB: ${(extensionBytes / 1024).toFixed(1)} KiB  ${verdict(extensionBytes <= TARGETS.extensionBytes)}`);
console.log(`  activate <= ${TARGETS.activateMs} ms median: ${activateMs.toFixed(2)} ms  ${verdict(activateMs <= TARGETS.activateMs)}`);

// The redaction benchmark runs the engine as it ships: bundled and minified by esbuild, like
// dist/cli.js and dist/extension.js (under tsx's loader it runs about a tenth slower).
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(root, 'scripts', 'bench-redaction.ts')],
  outfile: join(root, 'out', 'bench-redaction.cjs'),
  bundle: true,
  minify: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
await runOrThrow(process.execPath, [join(root, 'out', 'bench-redaction.cjs')], { cwd: root });
