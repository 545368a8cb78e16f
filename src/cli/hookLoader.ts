// `dist/hook.js`: starts `dist/hook-main.js`, the hook command, from its code cache
// (`codeCache.ts`). Any failure to start still refuses: exit 2, the reason on stderr.
import { join } from 'node:path';
import { startFromCodeCache } from './codeCache';

startFromCodeCache(join(__dirname, 'hook-main.js'), (message) => {
  process.stderr.write(`AI Guard failed (${message}); the request is refused.\n`);
  process.exitCode = 2;
});
