// `dist/cli.js`, the `ai-guard` executable: `scan`, which pre-commit hooks and editor-less tools
// run on every commit or file, starts from the lean bundle (`dist/hook-main.js`) and its code
// cache; every other command from the full CLI (`dist/cli-main.js`). Both read the command line
// through one table (`args.ts`), so the choice never changes what a command does.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { leanCommandOf } from './args';
import { startFromCodeCache } from './codeCache';

if (leanCommandOf(process.argv.slice(2)) !== undefined) {
  startFromCodeCache(join(__dirname, 'hook-main.js'), (message) => {
    process.stderr.write(`ai-guard: could not start (${message}).\n`);
    process.exitCode = 2;
  });
} else {
  createRequire(__filename)(join(__dirname, 'cli-main.js'));
}
