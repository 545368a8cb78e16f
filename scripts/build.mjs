// @ts-check
// Bundles the extension, the webview, the CLI, the provider SDKs, the telemetry collector and (with --tests) the in-editor test suites.
// Usage: node scripts/build.mjs [--production] [--watch] [--tests]
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * The provider SDKs, each bundled into a file of its own next to the extension and the CLI.
 * They are large and needed only when a provider is first called, so the extension's bundle must
 * not carry them: `src/core/providers/index.ts` imports them with `await import('openai')`, and
 * `sdkSplitPlugin` turns that into a `require` of the SDK bundle, run on that first call only.
 */
export const SDK_BUNDLES = /** @type {const} */ ({
  openai: 'sdk-openai.js',
  '@anthropic-ai/sdk': 'sdk-anthropic.js',
  '@aws-sdk/client-bedrock-runtime': 'sdk-bedrock.js',
  '@google/genai': 'sdk-google.js',
});

/**
 * What each SDK bundle exports: what the providers use (src/core/providers/*Provider.ts and the
 * error classes of failures.ts). Naming them lets esbuild leave the rest of each SDK's ES modules
 * out (Anthropic: 447 KB instead of 654 KB minified; OpenAI: 153 KB instead of 211 KB); the
 * bundle test calls both providers through these files, so a missing name fails there.
 */
const SDK_EXPORTS = {
  openai: ['OpenAI', 'AzureOpenAI', 'APIError', 'APIConnectionError', 'APIConnectionTimeoutError', 'APIUserAbortError'],
  '@anthropic-ai/sdk': ['Anthropic', 'APIError', 'APIConnectionError', 'APIConnectionTimeoutError', 'APIUserAbortError'],
  '@aws-sdk/client-bedrock-runtime': ['BedrockRuntimeClient', 'ConverseStreamCommand'],
  '@google/genai': ['GoogleGenAI', 'ApiError'],
};

/**
 * Resolves the bare SDK imports (`openai`, `@anthropic-ai/sdk`, exactly) of our sources to a small
 * module that `require`s `./sdk-openai.js` or `./sdk-anthropic.js` from beside the bundle. A
 * `require` rather than an external `import()`: esbuild would keep the `import()`, and Node would
 * then load a CommonJS file as an ES module, whose named exports it can only guess. An SDK subpath
 * (`openai/azure`) stops the build, since it would copy part of the SDK into the bundle.
 * @returns {esbuild.Plugin}
 */
export function sdkSplitPlugin() {
  const names = Object.keys(SDK_BUNDLES)
    .map((name) => name.replace(/[/@]/g, '\\$&'))
    .join('|');
  return {
    name: 'sdk-split',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(?:${names})(?:/.*)?$`) }, (args) => {
        if (args.namespace === 'sdk-split') return undefined;
        const file = SDK_BUNDLES[/** @type {keyof typeof SDK_BUNDLES} */ (args.path)];
        if (file === undefined) return { errors: [{ text: `import '${args.path}' from the SDK's root instead: its bundle is dist/${sdkFileFor(args.path)}` }] };
        return { path: file, namespace: 'sdk-split' };
      });
      requireBeside(build, 'sdk-split', /^\.\/sdk-[a-z]+\.js$/);
    },
  };
}

/**
 * What both split plugins share: a module of `namespace` is `module.exports = require('./file')`,
 * with the file, which sits beside the bundle, left out of it.
 * @param {esbuild.PluginBuild} build
 * @param {string} namespace
 * @param {RegExp} files
 */
function requireBeside(build, namespace, files) {
  build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: `module.exports = require('./${args.path}');`, loader: 'js' }));
  build.onResolve({ filter: files, namespace }, (args) => ({ path: args.path, external: true }));
}

/** @param {string} specifier */
function sdkFileFor(specifier) {
  const root = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return SDK_BUNDLES[/** @type {keyof typeof SDK_BUNDLES} */ (root)] ?? 'sdk-*.js';
}

