// `dist/hook.js`: starts `dist/hook-main.js` (the hook command) from a V8 code cache kept in the
// user's cache folder, so that later runs skip compiling what earlier ones compiled (about 15 ms
// of a hook's 60 over the process start). Node 20 has no compile cache of its own. A missing,
// stale or rejected cache only costs that time; any failure to start still refuses (exit 2).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const main = join(__dirname, 'hook-main.js');
try {
  const source = readFileSync(main, 'utf8').replace(/^#!.*/, '');
  const info = statSync(main);
  // The key changes with the bundle and with Node, whose cache format is its own.
  const key = createHash('sha256').update(`${main}\0${info.size}\0${info.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  const folder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ai-guard');
  const cacheFile = join(folder, `hook-${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: main, ...(cachedData ? { cachedData } : {}) });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Written at exit, once the run compiled the functions it needed; through a rename, so a reader never sees half a file.
    process.once('exit', () => {
      try {
        mkdirSync(folder, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
      } catch {
        // No cache this time: the next run compiles again.
      }
    });
  }
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, folder: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(main), module, main, dirname(main));
} catch (error) {
  process.stderr.write(`AI Guard failed (${error instanceof Error ? error.message : String(error)}); the request is refused.\n`);
  process.exitCode = 2;
}
