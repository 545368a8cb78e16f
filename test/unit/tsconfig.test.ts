import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { repoRoot } from '../support/repo';

/** A tsconfig file, with its comments. */
const readConfig = <T>(file: string): T => parse(readFileSync(join(repoRoot, file), 'utf8')) as T;

/** The compiler options every file is checked with, so that none is loosened without this failing. */
describe('tsconfig.base.json', () => {
  it('checks strictly: strict, indexed access maybe undefined, and an optional key absent or defined', () => {
    const { compilerOptions } = readConfig<{ compilerOptions: Record<string, unknown> }>('tsconfig.base.json');
    for (const option of ['strict', 'noUncheckedIndexedAccess', 'exactOptionalPropertyTypes', 'noImplicitOverride', 'noFallthroughCasesInSwitch']) assert.equal(compilerOptions[option], true, option);
  });

  it('is what every TypeScript project of the repository extends', () => {
    for (const file of ['tsconfig.json', 'src/webview/tsconfig.json']) {
      const { extends: base } = readConfig<{ extends?: string }>(file);
      assert.ok(base?.endsWith('tsconfig.base.json'), `${file} extends ${String(base)}`);
    }
  });
});
