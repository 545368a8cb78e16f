import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type * as Build from '../../scripts/build.mjs';
import { repoRoot } from './repo';

/** scripts/build.mjs builds nothing when imported: it exports the split builds and their plugins. */
export const loadBuild = async () => (await import('../../scripts/build.mjs')) as typeof Build;

/** Bundles `entry` (relative to the repository) into `outfile` as the extension and the CLI are bundled: CommonJS for Node 20, minified. */
export function bundleAsShipped(entry: string, outfile: string, plugins: esbuild.Plugin[]): Promise<esbuild.BuildResult> {
  return esbuild.build({ entryPoints: [join(repoRoot, entry)], outfile, bundle: true, minify: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent', plugins });
}
