import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import SummaryReporter from '../support/summary-reporter.cjs';

/**
 * The in-editor test entry: the editor loads this file in its extension host and calls `run()`.
 * The same contract serves code-server (scripts/lib/integration.mjs) and @vscode/test-electron
 * (test/integration/runWithElectron.mjs) where a desktop VS Code can be had.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: SummaryReporter, ...(process.env.AIGUARD_TEST_GREP ? { grep: process.env.AIGUARD_TEST_GREP } : {}) });
  for (const file of readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (mocha.files.length === 0) {
    throw new Error('No in-editor test file was found.');
  }
  if (failures > 0) {
    throw new Error(`${failures} in-editor test(s) failed.`);
  }
}
