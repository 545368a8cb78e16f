// @ts-check
// Runs the same in-editor suites in a desktop VS Code through @vscode/test-electron, on the
// minimum supported version (engines.vscode) and on stable. It downloads VS Code, so it only
// works where that download is possible; the offline harness is scripts/lib/integration.mjs.
// Usage: npm run test:integration:electron  (VSCODE_VERSIONS="1.96.0 stable" to choose)
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = join(import.meta.dirname, '..', '..');
const versions = (process.env.VSCODE_VERSIONS || '1.96.0 stable').split(/\s+/).filter(Boolean);
let failed = 0;
for (const version of versions) {
  try {
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [join(root, 'test', 'fixtures', 'demo-workspace'), '--disable-extensions', '--disable-workspace-trust'],
    });
    console.log(`VS Code ${version}: passed`);
  } catch (error) {
    failed++;
    console.error(`VS Code ${version}: failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(`${versions.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
