// `dist/hook.js`: starts `dist/hook-main.js` (the hook command) from a V8 code cache kept in the
// user's cache folder, so that later runs skip compiling what earlier ones compiled (about 15 ms
// of a hook's 60 over the process start). Node 20 has no compile cache of its own. A missing,
// stale, damaged or rejected cache only costs that time; any failure to start still refuses (exit 2).
//
// V8 checks a code cache's header (its version, flags and source) but, in release builds, not its
// payload: a cache damaged on disk could crash the process, and a crash is not a refusal (Claude
// Code, for one, reads any exit code but 2 as "go on"). So the file carries the sha256 of its
// payload, checked before V8 sees it, and is used only when it is a regular file of this user's
// that nobody else may write, in a folder only this user may enter. That guards against damage
// and other users; it cannot guard against this same user, who could as well set NODE_OPTIONS
// for every process (docs/ai-tools.md says so).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { privateFolder, readCodeCache, writeCodeCache } from './codeCache';

const main = join(__dirname, 'hook-main.js');
try {
  const source = readFileSync(main, 'utf8').replace(/^#!.*/, '');
  const info = statSync(main);
  // The key changes with the bundle and with Node, whose cache format is its own.
  const key = createHash('sha256').update(`${main}\0${info.size}\0${info.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  const folder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ai-guard');
  const cacheFile = join(folder, `hook-${key}.v8`);
  const uid = process.getuid?.();
  const cachedData = privateFolder(folder, uid) ? readCodeCache(cacheFile, uid) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: main, ...(cachedData ? { cachedData } : {}) });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Written at exit, once the run compiled the functions it needed.
    process.once('exit', () => {
      try {
        writeCodeCache(folder, cacheFile, script.createCachedData());
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
