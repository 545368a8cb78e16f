// @ts-check
// Bundles the extension, the webview, the CLI and (with --tests) the in-editor test suites.
// Usage: node scripts/build.mjs [--production] [--watch] [--tests]
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const root = join(import.meta.dirname, '..');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/cli/index.ts'],
    outfile: 'dist/cli.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
  },
];

if (tests) {
  const dir = join(root, 'test', 'integration');
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `test/integration/${f}`),
    outdir: 'out/test/integration',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The editor provides vscode; mocha is loaded from node_modules so its globals are shared.
    external: ['vscode', 'mocha'],
  });
}

// Start from an empty dist/ so no stale file (a source map from a development build) ships.
rmSync(join(root, 'dist'), { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[build] watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[build] ${production ? 'production' : 'development'} bundles in ${Date.now() - started} ms`);
}
