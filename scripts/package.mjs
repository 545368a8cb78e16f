// @ts-check
// `npm run package`: production build, a check of what would ship, then the .vsix.
// Usage: node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MODULE_BUNDLES, SDK_BUNDLES } from './build.mjs';
import { runOrThrow } from './lib/run.mjs';

const root = join(import.meta.dirname, '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const { name, version } = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(root, `${name}-${version}.vsix`);
if (!out) throw new Error('--out needs a file name');

await runOrThrow(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root });

// The bundles carry everything the extension needs, so no node_modules ship; tests, sources,
// maps and scripts must not either. .vscodeignore is an allowlist, and this double-checks it.
const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) throw new Error(`vsce ls failed:\n${listed.stderr}`);
const files = listed.stdout
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);
const forbidden = files.filter((file) => /^(src|test|scripts|node_modules|out|\.ci)\/|\.map$|\.ts$|\.vsix$/.test(file));
if (forbidden.length > 0) throw new Error(`these files must not ship in the .vsix:\n  ${forbidden.join('\n  ')}`);
const bundlesApart = [...Object.values(SDK_BUNDLES), ...Object.values(MODULE_BUNDLES).map(({ file }) => file)].map((file) => `dist/${file}`);
for (const required of [
  'dist/extension.js',
  'dist/webview.js',
  'dist/audit.js',
  'dist/hook.js',
  'dist/hook-main.js',
  ...bundlesApart,
  'package.json',
  'package.nls.fr.json',
  'l10n/bundle.l10n.fr.json',
]) {
  if (!files.includes(required)) throw new Error(`${required} is missing from the .vsix`);
}

await runOrThrow(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: root });
console.log(`[package] ${relative(process.cwd(), out) || out}: ${(statSync(out).size / 1024).toFixed(1)} KiB, ${files.length} files`);
for (const file of files) console.log(`  ${file}`);
