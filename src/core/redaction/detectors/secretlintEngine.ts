import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';

/*
 * secretlint itself, apart from the detector that decides when to call it (`secretlint.ts`):
 * the largest piece of the engine (about 330 KiB minified, a third of the extension), needed only
 * when a scan finds one of its triggers. The extension and the CLI bundle it into a file of its
 * own (`dist/secretlint.js`, see scripts/build.mjs), required on first use, so activation does
 * not parse it.
 *
 * secretlint's core records a performance mark for every rule of every lint, and its profiler
 * keeps every entry in memory and searches them linearly on each new mark. In a long-lived
 * process (the extension host, a server) that is a leak and a slowdown that grows with every
 * scan: it was most of the scan time after a few thousand files. We do not use its profile, so
 * the shared profiler's `mark` does nothing.
 */
secretLintProfiler.mark = () => undefined;

/*
 * Its PerformanceObserver still sees every mark of the process, whoever makes it (another copy of
 * secretlint, as when a tool and a test load it both as CommonJS and as a module, or any other
 * library), keeps each one, and searches all it kept for each new one: after some 100,000 marks a
 * single lint waited minutes for that backlog (the benchmark's hard negatives). Its private lists
 * are replaced with ones that keep nothing, so the observer's work is constant per mark.
 */
const keepNothing = <T>(): T[] => Object.assign<T[], Pick<T[], 'push'>>([], { push: () => 0 });
Object.assign(secretLintProfiler as unknown as Record<string, unknown>, { entries: keepNothing(), measures: keepNothing(), executionPromises: keepNothing() });

export { lintSource, presetRecommend };
