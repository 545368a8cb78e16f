// @ts-check
// `node scripts/redaction-ab.mjs [revision] [--digest]`: the redaction engine of this tree against
// the one of `revision` (by default HEAD), bundled and minified as they ship, in one process:
// the findings each reports on every corpus (their digests must be equal for a change meant to
// leave detection alone) and, unless --digest, each one's CPU time on the same inputs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = join(import.meta.dirname, '..');
const revision = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'HEAD';
const work = join(tmpdir(), `redaction-ab-${process.pid}`);
const baseTree = join(work, 'base');
mkdirSync(baseTree, { recursive: true });
try {
  execFileSync('sh', ['-c', `git archive ${JSON.stringify(revision)} src | tar -x -C ${JSON.stringify(baseTree)}`], { cwd: root, stdio: 'inherit' });
  symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
  /** @param {string} tree @param {string} name */
  const bundleEngine = async (tree, name) => {
    const outfile = join(work, `${name}.cjs`);
    await esbuild.build({
      entryPoints: [join(tree, 'src', 'core', 'redaction', 'index.ts')],
      outfile,
      bundle: true,
      minify: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    });
    return outfile;
  };
  const engines = [`base=${await bundleEngine(baseTree, 'base')}`, `this=${await bundleEngine(root, 'this')}`];
  const harness = join(work, 'harness.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'scripts', 'redaction-ab.ts')],
    outfile: harness,
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: ['@secretlint/*'],
  });
  execFileSync(process.execPath, [harness, ...process.argv.slice(2).filter((arg) => arg.startsWith('--'))], { cwd: root, stdio: 'inherit', env: { ...process.env, AB_ENGINES: engines.join(',') } });
} finally {
  rmSync(work, { recursive: true, force: true });
}