/**
 * The builds of the SDK bundles into `outdir`, as CommonJS for Node 20.
 * @param {{ outdir: string; production: boolean; absWorkingDir: string }} options
 * @returns {esbuild.BuildOptions[]}
 */
export function sdkBuilds({ outdir, production, absWorkingDir }) {
  return Object.entries(SDK_BUNDLES).map(([name, file]) => ({
    ...nodeBundle({ outfile: join(outdir, file), production, absWorkingDir }),
    stdin: {
      contents: `export { ${SDK_EXPORTS[/** @type {keyof typeof SDK_BUNDLES} */ (name)].join(', ')} } from ${JSON.stringify(name)};`,
      resolveDir: absWorkingDir,
      sourcefile: `${file}.entry.js`,
      loader: 'js',
    },
  }));
}

/**
 * The options every Node bundle shares (the extension, the CLI, the collector, the SDKs and our
 * split modules): CommonJS for Node 20, minified for production, with a metafile.
 * @param {{ outfile: string; production: boolean; absWorkingDir: string }} options
 * @returns {esbuild.BuildOptions}
 */
function nodeBundle({ outfile, production, absWorkingDir }) {
  return {
    outfile,
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    metafile: true,
  };
}

/**
 * Modules of ours in bundles of their own, for the same reason as the SDKs: large and needed late.
 * secretlint (about 330 KiB minified) runs only when a scan meets one of its triggers, so
 * `src/core/redaction/detectors/secretlint.ts` imports `./secretlintEngine` dynamically and
 * `moduleSplitPlugin` turns that import into a `require` of `dist/secretlint.js`.
 */
export const MODULE_BUNDLES = /** @type {const} */ ({ secretlintEngine: { entry: 'src/core/redaction/detectors/secretlintEngine.ts', file: 'secretlint.js' } });

/** @returns {esbuild.Plugin} */
export function moduleSplitPlugin() {
  const names = Object.keys(MODULE_BUNDLES).join('|');
  const files = Object.values(MODULE_BUNDLES)
    .map(({ file }) => file.replace(/\./g, '\\.'))
    .join('|');
  return {
    name: 'module-split',
    setup(build) {
      build.onResolve({ filter: new RegExp(`/(?:${names})$`) }, (args) => {
        if (args.namespace === 'module-split' || args.kind !== 'dynamic-import') return undefined;
        const name = /** @type {keyof typeof MODULE_BUNDLES} */ (args.path.slice(args.path.lastIndexOf('/') + 1));
        return { path: MODULE_BUNDLES[name].file, namespace: 'module-split' };
      });
      requireBeside(build, 'module-split', new RegExp(`^\\./(?:${files})$`));
    },
  };
}

/**
 * The builds of our split modules into `outdir`, as CommonJS for Node 20.
 * @param {{ outdir: string; production: boolean; absWorkingDir: string }} options
 * @returns {esbuild.BuildOptions[]}
 */
export function moduleBuilds({ outdir, production, absWorkingDir }) {
  return Object.values(MODULE_BUNDLES).map(({ entry, file }) => ({ ...nodeBundle({ outfile: join(outdir, file), production, absWorkingDir }), entryPoints: [entry] }));
}

/**
 * For the hook bundle only: `node:fs/promises` is answered by synchronous calls
 * (`src/node/syncFsPromises.ts`, which says why and what it never does synchronously). esbuild
 * fails the build when code there imports a function the replacement lacks.
 * @returns {esbuild.Plugin}
 */
export function syncFsPlugin() {
  return {
    name: 'sync-fs',
    setup(build) {
      build.onResolve({ filter: /^(?:node:)?fs\/promises$/ }, () => ({ path: join(build.initialOptions.absWorkingDir ?? process.cwd(), 'src', 'node', 'syncFsPromises.ts') }));
    },
  };
}

