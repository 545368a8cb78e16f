// @ts-check
// Runs the in-editor suites (out/test/integration, built by `node scripts/build.mjs --tests`)
// inside code-server's extension host, the way @vscode/test-electron does with a desktop build:
// the workbench opens with a payload naming extensionDevelopmentPath and extensionTestsPath,
// and the exit code comes back through window.codeAutomationExit.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { copyDemoWorkspace, ensureEditor, repoRoot, startCodeServer } from './editor.mjs';

const TIMEOUT_MS = 180_000;
const testsEntry = join(repoRoot, 'out', 'test', 'integration', 'index.js');
if (!existsSync(testsEntry)) {
  console.error(`${testsEntry} is missing: run 'node scripts/build.mjs --tests' first (npm test does).`);
  process.exit(1);
}

ensureEditor({ browser: true });
const folder = copyDemoWorkspace();
const server = await startCodeServer({ folder, smokeTestDriver: true, label: 'integration' });
const resultsFile = join(server.workDir, 'results.json');
/** @type {import('playwright-core').Browser | undefined} */
let browser;
let exitCode = 1;
const stopAll = async () => {
  await browser?.close().catch(() => undefined);
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));

try {
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${server.host}${repoRoot}`],
    ['extensionTestsPath', `vscode-remote://${server.host}${testsEntry}`],
    // AIGUARD_TEST_GREP runs only the in-editor tests whose title matches (as mocha's --grep).
    ['extensionEnvironment', JSON.stringify({ AIGUARD_TEST_RESULTS: resultsFile, ...(process.env.AIGUARD_TEST_GREP ? { AIGUARD_TEST_GREP: process.env.AIGUARD_TEST_GREP } : {}) })],
  ];
  browser = await launchChromium();
  // The copy command writes the browser's clipboard: allow it, as a person's browser would.
  const browserContext = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await browserContext.newPage();
  /** @type {(code: unknown) => void} */
  let onExit = () => undefined;
  const exited = new Promise((resolve) => (onExit = resolve));
  await page.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code) => onExit(code));
  await page.exposeFunction('codeAutomationLog', () => undefined);
  // Errors thrown in the page itself are worth seeing; the test results come from resultsFile.
  page.on('pageerror', (error) => console.log(`[workbench] ${error.message}`));
  const started = Date.now();
  await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }));
  let timer;
  const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)))]);
  clearTimeout(timer);
  console.log(`extension host exited with ${String(code)} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (existsSync(resultsFile)) {
    /** @type {{ passed: number; failed: number; skipped: number; tests: Array<{ title: string; state: string; error?: string }> }} */
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const test of results.tests) {
      console.log(`  ${test.state === 'passed' ? '✔' : test.state === 'skipped' ? '-' : '✘'} ${test.title}`);
      if (test.error)
        console.log(
          test.error
            .split('\n')
            .slice(0, 12)
            .map((l) => `      ${l}`)
            .join('\n'),
        );
    }
    exitCode = code === 0 && results.failed === 0 && results.passed > 0 ? 0 : 1;
    console.log(`${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
  } else {
    console.log(`The in-editor tests wrote no results (exit ${String(code)}). code-server log tail:`);
    console.log(readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n'));
    console.log('0 passed, 1 failed');
  }
} catch (error) {
  console.error(error);
  console.log('0 passed, 1 failed');
} finally {
  await stopAll();
}
process.exit(exitCode);