/** The plugins of `dist/hook-main.js`, for the build and for the test that builds it. */
export const hookMainPlugins = () => [sdkSplitPlugin(), moduleSplitPlugin(), syncFsPlugin()];

const main = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (main) await buildAll();

async function buildAll() {
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
      ...nodeBundle({ outfile: 'dist/extension.js', production, absWorkingDir: root }),
      entryPoints: ['src/extension.ts'],
      external: ['vscode'],
      plugins: [sdkSplitPlugin(), moduleSplitPlugin()],
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
    // The audit log view's page ("Show Audit Log"): its own small bundle, so the sidebar's does not grow.
    {
      ...common,
      entryPoints: ['src/webview/audit.ts'],
      outfile: 'dist/audit.js',
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
    },
    // `ai-guard`: a few lines that start the lean bundle for `scan` (with its code cache), or the full CLI.
    { ...nodeBundle({ outfile: 'dist/cli.js', production, absWorkingDir: root }), entryPoints: ['src/cli/start.ts'], banner: { js: '#!/usr/bin/env node' } },
    {
      ...nodeBundle({ outfile: 'dist/cli-main.js', production, absWorkingDir: root }),
      entryPoints: ['src/cli/index.ts'],
      plugins: [sdkSplitPlugin(), moduleSplitPlugin()],
    },
    // `ai-guard hook <tool>` and `scan` alone, which AI tools and pre-commit hooks run on every
    // prompt, file read or commit: no SDK, no other command, so that the process start is most of
    // its cost (`npm run bench`).
    {
      ...nodeBundle({ outfile: 'dist/hook-main.js', production, absWorkingDir: root }),
      entryPoints: ['src/cli/hookMain.ts'],
      plugins: hookMainPlugins(),
    },
    // What the tools run: starts dist/hook-main.js from a V8 code cache (src/cli/hookLoader.ts).
    { ...nodeBundle({ outfile: 'dist/hook.js', production, absWorkingDir: root }), entryPoints: ['src/cli/hookLoader.ts'], banner: { js: '#!/usr/bin/env node' } },
    // Loaded by the extension and the CLI on a provider's first call (see sdkSplitPlugin).
    ...sdkBuilds({ outdir: 'dist', production, absWorkingDir: root }),
    // Loaded by the extension and the CLI on first use (see moduleSplitPlugin).
    ...moduleBuilds({ outdir: 'dist', production, absWorkingDir: root }),
    // The reference telemetry collector (`npm run collector`). It does not ship in the .vsix
    // (.vscodeignore is an allowlist). Its SQLite is Node's own (node:sqlite); `pg` is bundled.
    // It runs on Node ≥ 22.16 only (see docs/telemetry-collector.md); pg's optional native binding is never used.
    { ...nodeBundle({ outfile: 'dist/collector.js', production, absWorkingDir: root }), target: 'node22', external: ['pg-native'], entryPoints: ['src/collector/main.ts'] },
  ];

  if (tests) {
    const dir = join(root, 'test', 'integration');
    builds.push({
      ...common,
      minify: false,
      sourcemap: 'inline',
      entryPoints: readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `test/integration/${f}`),
      outdir: 'out/test/integration',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // The editor provides vscode; mocha is loaded from node_modules so its globals are shared.
      external: ['vscode', 'mocha'],
    });
  }

  // Start from an empty dist/ so no stale file (a source map from a development build) ships,
  // and from an empty out/test/integration, whose runner loads every *.test.js it finds there
  // (a renamed or deleted suite would otherwise still run).
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  if (tests) rmSync(join(root, 'out', 'test', 'integration'), { recursive: true, force: true });

  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    console.log('[build] watching for changes…');
  } else {
    const started = Date.now();
    await Promise.all(builds.map((options) => esbuild.build(options)));
    console.log(`[build] ${production ? 'production' : 'development'} bundles in ${Date.now() - started} ms`);
  }
}
